package ai.eternego.memory;

import static ai.eternego.memory.Days.BOUND;
import static ai.eternego.memory.Days.awaitBeats;
import static ai.eternego.memory.Days.awaitNight;
import static ai.eternego.memory.Days.chat;
import static ai.eternego.memory.Days.herHome;
import static ai.eternego.memory.Days.put;
import static ai.eternego.memory.Days.reflection;
import static ai.eternego.memory.Days.reflectionAnswers;
import static ai.eternego.memory.Days.text;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
import ai.eternego.testing.Upstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * She reflects with her Mind before her nightly diary, and by day after an hour without a message: the
 * files she knows are rewritten from her answer and carried by her next prompt; a failed reflection
 * changes no file, never stops her diary, and is tried again the next night with the day it missed.
 */
@QuarkusTest
@TestProfile(Living.class)
@WithTestResource(FakeWorld.class)
class ReflectionTest {

    static final String KEY = "sk-ant-REFLECT-5555";

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
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(10), "Lovely.");
    }

    @AfterEach
    void realTime() {
        clock.reset();
        personas.purgeAll(home);
    }

    @Test
    void herNightRewritesWhatSheKnowsHerDiaryHoldsItAndHerNextPromptCarriesIt() throws Exception {
        clock.set(Instant.parse("2031-04-01T23:00:00Z"));
        JsonPath born = given().contentType(ContentType.JSON).body(Map.of("name", "Lyra", "thinking_model",
                "claude-sonnet-4-6", "thinking_provider", "anthropic", "thinking_api_key", KEY))
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath();
        String id = born.getString("persona.id");
        personas.add(id);
        awaitNight(home, id, "2031-04-01");
        put(id, "wishes.md", "- Learn to sail\n");
        reflectionAnswers(wm, KEY, "{\"identity\": \"# Person\\n\\n- Name: Zoë\\n- Sails at dawn\", "
                + "\"traits\": [\"Decides fast\", \"Revisits slowly\"], \"persona_traits\": \"- Gentle\"}", Duration.ZERO);
        chat(id, "I am Zoë and I sail at dawn.");
        assertEquals(0, wm.findAll(reflection()).size(), "no reflection by day before an hour of silence");

        clock.set(Instant.parse("2031-04-02T00:00:30Z"));
        awaitNight(home, id, "2031-04-02");
        wm.verify(1, reflection().withRequestBody(containing("I am Zoë and I sail at dawn."))
                .withRequestBody(containing("- Learn to sail")));
        Path her = herHome(home, id);
        assertEquals("# Person\n\n- Name: Zoë\n- Sails at dawn\n", text(her.resolve("person.md")));
        assertEquals("- Decides fast\n- Revisits slowly\n", text(her.resolve("traits.md")));
        assertEquals("- Gentle\n", text(her.resolve("persona-trait.md")));
        assertEquals("- Learn to sail\n", text(her.resolve("wishes.md")), "a field left out keeps its file");
        assertFalse(Files.exists(her.resolve("notes.md")));
        assertTrue(text(her.resolve("history/conversation-2031-04-02.md")).contains("I am Zoë"));

        // the diary written that night opens in upstream's reader and holds what she now knows
        Path opened = Files.createTempDirectory(home, "opened");
        Upstream.Verdict verdict = Upstream.verifyDiary(home.resolve("diary").resolve(id).resolve(id + ".diary"),
                born.getString("recovery_phrase"), "--extract", opened.toString());
        assertEquals(0, verdict.exitCode(), verdict.output());
        assertEquals(text(her.resolve("person.md")), text(opened.resolve("person.md")));
        assertEquals(text(her.resolve("persona-trait.md")), text(opened.resolve("persona-trait.md")));
        assertTrue(text(opened.resolve("history/conversation-2031-04-02.md")).contains("I am Zoë"));

        chat(id, "Good morning!");
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))
                .withRequestBody(containing("Good morning!")).withRequestBody(containing("Sails at dawn"))
                .withRequestBody(containing("Revisits slowly")).withRequestBody(notContaining("persona_traits")));
    }

    @Test
    void aFailedReflectionChangesNoFileHerDiaryIsWrittenAndTheNextNightTriesAgain() throws Exception {
        clock.set(Instant.parse("2031-05-01T23:00:00Z"));
        String id = personas.withAnthropicMind("Lyra", KEY);
        awaitNight(home, id, "2031-05-01");
        put(id, "person.md", "# Person\n\n- Name: Zoë\n");
        put(id, "traits.md", "- Patient\n");
        Path her = herHome(home, id);
        Map<String, byte[]> before = snapshot(her);
        reflectionAnswers(wm, KEY, "Sorry, I would rather tell you in words.", Duration.ZERO);
        chat(id, "Day one: my cat is called Pixel.");
        Path diary = home.resolve("diary").resolve(id).resolve(id + ".diary");
        long diaryBefore = Files.getLastModifiedTime(diary).toMillis();

        clock.set(Instant.parse("2031-05-02T00:00:30Z"));
        awaitNight(home, id, "2031-05-02");
        wm.verify(1, reflection().withRequestBody(containing("Pixel")));
        Map<String, byte[]> after = snapshot(her);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " changed"));
        assertTrue(text(her.resolve("history/conversation-2031-05-02.md")).contains("Pixel"), "her day is kept");
        assertTrue(Files.getLastModifiedTime(diary).toMillis() >= diaryBefore);
        assertEquals(1, Days.lines(her.resolve("history/briefing.md")).size(), "her sleep went on");

        // her Mind answers again: the next night she reflects on both days
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(10), "Lovely.");
        reflectionAnswers(wm, KEY, "Here it is: {\"identity\": \"# Person\\n\\n- Name: Zoë\\n- Cat: Pixel\\n- Runs on "
                + "Sundays\"}", Duration.ZERO);
        chat(id, "Day two: I run on Sundays.");
        clock.set(Instant.parse("2031-05-03T00:00:30Z"));
        awaitNight(home, id, "2031-05-03");
        wm.verify(1, reflection().withRequestBody(containing("Pixel")).withRequestBody(containing("Sundays")));
        assertEquals("# Person\n\n- Name: Zoë\n- Cat: Pixel\n- Runs on Sundays\n", text(her.resolve("person.md")));
        assertEquals("- Patient\n", text(her.resolve("traits.md")));
    }

    @Test
    void anHourOfSilenceByDayIsEnoughAndAMessageMeanwhileDropsIt() {
        clock.set(Instant.parse("2031-06-01T10:00:00Z"));
        String id = personas.withAnthropicMind("Lyra", KEY);
        awaitNight(home, id, "2031-06-01");
        Path her = herHome(home, id);
        reflectionAnswers(wm, KEY, "{\"context\": \"- She plans a trip to Brest\"}", Duration.ZERO);
        chat(id, "I am planning a trip to Brest.");
        awaitBeats(home, id);
        clock.set(Instant.parse("2031-06-01T10:59:00Z"));
        awaitBeats(home, id);
        assertNull(text(her.resolve("notes.md")), "not an hour yet");
        assertEquals(0, wm.findAll(reflection()).size());

        clock.set(Instant.parse("2031-06-01T11:00:01Z"));
        await().atMost(BOUND).until(() -> "- She plans a trip to Brest\n".equals(text(her.resolve("notes.md"))));
        wm.verify(1, reflection().withRequestBody(containing("trip to Brest")));
        awaitBeats(home, id);
        assertEquals(1, wm.findAll(reflection()).size(), "one reflection for one silence");

        // a message heard while she reflects by day: what she wrote is dropped, and she reflects later
        reflectionAnswers(wm, KEY, "{\"context\": \"- Brest is off\"}", Duration.ofSeconds(2));
        chat(id, "Actually, Brest is off.");
        awaitBeats(home, id);
        clock.set(Instant.parse("2031-06-01T12:00:02Z"));
        await().atMost(BOUND).until(() -> wm.findAll(reflection()).size() == 2);
        chat(id, "Let us go to Lisbon instead.");
        awaitBeats(home, id);
        await().atMost(BOUND).until(() -> wm.findAll(reflection()).size() == 2);
        await().during(Duration.ofSeconds(3)).atMost(BOUND)
                .until(() -> "- She plans a trip to Brest\n".equals(text(her.resolve("notes.md"))));
    }

    @Test
    void theIdleTimeoutOfHerRecordIsTheSilenceSheWaitsBeforeSheReflects() throws Exception {
        clock.set(Instant.parse("2031-06-01T10:00:00Z"));
        String id = personas.withAnthropicMind("Lyra", KEY);
        awaitNight(home, id, "2031-06-01");
        Path her = herHome(home, id);
        Path record = her.resolve("config.json");
        String ten = text(record).replace("\"idle_timeout\" : 3600", "\"idle_timeout\" : 600");
        assertTrue(ten.contains("\"idle_timeout\" : 600"), ten);
        Path edited = Files.writeString(her.resolve("config.json.edit"), ten, StandardCharsets.UTF_8);
        Files.move(edited, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        reflectionAnswers(wm, KEY, "{\"context\": \"- She plans a trip to Brest\"}", Duration.ZERO);
        chat(id, "I am planning a trip to Brest.");
        awaitBeats(home, id);
        clock.set(Instant.parse("2031-06-01T10:09:00Z"));
        awaitBeats(home, id);
        assertNull(text(her.resolve("notes.md")), "not ten minutes yet");
        assertEquals(0, wm.findAll(reflection()).size());

        clock.set(Instant.parse("2031-06-01T10:10:01Z"));
        await().atMost(BOUND).until(() -> "- She plans a trip to Brest\n".equals(text(her.resolve("notes.md"))));
        assertEquals(1, wm.findAll(reflection()).size(), "ten minutes of her record, not the hour of the config");
    }

    private static Map<String, byte[]> snapshot(Path her) throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        for (String name : KnownFiles.NAMES) {
            Path file = her.resolve(name);
            if (Files.exists(file)) {
                files.put(name, Files.readAllBytes(file));
            }
        }
        return files;
    }
}
