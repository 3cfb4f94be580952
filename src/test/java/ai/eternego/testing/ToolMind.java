package ai.eternego.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * A scripted Mind that calls one of her abilities natively, in each vendor's real streamed shape (the
 * call's arguments split across several events where the vendor streams them in pieces), then answers
 * in words once the request carries the call's result in that vendor's shape.
 */
public enum ToolMind {

    OPENAI(FakeWorld.OPENAI + "/v1/chat/completions", "text/event-stream", "\"tool_call_id\"", "call_Q1xR7"),
    ANTHROPIC(FakeWorld.ANTHROPIC + "/v1/messages", "text/event-stream", "\"tool_result\"", "toolu_01AbCd"),
    GEMINI(FakeWorld.GEMINI + "/v1beta/models/gemini-2.5-flash:streamGenerateContent", "text/event-stream",
            "\"functionResponse\"", null),
    OLLAMA(FakeWorld.OLLAMA + "/api/chat", "application/x-ndjson", "\"role\":\"tool\"", null);

    /** Gemini's signature of its call, which must come back with the call. */
    public static final String SIGNATURE = "c2lnbmF0dXJlLW9mLXRoZS1jYWxs";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final String path;
    private final String contentType;
    /** What only a request carrying a call's result holds, in this vendor's shape. */
    public final String resultMark;
    /** The vendor's id of the call, when it gives one. */
    public final String callId;

    ToolMind(String path, String contentType, String resultMark, String callId) {
        this.path = path;
        this.contentType = contentType;
        this.resultMark = resultMark;
        this.callId = callId;
    }

    /**
     * Her Mind calls {@code tool} with {@code arguments} (a JSON object's text) when asked anything, and
     * answers {@code words} once the request carries a call's result. Anthropic says {@code preamble}
     * before its call when it is not {@code null}.
     */
    public void script(WireMockServer wm, String tool, String arguments, String preamble, String words) {
        wm.stubFor(post(urlPathEqualTo(path)).atPriority(1).withRequestBody(containing(resultMark))
                .willReturn(answer(wordsBody(words), 3)));
        wm.stubFor(post(urlPathEqualTo(path)).atPriority(2)
                .willReturn(answer(callBody(tool, arguments, preamble), 7)));
    }

