package ai.eternego.provider;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.config.EternegoConfig;
import ai.eternego.provider.OrganFault.Kind;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** OpenAI, xAI and OpenAI-compatible servers (Groq, LM Studio, vLLM...): one API, two default URLs. */
@ApplicationScoped
public class OpenAiClient implements ModelProvider {

    private final EternegoConfig.Providers config;
    private final RestClients clients;
    private final MindStream stream;

    public OpenAiClient(EternegoConfig config, RestClients clients, MindStream stream) {
        this.config = config.providers();
        this.clients = clients;
        this.stream = stream;
    }

    /** The configured URL of {@link Provider#OPENAI} or {@link Provider#XAI}. */
    @Override
    public String defaultUrl(Provider provider) {
        return provider == Provider.XAI ? config.xai().url() : config.openai().url();
    }

    /**
     * Proves key and model with {@code GET /v1/models/{model}}; servers without that route (404/405)
     * are asked for the whole list instead.
     */
    @Override
    public Uni<Void> check(Provider provider, String url, String apiKey, String model) {
        OpenAiApi api = clients.get(OpenAiApi.class, BaseUrl.openAi(url), config.connectTimeout(), config.readTimeout());
        String authorization = "Bearer " + apiKey;
        return Uni.createFrom().deferred(() -> api.model(model, authorization))
                .replaceWithVoid()
                .onFailure(t -> t instanceof VendorStatus s && (s.status() == 404 || s.status() == 405))
                .recoverWithUni(() -> api.models(authorization).invoke(list -> {
                    boolean listed = list.data() != null && list.data().stream().anyMatch(m -> model.equals(m.id()));
                    if (!listed) {
                        throw new OrganFault(Kind.NO_MODEL, "no such model: " + model);
                    }
                }).replaceWithVoid())
                .onFailure().transform(t -> Faults.translate(t, Faults.Call.model(vendor(provider), url, model)));
    }

    private static String vendor(Provider provider) {
        return provider == Provider.XAI ? "xAI" : "OpenAI";
    }

    /**
     * {@code POST /v1/chat/completions}, SSE ending with {@code data: [DONE]}; {@code reasoning_content} is not
     * her words. Her abilities are offered as {@code tools} (to xAI in words: its native calls leak template
     * tokens); her calls stream in {@code delta.tool_calls},
     * their arguments in pieces joined by index. A compatible server that refuses {@code tools} (a 400 or
     * 422 whose error names them) is asked again with her abilities told in words; one that refuses
     * {@code stream} is asked once more for the answer whole, which is then her words.
     */
    @Override
    public Multi<MindPiece> think(Provider provider, String url, String apiKey, String model, MindRequest request) {
        Map<String, String> headers = apiKey == null || apiKey.isBlank() ? Map.of()
                : Map.of("Authorization", "Bearer " + apiKey);
        Faults.Call call = Faults.Call.model(vendor(provider), url, model);
        URI uri = URI.create(BaseUrl.openAi(url) + "/chat/completions");
        if (provider == Provider.XAI) {
            // xAI's native calls leak its template's tokens into her words: there she calls in words, as upstream
            return ask(call, uri, headers, model, request.inWords(), vendor(provider));
        }
        Multi<MindPiece> asked = ask(call, uri, headers, model, request, vendor(provider));
        if (request.tools().isEmpty()) {
            return asked;
        }
        return asked.onFailure(ToolsRefused.class)
                .recoverWithMulti(() -> ask(call, uri, headers, model, request.inWords(), vendor(provider)));
    }

    private Multi<MindPiece> ask(Faults.Call call, URI uri, Map<String, String> headers, String model,
            MindRequest request, String vendor) {
        boolean tools = !request.tools().isEmpty();
        // the whole answer's body is written only for a server that refuses to stream, not kept while she streams
        return stream.post(call, uri, headers, Json.write(body(model, request).put("stream", true)),
                () -> new Chat(vendor, tools))
                .onFailure(StreamRefused.class)
                .recoverWithMulti(() -> stream.post(call, uri, headers, Json.write(body(model, request)),
                        () -> new Whole(vendor, tools)));
    }

    /** The body: her system prompt, her turns (her calls and their results in OpenAI's shape), her tools. */
    static ObjectNode body(String model, MindRequest request) {
        ObjectNode body = Json.object().put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", request.system());
        boolean tools = !request.tools().isEmpty();
        for (MindRequest.Turn turn : request.turns()) {
            if (tools && turn.isCall()) {
                ObjectNode message = messages.addObject().put("role", "assistant").putNull("content");
                ObjectNode called = message.putArray("tool_calls").addObject().put("id", turn.call().id())
                        .put("type", "function");
                called.putObject("function").put("name", turn.call().name())
                        .put("arguments", turn.call().argumentsJson());
            } else if (tools && turn.isResult()) {
                messages.addObject().put("role", "tool").put("tool_call_id", turn.call().id())
                        .put("content", turn.content());
            } else {
                messages.addObject().put("role", turn.role()).put("content", turn.content());
            }
        }
        if (tools) {
            Calls.openAiTools(body, request.tools());
        }
        return body;
    }

