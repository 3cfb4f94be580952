package ai.eternego.memory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import ai.eternego.testing.FakeWorld;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** What the tests of her days share: her files, her nights, and a fake Mind that answers her reflection. */
final class Days {

    static final Duration BOUND = Duration.ofSeconds(30);
    static final String REFLECTION_MARK = "persona_traits";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Days() {
    }

    /** Her Mind answers every reflection request with {@code answer} (Anthropic's stream), other turns as before. */
    static void reflectionAnswers(WireMockServer wm, String key, String answer, Duration delay) {
        answers(wm, key, REFLECTION_MARK, 1, answer, delay);
    }

    /** Her Mind answers {@code answer} to every request whose body contains {@code mark}, at {@code priority}. */
    static void answers(WireMockServer wm, String key, String mark, int priority, String answer, Duration delay) {
        String event;
        try {
            event = JSON.writeValueAsString(Map.of("type", "content_block_delta", "index", 0,
                    "delta", Map.of("type", "text_delta", "text", answer)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String body = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}\n\n"
                + "event: content_block_delta\ndata: " + event + "\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        wm.stubFor(post(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages")).atPriority(priority)
                .withHeader("x-api-key", equalTo(key))
                .withRequestBody(containing(mark))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body)
                        .withFixedDelay((int) delay.toMillis())));
    }

    /** A reflection request her Mind received. */
    static RequestPatternBuilder reflection() {
        return postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))
                .withRequestBody(containing(REFLECTION_MARK));
    }

    static Path herHome(Path home, String id) {
        return home.resolve("personas").resolve(id).resolve("home");
    }

    static String lastSleep(Path home, String id) {
        Path state = home.resolve("personas").resolve(id).resolve("workspace").resolve("routines-state.json");
        return Files.exists(state) ? JsonPath.from(state.toFile()).getString("sleep") : null;
    }

    static void awaitNight(Path home, String id, String day) {
        await().atMost(BOUND).until(() -> day.equals(lastSleep(home, id)));
    }

    /** Waits until her heartbeat has run at least twice more (one whole beat after now). */
    static void awaitBeats(Path home, String id) {
        int before = lines(herHome(home, id).resolve("health.jsonl")).size();
        await().atMost(BOUND).until(() -> lines(herHome(home, id).resolve("health.jsonl")).size() >= before + 2);
    }

    static void chat(String id, String text) {
        given().contentType(ContentType.JSON).body(Map.of("message", text)).post("/api/persona/" + id + "/chat")
                .then().statusCode(200);
    }

    static void put(String id, String file, String text) {
        given().contentType(ContentType.TEXT).body(text.getBytes(StandardCharsets.UTF_8))
                .put("/api/persona/" + id + "/knowledge/" + file).then().statusCode(200);
    }

    static List<Map<String, Object>> conversation(String id) {
        return given().get("/api/persona/" + id + "/conversation").then().statusCode(200).extract().jsonPath()
                .getList("messages");
    }

    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
