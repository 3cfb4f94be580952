package ai.eternego.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code Accept: text/event-stream}: one event per step, then exactly the plain body, or the error. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class CreateProgressTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectWireMock
    WireMockServer wm;

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    record Event(String name, JsonNode data) {
    }

    private static List<Event> events(String stream) throws Exception {
        List<Event> events = new ArrayList<>();
        String name = "message";
        StringBuilder data = new StringBuilder();
        for (String line : stream.split("\n", -1)) {
            if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            } else if (line.isEmpty() && data.length() > 0) {
                events.add(new Event(name, JSON.readTree(data.toString())));
                name = "message";
                data.setLength(0);
            }
        }
        return events;
    }

    @Test
    void pullProgressThenTheExactBody() throws Exception {
        Fakes.ollamaRunning(wm);
        Fakes.ollamaPull(wm, "qwen2.5:14b", 8_000_000_000L);
        String stream = given().contentType(ContentType.JSON).accept("text/event-stream")
                .body("{\"name\":\"Polaris\",\"thinking_model\":\"qwen2.5:14b\"}")
                .when().post("/api/persona/create")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/event-stream"))
                .extract().asString();
        List<Event> events = events(stream);
        List<String> steps = events.stream().filter(e -> e.name().equals("progress"))
                .map(e -> e.data().path("part").asText() + ":" + e.data().path("step").asText()).toList();
        assertTrue(steps.contains("thinking:checking"), steps.toString());
        assertTrue(steps.contains("thinking:pulling"), steps.toString());
        assertTrue(steps.contains("thinking:registering"), steps.toString());
        assertTrue(steps.contains("thinking:ready"), steps.toString());
        assertTrue(steps.indexOf("thinking:pulling") < steps.indexOf("thinking:ready"), steps.toString());
        JsonNode pulled = events.stream().filter(e -> "pulling".equals(e.data().path("step").asText())
                && e.data().path("completed").asLong() == 8_000_000_000L).findFirst().orElseThrow().data();
        assertEquals(8_000_000_000L, pulled.path("total").asLong());

        Event last = events.get(events.size() - 1);
        assertEquals("result", last.name());
        assertEquals("Polaris", last.data().path("persona").path("name").asText());
        assertEquals(24, last.data().path("recovery_phrase").asText().split(" ").length);
        List<String> keys = new ArrayList<>();
        last.data().path("persona").fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("id", "name", "thinking", "version", "base_model", "birthday", "status", "idle_timeout",
                "imagination", "mouth", "eye", "ear", "teacher", "researcher", "channels"), keys);
        List<String> top = new ArrayList<>();
        last.data().fieldNames().forEachRemaining(top::add);
        assertEquals(List.of("persona", "recovery_phrase"), top);
        assertEquals(1, events.stream().filter(e -> e.name().equals("result")).count());

        String phrase = last.data().path("recovery_phrase").asText();
        String log = Files.readString(Path.of("target/quarkus-test.log"), StandardCharsets.UTF_8);
        assertFalse(log.contains(phrase), "the recovery phrase reached the log");
    }

    @Test
    void failureEndsWithTheErrorEvent() throws Exception {
        String stream = given().contentType(ContentType.JSON).accept("text/event-stream")
                .body("{\"name\":\"Polaris\",\"thinking_model\":\"qwen2.5:14b\",\"thinking_url\":\""
                        + Fakes.closedPortUrl() + "\"}")
                .when().post("/api/persona/create")
                .then().statusCode(200).extract().asString();
        List<Event> events = events(stream);
        Event last = events.get(events.size() - 1);
        assertEquals("error", last.name());
        assertEquals(400, last.data().path("status").asInt());
        assertTrue(last.data().path("detail").asText().contains("could not reach Ollama"), last.data().toString());
        assertTrue(events.stream().anyMatch(e -> "failed".equals(e.data().path("step").asText())));
    }
}
