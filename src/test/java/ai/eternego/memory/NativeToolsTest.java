package ai.eternego.memory;

import static ai.eternego.memory.Days.conversation;
import static ai.eternego.memory.Days.herHome;
import static ai.eternego.memory.Days.text;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.TestClock;
import ai.eternego.testing.ToolMind;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Her abilities as each vendor's native tool calls: the fake Mind streams a call whose arguments come in
 * pieces; the reminder lands in {@code destiny/} under upstream's name; the next request carries her call
 * and its result in that vendor's shape; her words are kept; her conversation keeps upstream's text forms.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class NativeToolsTest {

    static final String KEY = "sk-NATIVE-TOOLS-4242";
    static final String ARGUMENTS = "{\"kind\": \"reminder\", \"time\": \"2031-07-01 15:00\", \"text\": \"Call mum\"}";
    static final String SAID = "Saved. I will remind you at 15:00.";
    static final String DESTINY = "destiny/reminder-2031-07-01-15-00-20310701140000.md";
    static final ObjectMapper JSON = new ObjectMapper();

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
        clock.set(Instant.parse("2031-07-01T14:00:00Z"));
    }

    @AfterEach
    void realTime() {
        clock.reset();
        personas.purgeAll(home);
    }

    private String create(ToolMind mind) {
        String body = switch (mind) {
            case OPENAI -> {
                Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", KEY);
                yield "{\"name\": \"Lyra\", \"thinking_model\": \"gpt-4o\", \"thinking_provider\": \"openai\", "
                        + "\"thinking_api_key\": \"" + KEY + "\"}";
            }
            case ANTHROPIC -> {
                Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
                yield "{\"name\": \"Lyra\", \"thinking_model\": \"claude-sonnet-4-6\", \"thinking_provider\": "
                        + "\"anthropic\", \"thinking_api_key\": \"" + KEY + "\"}";
            }
            case GEMINI -> {
                Fakes.geminiModel(wm, "gemini-2.5-flash", KEY);
                yield "{\"name\": \"Lyra\", \"thinking_model\": \"gemini-2.5-flash\", \"thinking_provider\": "
                        + "\"gemini\", \"thinking_api_key\": \"" + KEY + "\"}";
            }
            case OLLAMA -> {
                Fakes.ollamaRunning(wm, "llama3:latest");
                yield "{\"name\": \"Lyra\", \"thinking_model\": \"llama3\"}";
            }
        };
        String id = given().contentType(ContentType.JSON).body(body).post("/api/persona/create").then().statusCode(200)
                .extract().jsonPath().getString("persona.id");
        personas.add(id);
        return id;
    }

    private static String chat(String id, String message) {
        return given().contentType(ContentType.JSON).body(Map.of("message", message))
                .post("/api/persona/" + id + "/chat").then().statusCode(200).extract().jsonPath().getString("reply");
    }

    @ParameterizedTest
    @EnumSource(ToolMind.class)
    void remindMeAtThreeIsANativeCallInEveryVendorsShape(ToolMind mind) throws Exception {
        String id = create(mind);
        String preamble = mind == ToolMind.ANTHROPIC ? "I will note that." : null;
        mind.script(wm, "save_destiny", ARGUMENTS, preamble, SAID);

        String reply = chat(id, "Remind me at 15:00 to call mum");
        assertEquals(preamble == null ? SAID : preamble + "\n\n" + SAID, reply, "her words, never her call");

        Path her = herHome(home, id);
        assertEquals("Call mum\n", text(her.resolve(DESTINY)), "upstream's name and body");
        List<JsonNode> asked = mind.requests(wm);
        assertEquals(2, asked.size(), "one call, then her words");
        assertOffered(mind, asked.get(0));
        assertCallAndResultSentBack(mind, asked.get(1));

        List<Map<String, Object>> lines = conversation(id);
        assertEquals(List.of("person", "persona", "person", "persona"), lines.stream().map(l -> l.get("role")).toList());
        assertEquals(JSON.readTree("{\"tools.save_destiny\": " + ARGUMENTS + "}"),
                JSON.readTree((String) lines.get(1).get("content")), "her call, in upstream's text form");
        assertNull(lines.get(1).get("channel"), "no door delivers her call");
        assertEquals("TOOL_RESULT\ntool: save_destiny\nstatus: ok\nresult: saved reminder for 2031-07-01 15:00 "
                + "(" + DESTINY + ")", lines.get(2).get("content"));
        assertNull(lines.get(2).get("channel"));
        assertEquals(reply, lines.get(3).get("content"));
        assertEquals(Map.of("type", "web", "name", "web"), lines.get(3).get("channel"));
    }

    /** The first request offers her abilities as the vendor declares tools. */
    private static void assertOffered(ToolMind mind, JsonNode request) {
        JsonNode declared = switch (mind) {
            case OPENAI, OLLAMA -> {
                assertEquals("function", request.at("/tools/0/type").asText());
                yield request.at("/tools/0/function");
            }
            case ANTHROPIC -> {
                JsonNode tool = request.at("/tools/0");
                assertEquals("object", tool.at("/input_schema/type").asText());
                yield tool;
            }
            case GEMINI -> request.at("/tools/0/functionDeclarations/0");
        };
        assertEquals("save_destiny", declared.path("name").asText(), request.toString());
        assertFalse(declared.path("description").asText().isBlank());
        if (mind != ToolMind.ANTHROPIC) {
            assertEquals(List.of("kind", "time", "text"), JSON.convertValue(declared.at("/parameters/required"),
                    List.class));
        }
    }

    /** The second request ends with her call and its result, in the vendor's shape. */
    private static void assertCallAndResultSentBack(ToolMind mind, JsonNode request) throws Exception {
        JsonNode arguments = JSON.readTree(ARGUMENTS);
        String resultStart = "TOOL_RESULT\ntool: save_destiny\nstatus: ok\nresult: saved reminder for 2031-07-01 15:00";
        switch (mind) {
            case OPENAI -> {
                JsonNode messages = request.path("messages");
                JsonNode call = messages.get(messages.size() - 2);
                JsonNode result = messages.get(messages.size() - 1);
                assertEquals("assistant", call.path("role").asText());
                assertEquals(1, call.path("tool_calls").size());
                assertEquals(mind.callId, call.at("/tool_calls/0/id").asText(), "the vendor's id comes back");
                assertEquals("function", call.at("/tool_calls/0/type").asText());
                assertEquals("save_destiny", call.at("/tool_calls/0/function/name").asText());
                assertEquals(arguments, JSON.readTree(call.at("/tool_calls/0/function/arguments").asText()),
                        "the arguments, whole, as text");
                assertEquals("tool", result.path("role").asText());
                assertEquals(mind.callId, result.path("tool_call_id").asText());
                assertTrue(result.path("content").asText().startsWith(resultStart), result.toString());
            }
            case ANTHROPIC -> {
                JsonNode messages = request.path("messages");
                JsonNode call = messages.get(messages.size() - 2);
                JsonNode result = messages.get(messages.size() - 1);
                assertEquals("assistant", call.path("role").asText());
                assertEquals("tool_use", call.at("/content/0/type").asText(), call.toString());
                assertEquals(mind.callId, call.at("/content/0/id").asText());
                assertEquals("save_destiny", call.at("/content/0/name").asText());
                assertEquals(arguments, call.at("/content/0/input"));
                assertEquals("user", result.path("role").asText());
                assertEquals("tool_result", result.at("/content/0/type").asText(), result.toString());
                assertEquals(mind.callId, result.at("/content/0/tool_use_id").asText());
                assertTrue(result.at("/content/0/content").asText().startsWith(resultStart));
                assertEquals("user", messages.get(0).path("role").asText());
                assertEquals("Remind me at 15:00 to call mum", messages.get(messages.size() - 3).path("content").asText());
            }
            case GEMINI -> {
                JsonNode contents = request.path("contents");
                JsonNode call = contents.get(contents.size() - 2);
                JsonNode result = contents.get(contents.size() - 1);
                assertEquals("model", call.path("role").asText());
                assertEquals("save_destiny", call.at("/parts/0/functionCall/name").asText(), call.toString());
                assertEquals(arguments, call.at("/parts/0/functionCall/args"));
                assertEquals(ToolMind.SIGNATURE, call.at("/parts/0/thoughtSignature").asText(),
                        "the call's signature comes back with it");
                assertEquals("user", result.path("role").asText());
                assertEquals("save_destiny", result.at("/parts/0/functionResponse/name").asText(), result.toString());
                assertTrue(result.at("/parts/0/functionResponse/response/result").asText().startsWith(resultStart));
            }
            case OLLAMA -> {
                JsonNode messages = request.path("messages");
                JsonNode call = messages.get(messages.size() - 2);
                JsonNode result = messages.get(messages.size() - 1);
                assertEquals("assistant", call.path("role").asText());
                assertEquals("save_destiny", call.at("/tool_calls/0/function/name").asText(), call.toString());
                assertEquals(arguments, call.at("/tool_calls/0/function/arguments"), "Ollama's arguments are an object");
                assertEquals("tool", result.path("role").asText());
                assertEquals("save_destiny", result.path("tool_name").asText());
                assertTrue(result.path("content").asText().startsWith(resultStart));
                assertTrue(request.at("/options/num_ctx").asInt() > 0);
            }
        }
    }

    @Test
    void anUnknownNativeCallIsAnsweredInUpstreamsErrorFormAndNothingRuns() throws Exception {
        String id = create(ToolMind.OPENAI);
        Path her = herHome(home, id);
        Path victim = Files.writeString(home.resolve("victim-native.txt"), "still here", StandardCharsets.UTF_8);
        ToolMind.OPENAI.script(wm, "execute_shell", "{\"command\": \"rm " + victim + "\"}", null, "I cannot do that.");
        List<Path> before = files(her);

        assertEquals("I cannot do that.", chat(id, "Please clean up the disk"));
        List<Map<String, Object>> lines = conversation(id);
        assertTrue(((String) lines.get(1).get("content")).startsWith("{\"tools.execute_shell\":"));
        assertEquals("TOOL_RESULT\ntool: execute_shell\nstatus: error\nresult: unknown ability", lines.get(2).get("content"));
        JsonNode sentBack = ToolMind.OPENAI.requests(wm).get(1).path("messages");
        assertEquals("TOOL_RESULT\ntool: execute_shell\nstatus: error\nresult: unknown ability",
                sentBack.get(sentBack.size() - 1).path("content").asText());
        assertEquals("still here", Files.readString(victim, StandardCharsets.UTF_8));
        assertEquals(before, files(her), "no file of hers came or went");
        assertFalse(Files.exists(home.resolve("personas").resolve(id).resolve("workspace")
                .resolve("destiny-channels.json")));
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.getFileName().toString().equals("conversation.jsonl")).sorted().toList();
        }
    }
}
