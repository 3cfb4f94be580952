package ai.eternego.provider;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.eternego.provider.OrganFault.Kind;
import io.smallrye.mutiny.Multi;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.config.EternegoConfig;
import io.smallrye.mutiny.Uni;

/** Gemini: proves key and model with {@code GET /v1beta/models/{model}}. */
@ApplicationScoped
public class GeminiClient implements ModelProvider {

    private static final String RESOURCE_PREFIX = "models/";

    private final EternegoConfig.Providers config;
    private final RestClients clients;
    private final MindStream stream;

    public GeminiClient(EternegoConfig config, RestClients clients, MindStream stream) {
        this.config = config.providers();
        this.clients = clients;
        this.stream = stream;
    }

    @Override
    public String defaultUrl(Provider provider) {
        return config.gemini().url();
    }

    /** {@code model} may be given as Gemini names it ({@code models/gemini-2.5-flash}) or bare. */
    @Override
    public Uni<Void> check(Provider provider, String url, String apiKey, String model) {
        GeminiApi api = clients.get(GeminiApi.class, BaseUrl.gemini(url), config.connectTimeout(), config.readTimeout());
        String id = model.startsWith(RESOURCE_PREFIX) ? model.substring(RESOURCE_PREFIX.length()) : model;
        return Uni.createFrom().deferred(() -> api.model(id, apiKey))
                .replaceWithVoid()
                .onFailure().transform(t -> Faults.translate(t, Faults.Call.model("Gemini", url, model)));
    }

    /**
     * {@code :streamGenerateContent?alt=sse}: every event is a whole response; there is no {@code [DONE]},
     * so an answer is whole when a candidate carried its {@code finishReason}. Thought parts are not her words.
     * Her abilities are offered as {@code functionDeclarations}; a call is a {@code functionCall} part, sent
     * back as such (with its {@code thoughtSignature}) and its result as a {@code functionResponse} part.
     */
    @Override
    public Multi<MindPiece> think(Provider provider, String url, String apiKey, String model, MindRequest request) {
        String id = model.startsWith(RESOURCE_PREFIX) ? model.substring(RESOURCE_PREFIX.length()) : model;
        Map<String, String> headers = Map.of("x-goog-api-key", apiKey == null ? "" : apiKey);
        return stream.post(Faults.Call.model("Gemini", url, model),
                URI.create(BaseUrl.gemini(url) + "/models/" + id + ":streamGenerateContent?alt=sse"), headers,
                Json.write(body(request)), Chat::new);
    }

