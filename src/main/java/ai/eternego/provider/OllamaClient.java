package ai.eternego.provider;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.eternego.config.EternegoConfig;
import ai.eternego.provider.OllamaApi.StatusLine;
import ai.eternego.provider.OrganFault.Kind;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Ollama, where local organs run: is a model there, pull it (following its progress, bounded by an
 * idle timeout rather than a total one), register and forget her Mind.
 */
@ApplicationScoped
public class OllamaClient implements ModelProvider {

    public static final String VENDOR = "Ollama";

    private static final Logger LOG = Logger.getLogger(OllamaClient.class);

    private final EternegoConfig.Providers config;
    private final EternegoConfig.Conversation conversation;
    private final RestClients clients;
    private final MindStream stream;

    public OllamaClient(EternegoConfig config, RestClients clients, MindStream stream) {
        this.config = config.providers();
        this.conversation = config.conversation();
        this.clients = clients;
        this.stream = stream;
    }

    /** The configured Ollama URL, used when an organ names none. */
    public String defaultUrl() {
        return config.ollama().url();
    }

    @Override
    public String defaultUrl(Provider provider) {
        return defaultUrl();
    }

    /** A local organ's check: its model is in Ollama. */
    @Override
    public Uni<Void> check(Provider provider, String url, String apiKey, String model) {
        return requireModel(url, model);
    }

    /** The names of the models Ollama has, as it lists them. */
    public Uni<List<String>> models(String url) {
        return Uni.createFrom().deferred(() -> api(url).tags())
                .map(tags -> tags.models() == null ? List.<String>of()
                        : tags.models().stream().map(m -> m.name() != null ? m.name() : m.model())
                                .filter(Objects::nonNull).toList())
                .onFailure().transform(t -> Faults.translate(t, call(url, null)));
    }

    /** Whether Ollama has {@code model}; {@code llama3} and {@code llama3:latest} are the same model. */
    public Uni<Boolean> has(String url, String model) {
        String wanted = ModelName.withTag(model);
        return models(url).map(names -> names.stream().map(ModelName::withTag).anyMatch(wanted::equals));
    }

    /** Fails with {@link Kind#NO_MODEL} unless Ollama has {@code model}: the heartbeat's cheap call. */
    public Uni<Void> requireModel(String url, String model) {
        return has(url, model).invoke(present -> {
            if (!present) {
                throw new OrganFault(Kind.NO_MODEL, "no such model: " + model);
            }
        }).replaceWithVoid();
    }

    /** Pulls {@code model}, reporting every progress line, given up after the configured idle timeout. */
    public Uni<Void> pull(String url, String model, Consumer<StatusLine> progress) {
        return pull(url, model, progress, config.pullIdleTimeout());
    }

    /** Pulls {@code model}; fails when no progress line arrives for {@code idleTimeout}. */
    public Uni<Void> pull(String url, String model, Consumer<StatusLine> progress, Duration idleTimeout) {
        return follow(url, model, "pull", idleTimeout, progress,
                () -> streamingApi(url).pull(new OllamaApi.Pull(model, true)));
    }

    /** Registers {@code name} (her Mind, {@code eternego-<id>}) from the base model {@code from}. */
    public Uni<Void> register(String url, String name, String from, Consumer<StatusLine> progress) {
        return follow(url, from, "register " + name + " from", config.pullIdleTimeout(), progress,
                () -> streamingApi(url).create(new OllamaApi.Create(name, from, true)));
    }

    /** Deletes the model {@code name}; one that is already gone is fine. */
    public Uni<Void> delete(String url, String name) {
        return Uni.createFrom().deferred(() -> api(url).delete(new OllamaApi.Delete(name)))
                .onFailure(t -> t instanceof VendorStatus s && s.status() == 404).recoverWithNull()
                .onFailure().transform(t -> Faults.translate(t, call(url, name)));
    }

    private Uni<Void> follow(String url, String model, String verb, Duration idleTimeout,
            Consumer<StatusLine> progress, Supplier<Multi<? extends StatusLine>> request) {
        return Multi.createFrom().deferred(request)
                .ifNoItem().after(idleTimeout).failWith(() -> new OrganFault(Kind.UNAVAILABLE,
                        "Ollama sent no progress for " + readable(idleTimeout) + " while trying to " + verb + " "
                                + model + "; try again"))
                .invoke(line -> {
                    if (line.error() != null) {
                        throw new OrganFault(Kind.REJECTED, "Ollama could not " + verb + " " + model + ": " + line.error());
                    }
                    progress.accept(line);
                })
                .collect().last()
                .invoke(last -> {
                    if (last == null || !"success".equals(last.status())) {
                        throw new OrganFault(Kind.UNAVAILABLE,
                                "Ollama stopped before it could " + verb + " " + model + "; try again");
                    }
                })
                .replaceWithVoid()
                .onFailure().transform(t -> {
                    if (t instanceof VendorStatus status && status.error() != null && status.status() != 401
                            && status.status() != 403) {
                        return new OrganFault(status.status() >= 500 ? Kind.UNAVAILABLE : Kind.REJECTED,
                                "Ollama could not " + verb + " " + model + ": " + status.error());
                    }
                    OrganFault fault = Faults.translate(t, call(url, model));
                    LOG.debugf("Ollama %s %s failed: %s", verb, model, fault.reason());
                    return fault;
                });
    }

