package ai.eternego.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The OpenAI-compatible door, over raw HTTP (exact shapes) and through the official OpenAI Java client. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class OpenAiDoorTest {

    static final String KEY = "sk-ant-V1-door-5555";
    static final String UNKNOWN = "0b5f9e36-1c2d-4e8f-9a7b-6c5d4e3f2a10";
    static final ObjectMapper JSON = new ObjectMapper();

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    private final CreatedPersonas created = new CreatedPersonas();

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(200), "I am ", "here, ", "my friend.");
    }

    @AfterEach
    void purge() {
        created.purgeAll(home);
    }

    private String create(String name) {
        return created.withAnthropicMind(name, KEY);
    }

    private OpenAIClient client() {
        return OpenAIOkHttpClient.builder().apiKey("no-token-set").baseUrl("http://localhost:" + RestAssured.port + "/v1")
                .maxRetries(0).build();
    }

    private static String completion(String model, boolean stream) {
        return """
                {"model": "%s", "stream": %s, "messages": [
                  {"role": "system", "content": "be kind"},
                  {"role": "user", "content": "an old question"},
                  {"role": "assistant", "content": "an old answer"},
                  {"role": "user", "content": "Are you there?"}]}""".formatted(model, stream);
    }

    private static void assertError(JsonPath body, String type, String code) {
        assertEquals(type, body.getString("error.type"));
        assertEquals(code, body.getString("error.code"));
        assertFalse(body.getString("error.message").isBlank());
        assertEquals(List.of("error"), List.copyOf(body.getMap("").keySet()));
    }

    @Test
    void modelsListRunningPersonasOnly() {
        String iris = create("Iris");
        String stopped = create("Vega");
        given().post("/api/persona/" + stopped + "/stop").then().statusCode(200);

        JsonPath list = given().get("/v1/models").then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();

        assertEquals("list", list.getString("object"));
        List<Map<String, Object>> data = list.getList("data");
        List<Object> ids = data.stream().map(m -> m.get("id")).toList();
        // other tests of this run may leave personas running: every one listed runs, she is, Vega is not
        assertTrue(ids.contains(iris), ids.toString());
        assertFalse(ids.contains(stopped), ids.toString());
        for (Object listed : ids) {
            given().get("/api/persona/" + listed).then().statusCode(200).body("running", equalTo(true));
        }
        Map<String, Object> model = data.get(ids.indexOf(iris));
        assertEquals(List.of("id", "object", "created", "owned_by", "name"), List.copyOf(model.keySet()));
        assertEquals("model", model.get("object"));
        assertEquals("eternego", model.get("owned_by"));
        assertEquals("Iris", model.get("name"));
        long born = ((Number) model.get("created")).longValue();
        long now = Instant.now().getEpochSecond();
        assertTrue(born <= now && born > now - 2 * 86400, "created is her birthday in epoch seconds: " + born);

        given().get("/v1/models/" + iris).then().statusCode(200).body("id", equalTo(iris)).body("name", equalTo("Iris"));
        for (String absent : List.of(stopped, UNKNOWN, "not-an-id")) {
            assertError(given().get("/v1/models/" + absent).then().statusCode(404).extract().jsonPath(),
                    "invalid_request_error", "model_not_found");
        }
    }

    @Test
    void aCompletionIsHerReplyToTheLastUserMessage() throws Exception {
        String id = create("Iris");

        JsonPath body = given().contentType(ContentType.JSON).body(completion(id, false)).post("/v1/chat/completions")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();

        assertTrue(body.getString("id").startsWith("chatcmpl-"));
        assertEquals("chat.completion", body.getString("object"));
        assertEquals(id, body.getString("model"));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - body.getLong("created")) < 60);
        assertEquals(1, body.getList("choices").size());
        assertEquals(0, body.getInt("choices[0].index"));
        assertEquals("assistant", body.getString("choices[0].message.role"));
        assertEquals("I am here, my friend.", body.getString("choices[0].message.content"));
        assertEquals("stop", body.getString("choices[0].finish_reason"));
        assertEquals(4, body.getInt("usage.prompt_tokens"));
        assertEquals(6, body.getInt("usage.completion_tokens"));
        assertEquals(10, body.getInt("usage.total_tokens"));
        List<Map<String, Object>> lines = given().get("/api/persona/" + id + "/conversation").then().statusCode(200)
                .extract().jsonPath().getList("messages");
        assertEquals(List.of("Are you there?", "I am here, my friend."), lines.stream().map(l -> l.get("content")).toList());
        assertEquals(Map.of("type", "api", "name", "openai"), lines.get(0).get("channel"));
    }

    @Test
    void aStreamIsChunksThenStopThenDone() throws Exception {
        String id = create("Iris");

        String stream = given().contentType(ContentType.JSON).body(completion(id, true)).post("/v1/chat/completions")
                .then().statusCode(200).contentType("text/event-stream").extract().asString();

        List<String> events = List.of(stream.split("\n\n"));
        assertTrue(events.stream().allMatch(e -> e.startsWith("data: ")), stream);
        assertEquals("data: [DONE]", events.get(events.size() - 1));
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : events.subList(0, events.size() - 1)) {
            chunks.add(JSON.readTree(event.substring(6)));
        }
        assertTrue(chunks.size() >= 3, stream);
        String chunkId = chunks.get(0).path("id").asText();
        assertTrue(chunkId.startsWith("chatcmpl-"));
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode chunk = chunks.get(i);
            assertEquals(List.of("id", "object", "created", "model", "choices"), fields(chunk));
            assertEquals(chunkId, chunk.path("id").asText());
            assertEquals("chat.completion.chunk", chunk.path("object").asText());
            assertEquals(id, chunk.path("model").asText());
            JsonNode choice = chunk.path("choices").path(0);
            assertEquals(1, chunk.path("choices").size());
            assertEquals(List.of("index", "delta", "finish_reason"), fields(choice));
            assertEquals(0, choice.path("index").asInt());
            if (i == 0) {
                assertEquals("{\"role\":\"assistant\"}", choice.path("delta").toString());
                assertTrue(choice.path("finish_reason").isNull());
            } else if (i == chunks.size() - 1) {
                assertEquals("{}", choice.path("delta").toString());
                assertEquals("stop", choice.path("finish_reason").asText());
            } else {
                assertEquals(List.of("content"), fields(choice.path("delta")));
                assertTrue(choice.path("finish_reason").isNull());
                words.append(choice.path("delta").path("content").asText());
            }
        }
        assertEquals("I am here, my friend.", words.toString());
    }

    @Test
    void whenHerMindFailsTheStreamCarriesHerWordsAboutIt() throws Exception {
        String id = create("Iris");
        wm.resetAll();
        Fakes.anthropicChat(wm, "sk-ant-some-other-key", Duration.ofMillis(10), "never");

        String stream = given().contentType(ContentType.JSON).body(completion(id, true)).post("/v1/chat/completions")
                .then().statusCode(200).extract().asString();

        List<String> events = List.of(stream.split("\n\n"));
        assertEquals("data: [DONE]", events.get(events.size() - 1));
        StringBuilder words = new StringBuilder();
        for (String event : events.subList(1, events.size() - 1)) {
            words.append(JSON.readTree(event.substring(6)).path("choices").path(0).path("delta").path("content").asText(""));
        }
        assertEquals("I can't think right now: my Mind (anthropic) refused my key.", words.toString());
        assertFalse(stream.contains(KEY));
    }

    @Test
    void errorsAreInOpenAisShape() {
        String id = create("Iris");
        String path = "/v1/chat/completions";
        assertError(given().contentType(ContentType.JSON).body(completion(UNKNOWN, false)).post(path)
                .then().statusCode(404).extract().jsonPath(), "invalid_request_error", "model_not_found");
        assertError(given().contentType(ContentType.JSON).body(completion("gpt-4o", true)).post(path)
                .then().statusCode(404).extract().jsonPath(), "invalid_request_error", "model_not_found");
        for (String bad : List.of("not json", "[]", "{\"model\": \"" + id + "\"}",
                "{\"model\": \"" + id + "\", \"messages\": \"hi\"}",
                "{\"model\": \"" + id + "\", \"messages\": []}",
                "{\"model\": \"" + id + "\", \"messages\": [{\"role\": \"system\", \"content\": \"only a system\"}]}",
                "{\"model\": \"" + id + "\", \"messages\": [{\"role\": \"user\", \"content\": \"  \"}]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                "{\"model\": \"" + id + "\", \"stream\": \"yes\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")) {
            assertError(given().contentType(ContentType.JSON).body(bad).post(path).then().statusCode(400).extract().jsonPath(),
                    "invalid_request_error", "invalid_request");
        }
        given().post("/api/persona/" + id + "/stop").then().statusCode(200);
        for (boolean stream : List.of(false, true)) {
            assertError(given().contentType(ContentType.JSON).body(completion(id, stream)).post(path)
                    .then().statusCode(409).extract().jsonPath(), "invalid_request_error", "model_not_running");
        }
        List<Object> lines = given().get("/api/persona/" + id + "/conversation").then().statusCode(200)
                .extract().jsonPath().getList("messages");
        assertEquals(List.of(), lines, "nothing was kept from a refused request");
    }

    @Test
    void theOfficialOpenAiClientTalksWithHer() {
        String id = create("Iris");
        OpenAIClient client = client();
        try {
            List<Model> models = client.models().list().data();
            Model her = models.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
            assertEquals("eternego", her.ownedBy());

            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(id)
                    .addSystemMessage("be kind").addUserMessage("Hello there").build();
            ChatCompletion whole = client.chat().completions().create(params);
            assertEquals("I am here, my friend.", whole.choices().get(0).message().content().orElseThrow());
            assertEquals(ChatCompletion.Choice.FinishReason.STOP, whole.choices().get(0).finishReason());
            assertTrue(whole.usage().orElseThrow().totalTokens() > 0);

            StringBuilder words = new StringBuilder();
            List<String> finishes = new ArrayList<>();
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> {
                    choice.delta().content().ifPresent(words::append);
                    choice.finishReason().ifPresent(reason -> finishes.add(reason.asString()));
                }));
            }
            assertEquals("I am here, my friend.", words.toString());
            assertEquals(List.of("stop"), finishes);

            NotFoundException missing = assertThrows(NotFoundException.class,
                    () -> client.chat().completions().create(params.toBuilder().model(UNKNOWN).build()));
            assertEquals(404, missing.statusCode());
            assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        } finally {
            client.close();
        }
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
