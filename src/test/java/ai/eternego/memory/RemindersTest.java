package ai.eternego.memory;

import static ai.eternego.memory.Days.BOUND;
import static ai.eternego.memory.Days.awaitBeats;
import static ai.eternego.memory.Days.awaitNight;
import static ai.eternego.memory.Days.chat;
import static ai.eternego.memory.Days.conversation;
import static ai.eternego.memory.Days.herHome;
import static ai.eternego.memory.Days.text;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.agent.Living;
import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.TestClock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * A reminder comes due on her clock: it moves to her history and she brings it up once, on the channel
 * she was last spoken to on, not again after a restart; a daily one is written again and fires the next day.
 */
@QuarkusTest
@TestProfile(Living.class)
@WithTestResource(FakeWorld.class)
class RemindersTest {

    static final String KEY = "sk-ant-REMIND-6666";

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    TestClock clock;

    final CreatedPersonas personas = new CreatedPersonas();

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(10), "Of course.");
    }

    @AfterEach
    void realTime() {
        clock.reset();
        personas.purgeAll(home);
    }

    private static long said(String id, String text) {
        return conversation(id).stream().filter(m -> "persona".equals(m.get("role")) && text.equals(m.get("content")))
                .count();
    }

    @Test
    void aDueReminderIsBroughtUpOnceEvenAcrossARestartAndADailyOneComesBack() throws Exception {
        clock.set(Instant.parse("2031-07-01T14:00:00Z"));
        String id = personas.withAnthropicMind("Lyra", KEY);
        awaitNight(home, id, "2031-07-01");
        Path her = herHome(home, id);
        Path destiny = her.resolve("destiny");
        Files.createDirectories(destiny);
        Files.writeString(destiny.resolve("reminder-2031-07-01-15-00-20310701140000.md"), "Call mum\n",
                StandardCharsets.UTF_8);
        Files.writeString(destiny.resolve("reminder-2031-07-01-15-30-20310701140001.md"),
                "Water the plants\nrecurrence: daily\n", StandardCharsets.UTF_8);
        chat(id, "Remind me at 15:00 to call mum.");

        clock.set(Instant.parse("2031-07-01T14:59:00Z"));
        awaitBeats(home, id);
        assertEquals(0, said(id, "A reminder: Call mum"), "not due yet");

        clock.set(Instant.parse("2031-07-01T15:00:00Z"));
        await().atMost(BOUND).until(() -> said(id, "A reminder: Call mum") == 1);
        List<Map<String, Object>> lines = conversation(id);
        Map<String, Object> reminder = lines.get(lines.size() - 1);
        assertEquals(Map.of("type", "web", "name", "web"), reminder.get("channel"), "where she was last spoken to");
        assertFalse(Files.exists(destiny.resolve("reminder-2031-07-01-15-00-20310701140000.md")));
        assertEquals("Call mum\n", text(her.resolve("history/reminder-2031-07-01-15-00-20310701140000-2031-07-01.md")));
        assertTrue(Files.exists(destiny.resolve("reminder-2031-07-01-15-30-20310701140001.md")), "not due yet");

        given().post("/api/persona/" + id + "/restart").then().statusCode(200);
        awaitBeats(home, id);
        awaitBeats(home, id);
        assertEquals(1, said(id, "A reminder: Call mum"), "once, even across a restart");

        clock.set(Instant.parse("2031-07-01T15:30:00Z"));
        await().atMost(BOUND).until(() -> said(id, "A reminder: Water the plants") == 1);
        assertEquals("Water the plants\nrecurrence: daily\n",
                text(destiny.resolve("reminder-2031-07-02-15-30-20310701140001.md")), "a daily one is written again");
        assertTrue(Files.exists(her.resolve("history/reminder-2031-07-01-15-30-20310701140001-2031-07-01.md")));
        awaitBeats(home, id);
        assertEquals(1, said(id, "A reminder: Water the plants"));

        // the night passes (her conversation moves to her history), and the next day it comes back, once
        clock.set(Instant.parse("2031-07-02T15:30:00Z"));
        await().atMost(BOUND).until(() -> said(id, "A reminder: Water the plants") == 1
                && Files.exists(her.resolve("history/reminder-2031-07-02-15-30-20310701140001-2031-07-02.md")));
        awaitBeats(home, id);
        assertEquals(1, said(id, "A reminder: Water the plants"));
        List<Map<String, Object>> today = conversation(id);
        assertEquals(1, today.size(), today.toString());
        assertNull(today.get(0).get("channel"), "she heard nothing since her sleep");
        assertTrue(Files.exists(destiny.resolve("reminder-2031-07-03-15-30-20310701140001.md")));
        assertTrue(text(her.resolve("history/conversation-2031-07-02.md")).contains("persona: A reminder: Call mum"));
    }
}