    private com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer(String body, int chunks) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(bytes)
                .withChunkedDribbleDelay(chunks, 60);
    }

    /** Every request her Mind was sent, oldest first, as JSON. */
    public List<JsonNode> requests(WireMockServer wm) {
        List<JsonNode> bodies = new ArrayList<>();
        List<LoggedRequest> found = new ArrayList<>(wm.findAll(postRequestedFor(urlPathEqualTo(path))));
        found.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
        for (LoggedRequest request : found) {
            try {
                bodies.add(JSON.readTree(request.getBodyAsString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bodies;
    }

    /** {@code arguments} in three pieces, cut inside its text. */
    static List<String> pieces(String arguments) {
        int third = arguments.length() / 3;
        return List.of(arguments.substring(0, third), arguments.substring(third, 2 * third),
                arguments.substring(2 * third));
    }

    private String callBody(String tool, String arguments, String preamble) {
        List<String> pieces = pieces(arguments);
        StringBuilder body = new StringBuilder();
        switch (this) {
            case OPENAI -> {
                body.append(sse(null, chunk(Map.of("role", "assistant", "tool_calls", List.of(Map.of("index", 0,
                        "id", callId, "type", "function", "function", Map.of("name", tool, "arguments", "")))), null)));
                for (String piece : pieces) {
                    body.append(sse(null, chunk(Map.of("tool_calls", List.of(Map.of("index", 0, "function",
                            Map.of("arguments", piece)))), null)));
                }
                body.append(sse(null, chunk(Map.of(), "tool_calls")));
                body.append(sse(null, write(Map.of("id", "chatcmpl-1", "object", "chat.completion.chunk",
                        "choices", List.of(), "usage", Map.of("prompt_tokens", 90, "completion_tokens", 20,
                                "total_tokens", 110)))));
                body.append("data: [DONE]\n\n");
            }
            case ANTHROPIC -> {
                body.append(sse("message_start", write(Map.of("type", "message_start", "message", Map.of("id",
                        "msg_1", "role", "assistant", "content", List.of(), "usage", Map.of("input_tokens", 90))))));
                int index = 0;
                if (preamble != null) {
                    body.append(sse("content_block_start", write(Map.of("type", "content_block_start", "index", 0,
                            "content_block", Map.of("type", "text", "text", "")))));
                    body.append(sse("content_block_delta", write(Map.of("type", "content_block_delta", "index", 0,
                            "delta", Map.of("type", "text_delta", "text", preamble)))));
                    body.append(sse("content_block_stop", write(Map.of("type", "content_block_stop", "index", 0))));
                    index = 1;
                }
                body.append(sse("content_block_start", write(Map.of("type", "content_block_start", "index", index,
                        "content_block", Map.of("type", "tool_use", "id", callId, "name", tool, "input", Map.of())))));
                body.append(sse("ping", "{\"type\": \"ping\"}"));
                for (String piece : pieces) {
                    body.append(sse("content_block_delta", write(Map.of("type", "content_block_delta", "index", index,
                            "delta", Map.of("type", "input_json_delta", "partial_json", piece)))));
                }
                body.append(sse("content_block_stop", write(Map.of("type", "content_block_stop", "index", index))));
                body.append(sse("message_delta", write(Map.of("type", "message_delta", "delta", Map.of("stop_reason",
                        "tool_use"), "usage", Map.of("output_tokens", 40)))));
                body.append(sse("message_stop", "{\"type\":\"message_stop\"}"));
            }
            case GEMINI -> body.append(sse(null, write(Map.of("candidates", List.of(Map.of("content", Map.of("role",
                    "model", "parts", List.of(Map.of("functionCall", Map.of("name", tool, "args", read(arguments)),
                            "thoughtSignature", SIGNATURE))), "finishReason", "STOP", "index", 0)),
                    "usageMetadata", Map.of("promptTokenCount", 90, "candidatesTokenCount", 20)))));
            case OLLAMA -> {
                Map<String, Object> call = Map.of("function", Map.of("name", tool, "arguments", read(arguments)));
                Map<String, Object> message = Map.of("role", "assistant", "content", "", "tool_calls", List.of(call));
                body.append(write(Map.of("model", "m", "created_at", "2031-07-01T14:00:00Z", "message", message,
                        "done", false))).append('\n');
                body.append(write(Map.of("model", "m", "created_at", "2031-07-01T14:00:01Z", "message", Map.of("role",
                        "assistant", "content", ""), "done", true, "done_reason", "stop", "prompt_eval_count", 90,
                        "eval_count", 20))).append('\n');
            }
            default -> throw new IllegalStateException();
        }
        return body.toString();
    }

    private String wordsBody(String words) {
        int half = words.length() / 2;
        List<String> pieces = List.of(words.substring(0, half), words.substring(half));
        StringBuilder body = new StringBuilder();
        switch (this) {
            case OPENAI -> {
                for (String piece : pieces) {
                    body.append(sse(null, chunk(Map.of("content", piece), null)));
                }
                body.append(sse(null, chunk(Map.of(), "stop"))).append("data: [DONE]\n\n");
            }
            case ANTHROPIC -> {
                body.append(sse("message_start", write(Map.of("type", "message_start", "message", Map.of()))));
                for (String piece : pieces) {
                    body.append(sse("content_block_delta", write(Map.of("type", "content_block_delta", "index", 0,
                            "delta", Map.of("type", "text_delta", "text", piece)))));
                }
                body.append(sse("message_stop", "{\"type\":\"message_stop\"}"));
            }
            case GEMINI -> {
                body.append(sse(null, write(Map.of("candidates", List.of(Map.of("content", Map.of("role", "model",
                        "parts", List.of(Map.of("text", pieces.get(0))))))))));
                body.append(sse(null, write(Map.of("candidates", List.of(Map.of("content", Map.of("role", "model",
                        "parts", List.of(Map.of("text", pieces.get(1)))), "finishReason", "STOP"))))));
            }
            case OLLAMA -> {
                for (String piece : pieces) {
                    body.append(write(Map.of("message", Map.of("role", "assistant", "content", piece), "done", false)))
                            .append('\n');
                }
                body.append(write(Map.of("message", Map.of("role", "assistant", "content", ""), "done", true,
                        "done_reason", "stop"))).append('\n');
            }
            default -> throw new IllegalStateException();
        }
        return body.toString();
    }

    private static String chunk(Map<String, Object> delta, String finish) {
        Map<String, Object> choice = new java.util.LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finish);
        return write(Map.of("id", "chatcmpl-1", "object", "chat.completion.chunk", "created", 1, "model", "gpt-4o",
                "choices", List.of(choice)));
    }

    private static String sse(String event, String data) {
        return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