    static ObjectNode body(MindRequest request) {
        ObjectNode body = Json.object();
        boolean tools = !request.tools().isEmpty();
        ArrayNode contents = body.putArray("contents");
        for (MindRequest.Turn turn : request.turns()) {
            ObjectNode part = contents.addObject()
                    .put("role", MindRequest.ASSISTANT.equals(turn.role()) ? "model" : "user")
                    .putArray("parts").addObject();
            if (tools && turn.isCall()) {
                ObjectNode call = part.putObject("functionCall").put("name", turn.call().name());
                call.set("args", Calls.arguments(turn.call()));
                if (turn.call().signature() != null) {
                    part.put("thoughtSignature", turn.call().signature());
                }
            } else if (tools && turn.isResult()) {
                part.putObject("functionResponse").put("name", turn.call().name()).putObject("response")
                        .put("result", turn.content());
            } else {
                part.put("text", turn.content());
            }
        }
        body.putObject("systemInstruction").putArray("parts").addObject().put("text", request.system());
        if (tools) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            for (MindTool tool : request.tools()) {
                declarations.addObject().put("name", tool.name()).put("description", tool.description())
                        .set("parameters", Json.read(tool.parametersSchema()));
            }
        }
        return body;
    }

    static final class Chat implements Dialect {
        private final Calls calls = new Calls("gemini_call_");
        private final LeanLine lean = new LeanLine();
        private boolean finished;

        @Override
        public String line(String line) {
            String words = lean.data(line, Chat::text);
            return words != null ? words : tree(line);
        }

        /**
         * A piece of her words: {@code {"candidates":[{"content":{"parts":[{"text"}]}}]}}, its parts' texts
         * joined, with no {@code error}, {@code promptFeedback}, {@code finishReason}, call or thought.
         */
        static String text(JsonParser json) throws IOException {
            if (!LeanLine.object(json)) {
                return null;
            }
            StringBuilder words = new StringBuilder();
            for (String field = LeanLine.field(json); field != null; field = LeanLine.field(json)) {
                if (field.equals("error") || field.equals("promptFeedback")) {
                    return null;
                } else if (field.equals("candidates")) {
                    words.setLength(0);
                    if (!LeanLine.array(json)) {
                        json.skipChildren();
                        continue;
                    }
                    boolean first = true;
                    for (JsonToken candidate = json.nextToken(); candidate != JsonToken.END_ARRAY;
                            candidate = json.nextToken()) {
                        if (candidate == null) {
                            return null;
                        }
                        if (!first || candidate != JsonToken.START_OBJECT) {
                            json.skipChildren();
                        } else if (!candidate(json, words)) {
                            return null;
                        }
                        first = false;
                    }
                } else {
                    json.skipChildren();
                }
            }
            return LeanLine.closed(json) && !words.isEmpty() ? words.toString() : null;
        }

        /** Reads the first candidate's texts into {@code words}; {@code false} when the line is not words only. */
        private static boolean candidate(JsonParser json, StringBuilder words) throws IOException {
            for (String field = LeanLine.field(json); field != null; field = LeanLine.field(json)) {
                if (field.equals("finishReason") && !LeanLine.isNull(json)) {
                    return false;
                } else if (field.equals("content")) {
                    words.setLength(0);
                    if (!LeanLine.object(json)) {
                        json.skipChildren();
                        continue;
                    }
                    for (String inner = LeanLine.field(json); inner != null; inner = LeanLine.field(json)) {
                        if (!inner.equals("parts")) {
                            json.skipChildren();
                            continue;
                        }
                        words.setLength(0);
                        if (!LeanLine.array(json)) {
                            json.skipChildren();
                            continue;
                        }
                        for (JsonToken part = json.nextToken(); part != JsonToken.END_ARRAY; part = json.nextToken()) {
                            if (part == null) {
                                return false;
                            }
                            if (part != JsonToken.START_OBJECT) {
                                json.skipChildren();
                                continue;
                            }
                            String text = null;
                            for (String said = LeanLine.field(json); said != null; said = LeanLine.field(json)) {
                                if (said.equals("functionCall") || said.equals("thought")) {
                                    return false;
                                } else if (said.equals("text")) {
                                    text = LeanLine.text(json);
                                } else {
                                    json.skipChildren();
                                }
                            }
                            if (text != null) {
                                words.append(text);
                            }
                        }
                    }
                } else {
                    json.skipChildren();
                }
            }
            return LeanLine.closed(json);
        }

        /** Any line, read as a tree. */
        String tree(String line) {
            String data = Json.data(line);
            if (data == null || data.isEmpty()) {
                return null;
            }
            JsonNode node = Json.read(data);
            if (node.has("error")) {
                throw new OrganFault(Kind.UNAVAILABLE, "Gemini failed in the middle of an answer; try again");
            }
            if (node.path("promptFeedback").has("blockReason")) {
                throw new OrganFault(Kind.REJECTED, "Gemini blocked the prompt");
            }
            JsonNode candidate = node.path("candidates").path(0);
            if (candidate.hasNonNull("finishReason")) {
                finished = true;
            }
            StringBuilder words = new StringBuilder();
            for (JsonNode part : candidate.path("content").path("parts")) {
                JsonNode call = part.path("functionCall");
                if (call.isObject()) {
                    calls.whole(calls.size(), Json.text(call, "id"), Json.text(call, "name"), call.path("args"),
                            Json.text(part, "thoughtSignature"));
                } else if (!part.path("thought").asBoolean(false) && part.path("text").isTextual()) {
                    words.append(part.path("text").asText());
                }
            }
            return words.isEmpty() ? null : words.toString();
        }

        @Override
        public boolean complete() {
            return finished;
        }

        @Override
        public List<MindPiece.ToolCall> calls() {
            return calls.done();
        }
    }
}
