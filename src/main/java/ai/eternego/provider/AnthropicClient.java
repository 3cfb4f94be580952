package ai.eternego.provider;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.eternego.provider.OrganFault.Kind;
import io.smallrye.mutiny.Multi;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.config.EternegoConfig;
import io.smallrye.mutiny.Uni;

/** Anthropic: proves key and model with {@code GET /v1/models/{model}} (aliases resolve too). */
@ApplicationScoped
public class AnthropicClient implements ModelProvider {

    private final EternegoConfig.Providers config;
    private final EternegoConfig.Conversation conversation;
    private final RestClients clients;
    private final MindStream stream;

    public AnthropicClient(EternegoConfig config, RestClients clients, MindStream stream) {
        this.config = config.providers();
        this.conversation = config.conversation();
        this.clients = clients;
        this.stream = stream;
    }

    @Override
    public String defaultUrl(Provider provider) {
        return config.anthropic().url();
    }

    @Override
    public Uni<Void> check(Provider provider, String url, String apiKey, String model) {
        AnthropicApi api = clients.get(AnthropicApi.class, BaseUrl.anthropic(url), config.connectTimeout(),
                config.readTimeout());
        return Uni.createFrom().deferred(() -> api.model(model, apiKey))
                .replaceWithVoid()
                .onFailure().transform(t -> Faults.translate(t, Faults.Call.model("Anthropic", url, model)));
    }

    /**
     * {@code POST /v1/messages}, SSE events; messages start with a user turn and consecutive turns of one
     * role are merged, as Anthropic requires. Her abilities are offered as {@code tools}; a call streams as
     * a {@code tool_use} block whose input comes in {@code input_json_delta} pieces; her call goes back as
     * a {@code tool_use} block and its result as a {@code tool_result} block. {@code message_stop} ends a
     * whole answer.
     */
    @Override
    public Multi<MindPiece> think(Provider provider, String url, String apiKey, String model, MindRequest request) {
        Map<String, String> headers = Map.of("x-api-key", apiKey == null ? "" : apiKey,
                "anthropic-version", "2023-06-01");
        return stream.post(Faults.Call.model("Anthropic", url, model), URI.create(BaseUrl.anthropic(url) + "/messages"),
                headers, Json.write(body(model, conversation.maxAnswerTokens(), request)), Chat::new);
    }

    static ObjectNode body(String model, int maxTokens, MindRequest request) {
        ObjectNode body = Json.object().put("model", model).put("max_tokens", maxTokens);
        body.putArray("system").addObject().put("type", "text").put("text", request.system());
        boolean tools = !request.tools().isEmpty();
        ArrayNode messages = body.putArray("messages");
        ObjectNode last = null;
        for (MindRequest.Turn turn : request.turns()) {
            if (last == null && !MindRequest.USER.equals(turn.role())) {
                continue;
            }
            ObjectNode block = null;
            if (tools && turn.isCall()) {
                block = Json.object().put("type", "tool_use").put("id", turn.call().id()).put("name", turn.call().name());
                block.set("input", Calls.arguments(turn.call()));
            } else if (tools && turn.isResult() && last != null) {
                // a result whose call was left out (her messages start with the person's) is read as words
                block = Json.object().put("type", "tool_result").put("tool_use_id", turn.call().id())
                        .put("content", turn.content());
            }
            if (last != null && last.path("role").asText().equals(turn.role())) {
                JsonNode content = last.path("content");
                if (block == null && content.isTextual()) {
                    last.put("content", content.asText() + "\n\n" + turn.content());
                } else {
                    ArrayNode blocks = blocks(last);
                    blocks.add(block != null ? block : Json.object().put("type", "text").put("text", turn.content()));
                }
            } else {
                last = messages.addObject().put("role", turn.role());
                if (block == null) {
                    last.put("content", turn.content());
                } else {
                    last.putArray("content").add(block);
                }
            }
        }
        if (tools) {
            ArrayNode list = body.putArray("tools");
            for (MindTool tool : request.tools()) {
                list.addObject().put("name", tool.name()).put("description", tool.description())
                        .set("input_schema", Json.read(tool.parametersSchema()));
            }
        }
        body.put("stream", true);
        return body;
    }

    /** The content of {@code message} as blocks: text content becomes one text block. */
    private static ArrayNode blocks(ObjectNode message) {
        JsonNode content = message.path("content");
        if (content.isArray()) {
            return (ArrayNode) content;
        }
        ArrayNode blocks = message.putArray("content");
        blocks.addObject().put("type", "text").put("text", content.asText());
        return blocks;
    }

    /** Text comes in {@code text_delta}s; {@code thinking_delta}s are not her words; {@code error} fails. */
    static final class Chat implements Dialect {
        private final Calls calls = new Calls("toolu_");
        private final LeanLine lean = new LeanLine();
        private boolean stopped;

        @Override
        public String line(String line) {
            String words = lean.data(line, Chat::text);
            return words != null ? words : tree(line);
        }

        /** A piece of her words: {@code {"type":"content_block_delta","delta":{"type":"text_delta","text"}}}. */
        static String text(JsonParser json) throws IOException {
            if (!LeanLine.object(json)) {
                return null;
            }
            boolean delta = false;
            boolean text = false;
            String words = null;
            for (String field = LeanLine.field(json); field != null; field = LeanLine.field(json)) {
                if (field.equals("type")) {
                    delta = LeanLine.is(json, "content_block_delta");
                } else if (field.equals("delta")) {
                    text = false;
                    words = null;
                    if (!LeanLine.object(json)) {
                        json.skipChildren();
                        continue;
                    }
                    for (String inner = LeanLine.field(json); inner != null; inner = LeanLine.field(json)) {
                        if (inner.equals("type")) {
                            text = LeanLine.is(json, "text_delta");
                        } else if (inner.equals("text")) {
                            words = LeanLine.text(json);
                        } else {
                            json.skipChildren();
                        }
                    }
                } else {
                    json.skipChildren();
                }
            }
            return LeanLine.closed(json) && delta && text ? words : null;
        }

        /** Any line, read as a tree. */
        String tree(String line) {
            String data = Json.data(line);
            if (data == null || data.isEmpty()) {
                return null;
            }
            JsonNode node = Json.read(data);
            switch (node.path("type").asText()) {
                case "content_block_start" -> {
                    JsonNode block = node.path("content_block");
                    if ("tool_use".equals(block.path("type").asText())) {
                        JsonNode input = block.path("input");
                        calls.whole(node.path("index").asInt(), Json.text(block, "id"), Json.text(block, "name"),
                                input.isObject() && input.size() > 0 ? input : null, null);
                    }
                    return null;
                }
                case "content_block_delta" -> {
                    JsonNode delta = node.path("delta");
                    String type = delta.path("type").asText();
                    if ("input_json_delta".equals(type)) {
                        calls.piece(node.path("index").asInt(), null, null, Json.text(delta, "partial_json"));
                        return null;
                    }
                    return "text_delta".equals(type) ? Json.text(delta, "text") : null;
                }
                case "message_stop" -> stopped = true;
                case "error" -> throw new OrganFault(Kind.UNAVAILABLE,
                        "Anthropic failed in the middle of an answer; try again");
                default -> {
                    return null;
                }
            }
            return null;
        }

        @Override
        public boolean complete() {
            return stopped;
        }

        @Override
        public List<MindPiece.ToolCall> calls() {
            return calls.done();
        }
    }
}
