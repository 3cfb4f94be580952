package ai.eternego.memory;

import static ai.eternego.memory.Days.answers;
import static ai.eternego.memory.Days.chat;
import static ai.eternego.memory.Days.conversation;
import static ai.eternego.memory.Days.herHome;
import static ai.eternego.memory.Days.text;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.TestClock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Her abilities in upstream's wire form: her Mind's call is kept with its TOOL_RESULT and she answers in
 * words; a reminder she saves lands in {@code destiny/} under upstream's name; an unknown ability is
 * answered "unknown ability" and nothing runs.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class AbilitiesTest {

    static final String KEY = "sk-ant-ABILITY-7777";
    static final ZonedDateTime NOW = ZonedDateTime.of(2031, 7, 1, 14, 0, 0, 0, ZoneOffset.UTC);

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    TestClock clock;

    @Inject
    Abilities abilities;

    final CreatedPersonas personas = new CreatedPersonas();

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(10), "Hello.");
    }

    @AfterEach
    void realTime() {
        clock.reset();
        personas.purgeAll(home);
    }

    @Test
    void remindMeAtThreeSavesHerDestinyAndSheAnswersInWords() {
        clock.set(NOW.toInstant());
        String id = personas.withAnthropicMind("Lyra", KEY);
        // equal priorities: the newest stub wins, so the answer to her call's result comes last
        answers(wm, KEY, "call mum", 1, "{\"tools.save_destiny\": {\"kind\": \"reminder\", \"time\": \"2031-07-01 15:00\", "
                + "\"text\": \"Call mum\"}}", Duration.ZERO);
        answers(wm, KEY, "tool: save_destiny", 1, "Saved: I will remind you at 15:00.", Duration.ZERO);

        String reply = given().contentType(ContentType.JSON).body(Map.of("message", "Remind me at 15:00 to call mum"))
                .post("/api/persona/" + id + "/chat").then().statusCode(200).extract().jsonPath().getString("reply");
        assertEquals("Saved: I will remind you at 15:00.", reply, "her words, not her call");

        Path her = herHome(home, id);
        assertEquals("Call mum\n", text(her.resolve("destiny/reminder-2031-07-01-15-00-20310701140000.md")));
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages")).withRequestBody(containing(
                "TOOL_RESULT\\ntool: save_destiny\\nstatus: ok\\nresult: saved reminder for 2031-07-01 15:00")));
        List<Map<String, Object>> lines = conversation(id);
        assertEquals(List.of("person", "persona", "person", "persona"), lines.stream().map(l -> l.get("role")).toList());
        assertTrue(((String) lines.get(1).get("content")).startsWith("{\"tools.save_destiny\""));
        assertNull(lines.get(1).get("channel"), "no door delivers her call");
        assertTrue(((String) lines.get(2).get("content")).startsWith("TOOL_RESULT\ntool: save_destiny\nstatus: ok\n"));
        assertEquals(Map.of("type", "web", "name", "web"), lines.get(3).get("channel"));

        given().get("/api/persona/" + id + "/calendar?start=2031-07-01&end=2031-07-02").then().statusCode(200)
                .body("destiny.reminder[0].body", org.hamcrest.Matchers.equalTo("Call mum"));
    }

    @Test
    void anUnknownAbilityIsAnsweredInUpstreamsErrorFormAndNothingRuns() throws Exception {
        String id = personas.withAnthropicMind("Lyra", KEY);
        Path her = herHome(home, id);
        Path victim = Files.writeString(home.resolve("victim.txt"), "still here", StandardCharsets.UTF_8);
        answers(wm, KEY, "clean up", 1, "{\"tools.OS.execute\": {\"command\": \"rm " + victim + "\"}}", Duration.ZERO);
        answers(wm, KEY, "tool: OS.execute", 1, "I cannot do that.", Duration.ZERO);
        List<Path> before = files(her);

        chat(id, "Please clean up the disk");
        List<Map<String, Object>> lines = conversation(id);
        assertEquals("TOOL_RESULT\ntool: OS.execute\nstatus: error\nresult: unknown ability", lines.get(2).get("content"));
        assertEquals("I cannot do that.", lines.get(3).get("content"));
        assertEquals("still here", Files.readString(victim, StandardCharsets.UTF_8));
        assertEquals(before, files(her), "no file of hers came or went");
    }

    @Test
    void herSafeAbilitiesDoWhatTheySayAndRefuseBadArgumentsInWords() throws Exception {
        String id = personas.withAnthropicMind("Lyra", KEY);
        Path her = herHome(home, id);
        Files.createDirectories(her.resolve("history"));
        Files.writeString(her.resolve("history/conversation-2031-06-30.md"), "[2031-06-30T10:00:00+00:00] person: "
                + "the boat is blue\n", StandardCharsets.UTF_8);

        assertEquals("TOOL_RESULT\ntool: save_notes\nstatus: ok\nresult: noted",
                abilities.run(id, abilities.parse("{\"tools.save_notes\": {\"text\": \"Likes blue boats\"}}").orElseThrow(), NOW, null));
        abilities.run(id, abilities.parse("{\"tools.save_notes\": {\"text\": \"Sails on Sundays\"}}").orElseThrow(), NOW, null);
        assertEquals("- Likes blue boats\n- Sails on Sundays\n", text(her.resolve("notes.md")));

        String recalled = abilities.run(id, abilities.parse("{\"tools.recall_history\": {\"date\": \"2031-06-30\"}}")
                .orElseThrow(), NOW, null);
        assertTrue(recalled.startsWith("TOOL_RESULT\ntool: recall_history\nstatus: ok\nresult: conversation-2031-06-30.md"));
        assertTrue(recalled.contains("the boat is blue"));

        abilities.run(id, abilities.parse("```json\n{\"tools.save_destiny\": {\"kind\": \"schedule\", \"time\": "
                + "\"2031-07-03T09:30\", \"text\": \"Regatta\", \"recurrence\": \"weekly\"}}\n```").orElseThrow(), NOW, null);
        assertEquals("Regatta\nrecurrence: weekly\n", text(her.resolve("destiny/schedule-2031-07-03-09-30-20310701140000.md")));
        assertEquals("TOOL_RESULT\ntool: check_calendar\nstatus: ok\nresult: - schedule-2031-07-03-09-30-20310701140000: "
                + "Regatta (weekly)", abilities.run(id, abilities.parse("{\"tools.check_calendar\": {\"start\": "
                        + "\"2031-07-01\", \"end\": \"2031-07-08\"}}").orElseThrow(), NOW, null));

        assertEquals("TOOL_RESULT\ntool: save_destiny\nstatus: error\nresult: time must be YYYY-MM-DD HH:MM",
                abilities.run(id, abilities.parse("{\"tools.save_destiny\": {\"time\": \"at three\", \"text\": \"x\"}}")
                        .orElseThrow(), NOW, null));
        assertEquals("TOOL_RESULT\ntool: check_calendar\nstatus: error\nresult: dates must be YYYY-MM-DD",
                abilities.run(id, abilities.parse("{\"tools.check_calendar\": {}}").orElseThrow(), NOW, null));
        assertFalse(abilities.parse("Sure! {\"tools.save_notes\": {}} done").isPresent(), "a call is the whole reply");
        assertFalse(abilities.parse("{\"identity\": \"x\"}").isPresent());
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.getFileName().toString().equals("conversation.jsonl")).sorted().toList();
        }
    }
}
