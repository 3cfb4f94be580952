package ai.eternego.memory;

import static ai.eternego.memory.Days.BOUND;
import static ai.eternego.memory.Days.awaitBeats;
import static ai.eternego.memory.Days.conversation;
import static ai.eternego.memory.Days.herHome;
import static ai.eternego.memory.Days.text;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.agent.Living;
import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeTelegram;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.TelegramWorld;
import ai.eternego.testing.TestClock;
import ai.eternego.testing.ToolMind;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * A reminder she saves while talking on Telegram (her Mind's native call) is brought up on Telegram when
 * it is due on her clock, even when the person spoke to her on the page since; once, not again.
 */
@QuarkusTest
@TestProfile(Living.class)
@WithTestResource(TelegramWorld.class)
class RemindersOnChannelTest {

    static final String KEY = "sk-ant-REMIND-TG-8080";
    static final String TOKEN = "777777:TG-remind-CCCC";
    static final long CHAT = 700;
    static final Pattern CODE = Pattern.compile("\\b([0-9A-F]{6})\\b");
    static final String SAID = "Saved. I will remind you at 15:00.";

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    TestClock clock;

    final CreatedPersonas personas = new CreatedPersonas();
    FakeTelegram tg;

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        tg = TelegramWorld.telegram();
    }

    @AfterEach
    void realTime() {
        clock.reset();
        personas.purgeAll(home);
    }

    private String pairedOnTelegram() {
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "Vega", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s", "telegram_token": "%s"}""".formatted(KEY, TOKEN))
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");
        personas.add(id);
        await().atMost(BOUND).until(() -> tg.parked(TOKEN) == 1);
        long hello = tg.push(TOKEN, CHAT, "hello, who are you?");
        await().atMost(BOUND).until(() -> !tg.sent(TOKEN, CHAT).isEmpty() && tg.confirmed(TOKEN, hello));
        Matcher code = CODE.matcher(tg.sent(TOKEN, CHAT).get(0));
        assertTrue(code.find(), "the claimant is given a code");
        given().contentType(ContentType.JSON).body("{\"code\": \"" + code.group(1) + "\"}")
                .post("/api/persona/" + id + "/pair").then().statusCode(200);
        return id;
    }

    private long sent(String text) {
        return tg.sent(TOKEN, CHAT).stream().filter(text::equals).count();
    }

    @Test
    void aReminderSetOnTelegramFiresOnTelegram() {
        clock.set(Instant.parse("2031-07-01T14:00:00Z"));
        String id = pairedOnTelegram();
        ToolMind.ANTHROPIC.script(wm, "save_destiny", "{\"kind\": \"reminder\", \"time\": \"2031-07-01 15:00\", "
                + "\"text\": \"Call mum\"}", null, SAID);

        long asked = tg.push(TOKEN, CHAT, "Remind me at 15:00 to call mum");
        await().atMost(BOUND).until(() -> tg.confirmed(TOKEN, asked) && sent(SAID) == 1);
        Path her = herHome(home, id);
        assertEquals("Call mum\n", text(her.resolve("destiny/reminder-2031-07-01-15-00-20310701140000.md")),
                "upstream's file, untouched by where it was set");
        Path channels = home.resolve("personas").resolve(id).resolve("workspace").resolve("destiny-channels.json");
        assertTrue(text(channels).contains("\"reminder-2031-07-01-15-00-20310701140000.md\""), text(channels));

        // she is spoken to on the page since: the last channel used is no longer Telegram
        given().contentType(ContentType.JSON).body(Map.of("message", "I am at my desk now"))
                .post("/api/persona/" + id + "/chat").then().statusCode(200);
        List<Map<String, Object>> before = conversation(id);
        assertEquals(Map.of("type", "web", "name", "web"), before.get(before.size() - 2).get("channel"));

        clock.set(Instant.parse("2031-07-01T14:59:00Z"));
        awaitBeats(home, id);
        assertEquals(0, sent("A reminder: Call mum"), "not due yet");

        clock.set(Instant.parse("2031-07-01T15:00:00Z"));
        await().atMost(BOUND).until(() -> sent("A reminder: Call mum") == 1);
        List<Map<String, Object>> lines = conversation(id);
        Map<String, Object> reminder = lines.stream().filter(l -> "A reminder: Call mum".equals(l.get("content")))
                .findFirst().orElseThrow();
        assertEquals(Map.of("type", "telegram", "name", String.valueOf(CHAT)), reminder.get("channel"),
                "on the channel where it was set");
        assertTrue(Files.exists(her.resolve("history/reminder-2031-07-01-15-00-20310701140000-2031-07-01.md")));
        assertFalse(text(channels).contains("reminder-2031-07-01-15-00"), "forgotten once it fired");
        awaitBeats(home, id);
        assertEquals(1, sent("A reminder: Call mum"), "once");
        assertEquals(1, conversation(id).stream().filter(l -> "A reminder: Call mum".equals(l.get("content"))).count());
    }
}
