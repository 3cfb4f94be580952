package ai.eternego.provider;

import java.net.URI;
import java.util.Map;

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
     * role are merged, as Anthropic requires. {@code message_stop} ends a whole answer.
     */
    @Override
    public Multi<String> chat(Provider provider, String url, String apiKey, String model, MindRequest request) {
        ObjectNode body = Json.object().put("model", model).put("max_tokens", conversation.maxAnswerTokens());
        body.putArray("system").addObject().put("type", "text").put("text", request.system());
        ArrayNode messages = body.putArray("messages");
        ObjectNode last = null;
        for (MindRequest.Turn turn : request.turns()) {
            if (last == null && !MindRequest.USER.equals(turn.role())) {
                continue;
            }
            if (last != null && last.path("role").asText().equals(turn.role())) {
                last.put("content", last.path("content").asText() + "\n\n" + turn.content());
            } else {
                last = messages.addObject().put("role", turn.role()).put("content", turn.content());
            }
        }
        body.put("stream", true);
        Map<String, String> headers = Map.of("x-api-key", apiKey == null ? "" : apiKey,
                "anthropic-version", "2023-06-01");
        return stream.post(Faults.Call.model("Anthropic", url, model), URI.create(BaseUrl.anthropic(url) + "/messages"),
                headers, Json.write(body), Chat::new);
    }

    /** Text comes in {@code text_delta}s; {@code thinking_delta}s are not her words; {@code error} fails. */
    static final class Chat implements Dialect {
        private boolean stopped;

        @Override
        public String line(String line) {
            String data = Json.data(line);
            if (data == null || data.isEmpty()) {
                return null;
            }
            JsonNode node = Json.read(data);
            switch (node.path("type").asText()) {
                case "content_block_delta" -> {
                    JsonNode delta = node.path("delta");
                    return "text_delta".equals(delta.path("type").asText()) ? Json.text(delta, "text") : null;
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
    }
}