    private OllamaApi api(String url) {
        return clients.get(OllamaApi.class, BaseUrl.ollama(url), config.connectTimeout(), config.readTimeout());
    }

    /** Pulls go quiet while Ollama verifies gigabytes: the idle timeout, not the read timeout, bounds them. */
    private OllamaApi streamingApi(String url) {
        Duration read = config.pullIdleTimeout().multipliedBy(2);
        return clients.get(OllamaApi.class, BaseUrl.ollama(url), config.connectTimeout(),
                read.compareTo(config.readTimeout()) > 0 ? read : config.readTimeout());
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static Faults.Call call(String url, String model) {
        return new Faults.Call(VENDOR, url, "Ollama refused the request", "no such model: " + model);
    }

    /**
     * {@code POST /api/chat}, NDJSON, with {@code options.num_ctx} so that the start of her prompt is kept.
     * Her abilities are offered as {@code tools} (OpenAI's shape); her calls come in {@code message.tool_calls}
     * and go back as such, their results as {@code tool} messages. A model without tool calling (a 400
     * whose error names tools) is asked again with her abilities told in words.
     */
    @Override
    public Multi<MindPiece> think(Provider provider, String url, String apiKey, String model, MindRequest request) {
        Multi<MindPiece> asked = ask(url, model, request);
        if (request.tools().isEmpty()) {
            return asked;
        }
        return asked.onFailure(ToolsRefused.class).recoverWithMulti(() -> ask(url, model, request.inWords()));
    }

    private Multi<MindPiece> ask(String url, String model, MindRequest request) {
        boolean tools = !request.tools().isEmpty();
        return stream.post(call(url, model), URI.create(BaseUrl.ollama(url) + "/api/chat"), Map.of(),
                Json.write(body(model, conversation.contextTokens(), request)), () -> new Chat(tools));
    }

    static ObjectNode body(String model, int contextTokens, MindRequest request) {
        ObjectNode body = Json.object().put("model", model).put("stream", true);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", request.system());
        boolean tools = !request.tools().isEmpty();
        for (MindRequest.Turn turn : request.turns()) {
            if (tools && turn.isCall()) {
                ObjectNode function = messages.addObject().put("role", "assistant").put("content", "")
                        .putArray("tool_calls").addObject().putObject("function");
                function.put("name", turn.call().name()).set("arguments", Calls.arguments(turn.call()));
            } else if (tools && turn.isResult()) {
                messages.addObject().put("role", "tool").put("content", turn.content())
                        .put("tool_name", turn.call().name());
            } else {
                messages.addObject().put("role", turn.role()).put("content", turn.content());
            }
        }
        if (tools) {
            Calls.openAiTools(body, request.tools());
        }
        body.putObject("options").put("num_ctx", contextTokens);
        return body;
    }

    /** One NDJSON object a line; {@code done:true} ends a whole answer, {@code thinking} is not her words. */
    static final class Chat implements Dialect {
        private final boolean tools;
        private final Calls calls = new Calls("ollama_call_");
        private final LeanLine lean = new LeanLine();
        private boolean done;

        Chat(boolean tools) {
            this.tools = tools;
        }

        @Override
        public String line(String line) {
            String words = lean.words(line, 0, Chat::text);
            return words != null ? words : tree(line);
        }

        /**
         * A piece of her words: {@code {"message":{"content"},"done":false}} with no {@code error} and no
         * {@code tool_calls}.
         */
        static String text(JsonParser json) throws IOException {
            if (!LeanLine.object(json)) {
                return null;
            }
            String words = null;
            for (String field = LeanLine.field(json); field != null; field = LeanLine.field(json)) {
                if (field.equals("error") || field.equals("done") && json.currentToken() != JsonToken.VALUE_FALSE) {
                    return null;
                } else if (field.equals("message")) {
                    words = LeanLine.content(json);
                } else {
                    json.skipChildren();
                }
            }
            return LeanLine.closed(json) ? words : null;
        }

        /** Any line, read as a tree. */
        String tree(String line) {
            if (line.isBlank()) {
                return null;
            }
            JsonNode node = Json.read(line);
            String error = Json.text(node, "error");
            if (error != null) {
                throw new OrganFault(Kind.UNAVAILABLE, "Ollama failed in the middle of an answer: " + error);
            }
            if (node.path("done").asBoolean(false)) {
                done = true;
            }
            for (JsonNode called : node.path("message").path("tool_calls")) {
                JsonNode function = called.path("function");
                JsonNode arguments = function.path("arguments");
                if (arguments.isTextual()) {
                    calls.piece(calls.size(), Json.text(called, "id"), Json.text(function, "name"), arguments.asText());
                } else {
                    calls.whole(calls.size(), Json.text(called, "id"), Json.text(function, "name"), arguments, null);
                }
            }
            return Json.text(node.path("message"), "content");
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
            return tools && status == 400 && body != null && body.toLowerCase(Locale.ROOT).contains("tools");
        }
    }
}
