package ai.eternego.agent;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.DiaryReader;
import ai.eternego.store.PersonaLocks;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.TestClock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * At her sleep the day's conversation moves to {@code history/conversation-<date>.md}, listed in
 * {@code history/briefing.md}; her conversation starts empty, and her diary written right after holds it.
 */
@QuarkusTest
@TestProfile(Living.class)
@WithTestResource(FakeWorld.class)
class NightlyHistoryTest {

    static final String KEY = "sk-ant-HISTORY-3333";
    static final Duration BOUND = Duration.ofSeconds(20);
    static final Pattern LINE = Pattern.compile("\\[\\d{4}-\\d{2}-\\d{2}T[0-9:.]+[+-]\\d{2}:\\d{2}] (person|persona): .*");

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    TestClock clock;

    @Inject
    PersonaLocks locks;

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(10), "Good ", "night.");
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private JsonPath create() {
        return given().contentType(ContentType.JSON).body("{\"name\": \"Lyra\", \"thinking_model\": \"claude-sonnet-4-6\", "
                + "\"thinking_provider\": \"anthropic\", \"thinking_api_key\": \"" + KEY + "\"}")
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath();
    }

    private static void chat(String id, String text) {
        given().contentType(ContentType.JSON).body("{\"message\": \"" + text + "\"}").post("/api/persona/" + id + "/chat")
                .then().statusCode(200);
    }

    private Path herHome(String id) {
        return home.resolve("personas").resolve(id).resolve("home");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String lastSleep(String id) {
        Path state = home.resolve("personas").resolve(id).resolve("workspace").resolve(Routines.STATE);
        return Files.exists(state) ? JsonPath.from(state.toFile()).getString("sleep") : null;
    }

    private static List<Map<String, Object>> conversation(String id) {
        return given().get("/api/persona/" + id + "/conversation").then().statusCode(200).extract().jsonPath()
                .getList("messages");
    }

    @Test
    void herNightMovesTheDayToHistoryTwiceADayAppendsAndHerDiaryHoldsIt() throws Exception {
        clock.set(Instant.parse("2031-04-01T23:00:00Z"));
        JsonPath created = create();
        String id = created.getString("persona.id");
        Path history = herHome(id).resolve("history");
        Path day = history.resolve("conversation-2031-04-02.md");
        try {
            await().atMost(BOUND).until(() -> "2031-04-01".equals(lastSleep(id)));
            chat(id, "How was your day?");
            chat(id, "Tell me more.");

            // midnight passes: her nightly sleep keeps the day in her history, then writes her diary
            clock.set(Instant.parse("2031-04-02T00:00:30Z"));
            await().atMost(BOUND).until(() -> "2031-04-02".equals(lastSleep(id)));
            List<String> night = lines(day);
            assertEquals(4, night.size(), night.toString());
            assertTrue(night.stream().allMatch(l -> LINE.matcher(l).matches()), night.toString());
            assertTrue(night.get(0).endsWith("] person: How was your day?"), night.get(0));
            assertTrue(night.get(1).endsWith("] persona: Good night."), night.get(1));
            assertTrue(night.get(2).endsWith("] person: Tell me more."), night.get(2));
            assertEquals(List.of("- 2031-04-02T00:00:30.000000+00:00: conversation-2031-04-02.md"),
                    lines(history.resolve("briefing.md")));
            assertEquals(0, Files.size(herHome(id).resolve("conversation.jsonl")));
            assertEquals(List.of(), conversation(id));

            Path restored = Files.createTempDirectory(home, "restored");
            DiaryReader.extract(home.resolve("diary").resolve(id).resolve(id + ".diary"),
                    DiaryKey.derive(created.getString("recovery_phrase"), id), restored,
                    new DiaryReader.Limits(1L << 30, 1000, 1L << 30, 200, 100));
            assertEquals(night, lines(restored.resolve("history/conversation-2031-04-02.md")),
                    "the diary written after it holds the history");

            // she sleeps again the same day: the day's file grows, it is never overwritten
            chat(id, "One more thing.");
            clock.set(Instant.parse("2031-04-02T13:15:00Z"));
            given().post("/api/persona/" + id + "/sleep").then().statusCode(200);
            List<String> both = lines(day);
            assertEquals(6, both.size(), both.toString());
            assertEquals(night, both.subList(0, 4));
            assertTrue(both.get(4).endsWith("] person: One more thing."), both.get(4));
            assertEquals(List.of("- 2031-04-02T00:00:30.000000+00:00: conversation-2031-04-02.md",
                    "- 2031-04-02T13:15:00.000000+00:00: conversation-2031-04-02.md"), lines(history.resolve("briefing.md")));
            assertEquals(List.of(), conversation(id));

            // nothing heard since: a sleep adds nothing
            given().post("/api/persona/" + id + "/sleep").then().statusCode(200);
            assertEquals(both, lines(day));
            assertEquals(2, lines(history.resolve("briefing.md")).size());
        } finally {
            given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
        }
    }

    @Test
    void aMessageHeardDuringHerSleepWaitsAndIsKeptAfterIt() throws Exception {
        String id = create().getString("persona.id");
        Path conversationFile = herHome(id).resolve("conversation.jsonl");
        try {
            chat(id, "Before you sleep.");
            CompletableFuture<Integer> during = locks.locked(id, () -> {
                // her lock is what her sleep holds: the message cannot be kept until it is released
                CompletableFuture<Integer> hear = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                        .body("{\"message\": \"Are you asleep?\"}").post("/api/persona/" + id + "/hear").statusCode());
                await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                        .until(() -> !hear.isDone() && lines(conversationFile).size() == 2);
                return hear;
            });
            assertEquals(200, during.get(20, TimeUnit.SECONDS));
            await().atMost(BOUND).until(() -> lines(conversationFile).size() == 4);
            List<Map<String, Object>> after = conversation(id);
            assertEquals("Are you asleep?", after.get(2).get("content"));
            assertEquals("persona", after.get(3).get("role"));
        } finally {
            given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
        }
    }
}