    /** Whether a refusal names the tools offered: the server does not take them. */
    static boolean namesTools(int status, String body) {
        return (status == 400 || status == 422) && body != null && body.toLowerCase(Locale.ROOT).contains("tool");
    }

    static final class Chat implements Dialect {
        private final String vendor;
        private final boolean tools;
        private final Calls calls = new Calls("call_");
        private final LeanLine lean = new LeanLine();
        private boolean done;

        Chat(String vendor, boolean tools) {
            this.vendor = vendor;
            this.tools = tools;
        }

        @Override
        public String line(String line) {
            String words = lean.data(line, Chat::text);
            return words != null ? words : tree(line);
        }

        /**
         * A piece of her words: {@code {"choices":[{"delta":{"content"}}]}} with no {@code error} and no
         * {@code tool_calls}.
         */
        static String text(JsonParser json) throws IOException {
            if (!LeanLine.object(json)) {
                return null;
            }
            String words = null;
            for (String field = LeanLine.field(json); field != null; field = LeanLine.field(json)) {
                if (field.equals("error")) {
                    return null;
                } else if (field.equals("choices")) {
                    words = null;
                    if (!LeanLine.array(json)) {
                        json.skipChildren();
                        continue;
                    }
                    boolean first = true;
                    for (JsonToken choice = json.nextToken(); choice != JsonToken.END_ARRAY; choice = json.nextToken()) {
                        if (choice == null) {
                            return null;
                        }
                        if (!first || choice != JsonToken.START_OBJECT) {
                            json.skipChildren();
                        } else {
                            for (String inner = LeanLine.field(json); inner != null; inner = LeanLine.field(json)) {
                                if (inner.equals("delta")) {
                                    words = LeanLine.content(json);
                                } else {
                                    json.skipChildren();
                                }
                            }
                        }
                        first = false;
                    }
                } else {
                    json.skipChildren();
                }
            }
            return LeanLine.closed(json) ? words : null;
        }

        /** Any line, read as a tree. */
        String tree(String line) {
            String data = Json.data(line);
            if (data == null || data.isEmpty()) {
                return null;
            }
            if (data.equals("[DONE]")) {
                done = true;
                return null;
            }
            JsonNode node = Json.read(data);
            if (node.has("error")) {
                throw new OrganFault(Kind.UNAVAILABLE, vendor + " failed in the middle of an answer; try again");
            }
            JsonNode choice = node.path("choices").path(0);
            if (choice.isMissingNode()) {
                return null;
            }
            for (JsonNode piece : choice.path("delta").path("tool_calls")) {
                JsonNode function = piece.path("function");
                calls.piece(piece.path("index").asInt(calls.size()), Json.text(piece, "id"), Json.text(function, "name"),
                        Json.text(function, "arguments"));
            }
            return Json.text(choice.path("delta"), "content");
        }

        @Override
        public boolean complete() {
            return done;
        }

        @Override
        public List<MindPiece.ToolCall> calls() {
            return calls.done();
        }

        @Override
        public boolean refusesTools(int status, String body) {
            return tools && namesTools(status, body);
        }

        @Override
        public boolean refusesStreaming(int status, String body) {
            return (status == 400 || status == 422) && body != null && body.toLowerCase(Locale.ROOT).contains("stream");
        }
    }

    /** One answer sent whole ({@code chat.completion}): her words are its message's content, once it has ended. */
    static final class Whole implements Dialect {
        private final String vendor;
        private final boolean tools;
        private final StringBuilder body = new StringBuilder();
        private final Calls calls = new Calls("call_");
        private boolean done;

        Whole(String vendor, boolean tools) {
            this.vendor = vendor;
            this.tools = tools;
        }

        @Override
        public String line(String line) {
            body.append(line).append('\n');
            return null;
        }

        @Override
        public String end() {
            JsonNode node = Json.read(body.toString());
            if (node.has("error")) {
                throw new OrganFault(Kind.UNAVAILABLE, vendor + " failed to answer; try again");
            }
            JsonNode message = node.path("choices").path(0).path("message");
            if (!message.isObject()) {
                return null;
            }
            done = true;
            int index = 0;
            for (JsonNode called : message.path("tool_calls")) {
                JsonNode function = called.path("function");
                calls.piece(index++, Json.text(called, "id"), Json.text(function, "name"), Json.text(function, "arguments"));
            }
            return Json.text(message, "content");
        }

        @Override
        public boolean complete() {
            return done;
        }

        @Override
        public List<MindPiece.ToolCall> calls() {
            return calls.done();
        }

        @Override
        public boolean refusesTools(int status, String body) {
            return tools && namesTools(status, body);
        }
    }
}
