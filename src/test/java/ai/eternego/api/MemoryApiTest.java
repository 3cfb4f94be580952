package ai.eternego.api;

import static ai.eternego.api.MigrateSupport.FIXTURE_ID;
import static ai.eternego.api.MigrateSupport.migrate;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.Upstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Her memory on view: what she knows and her calendar, read from her home (an upstream diary's files
 * included), and a correction by hand, saved whole and read at her next turn; a wrong one changes nothing.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class MemoryApiTest {

    static final String KEY = "sk-ant-MEMORY-4444";

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    final CreatedPersonas personas = new CreatedPersonas();

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(10), "Noted.");
    }

    @AfterEach
    void purge() {
        personas.purgeAll(home);
    }

    private Path herHome(String id) {
        return home.resolve("personas").resolve(id).resolve("home");
    }

    @Test
    void aCorrectionIsSavedWholeAndHerNextTurnReadsIt() throws Exception {
        String id = personas.withAnthropicMind("Mira", KEY);
        String text = "# Person\n\n## Facts\n- Name: Zoë, loves sailing\n";
        given().contentType("text/markdown; charset=utf-8").body(text.getBytes(StandardCharsets.UTF_8))
                .put("/api/persona/" + id + "/knowledge/person.md")
                .then().statusCode(200).body("status", equalTo("saved")).body("file", equalTo("person.md"));
        assertEquals(text, Files.readString(herHome(id).resolve("person.md"), StandardCharsets.UTF_8));

        JsonPath knowledge = given().get("/api/persona/" + id + "/knowledge").then().statusCode(200).extract().jsonPath();
        assertEquals(Map.of("person.md", text), knowledge.getMap("memory"));
        assertEquals(List.of(), knowledge.getList("instruction"));

        given().contentType(ContentType.JSON).body("{\"message\": \"Do you know me?\"}")
                .post("/api/persona/" + id + "/chat").then().statusCode(200);
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))
                .withRequestBody(containing("Zoë, loves sailing")));
    }

    @Test
    void aWrongCorrectionIsRefusedInWordsAndChangesNothing() throws Exception {
        String id = personas.withAnthropicMind("Mira", KEY);
        byte[] first = "- Gentle\n".getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.TEXT).body(first).put("/api/persona/" + id + "/knowledge/traits.md")
                .then().statusCode(200);

        given().contentType(ContentType.TEXT).body("x").put("/api/persona/" + id + "/knowledge/config.json")
                .then().statusCode(400).body("detail", containsString("person.md"));
        given().contentType(ContentType.TEXT).body("x").put("/api/persona/" + id + "/knowledge/..%2Fconfig.json")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(404)));
        given().contentType(ContentType.TEXT).body(new byte[65537]).put("/api/persona/" + id + "/knowledge/traits.md")
                .then().statusCode(413).body("detail", containsString("under 65536 bytes"));
        given().contentType(ContentType.TEXT).body(new byte[] { (byte) 0xff, (byte) 0xfe, 'a' })
                .put("/api/persona/" + id + "/knowledge/traits.md")
                .then().statusCode(400).body("detail", containsString("UTF-8"));
        given().contentType(ContentType.TEXT).body("x").put("/api/persona/nobody-here/knowledge/traits.md")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(404)));
        assertArrayEquals(first, Files.readAllBytes(herHome(id).resolve("traits.md")));
        assertFalse(Files.exists(herHome(id).resolve("config.json.tmp")));

        for (String query : List.of("start=2025-01-01", "start=yesterday&end=2025-01-02", "start=2025-13-01&end=2025-14-01",
                "start=2025-01-01&end=")) {
            given().get("/api/persona/" + id + "/calendar?" + query).then().statusCode(400)
                    .body("detail", equalTo("start and end must be ISO dates"));
        }
    }

    @Test
    void theUpstreamFixtureShowsItsKnowledgeAndCalendar() throws Exception {
        if (Files.exists(home.resolve("personas").resolve(FIXTURE_ID))) {
            given().post("/api/persona/" + FIXTURE_ID + "/delete?purge=true").then().statusCode(200);
        }
        Path fixtures = Upstream.shared().resolve("fixtures/diary");
        byte[] diary = Files.readAllBytes(fixtures.resolve(FIXTURE_ID + ".diary"));
        String phrase = Files.readString(fixtures.resolve(FIXTURE_ID + ".phrase"), StandardCharsets.UTF_8);
        migrate(FIXTURE_ID + ".diary", diary, phrase,
                Map.of("model", "claude-sonnet-4-6", "provider", "anthropic", "api_key", KEY)).statusCode(200);
        personas.add(FIXTURE_ID);

        JsonPath knowledge = given().get("/api/persona/" + FIXTURE_ID + "/knowledge").then().statusCode(200)
                .extract().jsonPath();
        Map<String, String> memory = knowledge.getMap("memory");
        assertEquals(List.of("person.md", "traits.md", "wishes.md", "persona-trait.md", "permissions.md", "notes.md"),
                List.copyOf(memory.keySet()), "struggles.md is empty: left out, as upstream does");
        assertTrue(memory.get("person.md").contains("- Name: Zoë Marchetti"), memory.get("person.md"));
        assertEquals("- Learn to sail this summer\n", memory.get("wishes.md"));
        List<Map<String, String>> instruction = knowledge.getList("instruction");
        assertEquals(List.of("meanings/café-visits.md", "meanings/checking_disk_space.md", "lessons/lesson-20250110.md"),
                instruction.stream().map(i -> i.get("file")).toList());
        assertEquals("Café visits", instruction.get(0).get("intention"));
        assertEquals("lesson-20250110", instruction.get(1).get("intention"), "named by meanings/learned.json");
        assertTrue(instruction.get(2).get("body").contains("df -h"));
        assertEquals(List.of("meaning", "meaning", "lesson"), instruction.stream().map(i -> i.get("source")).toList());

        JsonPath calendar = given().get("/api/persona/" + FIXTURE_ID + "/calendar?start=2025-01-01&end=2025-03-01")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("2025-01-01T00:00", calendar.getString("start"));
        assertEquals("2025-03-01T00:00", calendar.getString("end"));
        assertEquals(1, calendar.getList("history.conversation").size());
        assertEquals("2025-01-14T00:00:02.512311+01:00", calendar.getString("history.conversation[0].time"));
        assertTrue(calendar.getString("history.conversation[0].body").contains("person: Can you keep my dentist"));
        assertEquals(List.of(), calendar.getList("history.reminder"));
        assertEquals(1, calendar.getList("destiny.reminder").size());
        assertEquals("2025-02-01T09:00", calendar.getString("destiny.reminder[0].time"));
        assertEquals("Dentist at 09:00, bring the insurance card", calendar.getString("destiny.reminder[0].body"));
        assertEquals("none", calendar.getString("destiny.reminder[0].recurrence"));
        assertEquals(List.of(), calendar.getList("destiny.schedule"));

        JsonPath before = given().get("/api/persona/" + FIXTURE_ID + "/calendar?start=2025-01-14&end=2025-02-01T09:00")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(), before.getList("history.conversation"), "the day kept is the 13th");
        assertEquals(List.of(), before.getList("destiny.reminder"), "the end is not in the range");
        assertNull(before.get("destiny.reminder[0]"));

        given().queryParam("start", "2025-02-01T08:59:00+01:00").queryParam("end", "2025-02-01T09:01")
                .get("/api/persona/" + FIXTURE_ID + "/calendar")
                .then().statusCode(200).body("destiny.reminder[0].time", equalTo("2025-02-01T09:00"))
                .body("history.conversation.size()", equalTo(0));
    }
}
