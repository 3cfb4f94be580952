package ai.eternego.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.eternego.config.Redact;
import ai.eternego.core.Items;
import ai.eternego.core.PersonaId;
import ai.eternego.core.Refusal;
import ai.eternego.persona.Conversation;
import ai.eternego.persona.Heard;
import ai.eternego.persona.PersonaQueries;
import ai.eternego.persona.PersonaState;
import ai.eternego.persona.Said;
import ai.eternego.record.ConversationLine;
import ai.eternego.record.PersonaRecord;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The OpenAI-compatible door: {@code GET /v1/models}, {@code GET /v1/models/{id}} and
 * {@code POST /v1/chat/completions}, where a model is a running persona and her id its name. She hears
 * only the last user message (her own memory gives the context) and answers through her one inbox,
 * whole or as {@code chat.completion.chunk} events ending in {@code data: [DONE]}. Every error is in
 * OpenAI's shape {@code {"error": {"message", "type", "code"}}}. Routes of the router (not resources)
 * because whether she answers as a stream is told in the body, and the stream's status is known only once
 * she has heard. The {@link Guard} runs before them like before every route: the API token is the API key.
 */
@ApplicationScoped
public class OpenAiDoor {

    static final ConversationLine.Channel CHANNEL = new ConversationLine.Channel("api", "openai");
    private static final Logger LOG = Logger.getLogger(OpenAiDoor.class);
    private static final int CHARS_PER_TOKEN = 4;

    private final Conversation conversation;
    private final PersonaQueries queries;
    private final ObjectMapper json;

    public OpenAiDoor(Conversation conversation, PersonaQueries queries, ObjectMapper json) {
        this.conversation = conversation;
        this.queries = queries;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.get("/v1/models").handler(this::models);
        router.get("/v1/models/:id").handler(this::model);
        router.post("/v1/chat/completions").handler(BodyHandler.create().setBodyLimit(Guard.MAX_JSON_BYTES))
                .handler(this::complete);
    }

    private void models(RoutingContext ctx) {
        queries.list().subscribe().with(states -> {
            ObjectNode list = json.createObjectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            states.stream().filter(PersonaState::running).forEach(state -> data.add(model(state.record())));
            send(ctx, 200, list);
        }, failure -> fail(ctx, failure));
    }

    private void model(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!PersonaId.isCanonical(id)) {
            fail(ctx, modelNotFound(id));
            return;
        }
        queries.view(id).subscribe().with(state -> {
            if (state.running()) {
                send(ctx, 200, model(state.record()));
            } else {
                fail(ctx, modelNotFound(id));
            }
        }, failure -> fail(ctx, failure));
    }

    private ObjectNode model(PersonaRecord record) {
        return json.createObjectNode().put("id", record.id()).put("object", "model")
                .put("created", born(record.birthday())).put("owned_by", "eternego").put("name", record.name());
    }

    /** Her birthday in epoch seconds: an ISO date-time, or a bare date (its midnight UTC); 0 when unreadable. */
    private static long born(String birthday) {
        if (birthday != null) {
            try {
                return OffsetDateTime.parse(birthday).toEpochSecond();
            } catch (DateTimeParseException notWithOffset) {
                // read below as a local date-time or a date
            }
            try {
                return LocalDateTime.parse(birthday).toEpochSecond(ZoneOffset.UTC);
            } catch (DateTimeParseException notDateTime) {
                // read below as a date
            }
            try {
                return LocalDate.parse(birthday).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                // not a date upstream writes
            }
        }
        return 0;
    }

    /** What a chat completion asks: whose model, the last user message, whether as a stream. */
    private record Ask(String model, String message, boolean stream) {
    }

    private void complete(RoutingContext ctx) {
        Ask ask;
        try {
            ask = ask(ctx.body().asString());
        } catch (Refusal refusal) {
            fail(ctx, refusal);
            return;
        }
        if (!PersonaId.isCanonical(ask.model())) {
            fail(ctx, modelNotFound(ask.model()));
            return;
        }
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        conversation.hear(ask.model(), ask.message(), CHANNEL).subscribe().with(heard -> {
            if (ask.stream()) {
                stream(ctx, heard, id, created, ask);
            } else {
                heard.reply().said().subscribe().with(said -> send(ctx, 200, completion(id, created, ask, said)),
                        failure -> fail(ctx, failure));
            }
        }, failure -> fail(ctx, failure instanceof Refusal refusal && refusal.kind() == Refusal.Kind.NOT_FOUND
                ? modelNotFound(ask.model()) : failure));
    }

    /** Reads the request body; a refusal (400) names what is wrong with it. */
    private Ask ask(String body) {
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw Refusal.invalid("The body is not JSON: send {\"model\", \"messages\"}.");
        }
        if (request == null || !request.isObject()) {
            throw Refusal.invalid("The body must be a JSON object with \"model\" and \"messages\".");
        }
        JsonNode model = request.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw Refusal.invalid("model: required, the id of a running persona (see GET /v1/models).");
        }
        JsonNode messages = request.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw Refusal.invalid("messages: required, a non-empty array of {\"role\", \"content\"}.");
        }
        JsonNode stream = request.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw Refusal.invalid("stream: must be true or false.");
        }
        String last = null;
        for (JsonNode message : messages) {
            if (!message.isObject() || !message.path("role").isTextual()) {
                throw Refusal.invalid("messages: every message is an object with a \"role\" and a \"content\".");
            }
            if ("user".equals(message.path("role").asText())) {
                last = text(message.get("content"));
            }
        }
        if (last == null || last.isBlank()) {
            throw Refusal.invalid("messages: there is no user message with text for her to hear.");
        }
        return new Ask(model.asText(), last, stream != null && stream.asBoolean());
    }

    /** A message's text: a string, or the {@code text} parts of an array of content parts. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw Refusal.invalid("messages: a content is a string or an array of {\"type\": \"text\", \"text\"} parts.");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                text.append(text.length() == 0 ? "" : "\n").append(part.path("text").asText());
            }
        }
        return text.toString();
    }

    private ObjectNode completion(String id, long created, Ask ask, Said said) {
        ObjectNode body = json.createObjectNode().put("id", id).put("object", "chat.completion").put("created", created)
                .put("model", ask.model());
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", said.content());
        choice.put("finish_reason", "stop");
        long prompt = tokens(ask.message());
        long completion = tokens(said.content());
        body.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        return body;
    }

    /**
     * Her answer as chunks: her role, her words as they arrive, whatever of what she said was not streamed
     * (when her Mind failed, her words about it), then {@code finish_reason: stop} and {@code [DONE]}.
     */
    private void stream(RoutingContext ctx, Heard heard, String id, long created, Ask ask) {
        HttpServerResponse response = ctx.response().setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        write(response, chunk(id, created, ask, delta -> delta.put("role", "assistant"), null));
        StringBuilder streamed = new StringBuilder();
        Cancellable answer = Items.each(heard.reply().words(), piece -> {
            streamed.append(piece);
            write(response, chunk(id, created, ask, delta -> delta.put("content", piece), null));
        }).chain(() -> heard.reply().said()).subscribe().with(said -> {
            String rest = said.content().startsWith(streamed.toString())
                    ? said.content().substring(streamed.length()) : said.content();
            if (!rest.isEmpty()) {
                write(response, chunk(id, created, ask, delta -> delta.put("content", rest), null));
            }
            write(response, chunk(id, created, ask, delta -> { }, "stop"));
            if (!response.ended() && !response.closed()) {
                response.end("data: [DONE]\n\n");
            }
        }, failure -> end(response, failure));
        response.closeHandler(closed -> answer.cancel());
    }

    private ObjectNode chunk(String id, long created, Ask ask, Consumer<ObjectNode> delta,
            String finish) {
        ObjectNode body = json.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
                .put("created", created).put("model", ask.model());
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        delta.accept(choice.putObject("delta"));
        choice.put("finish_reason", finish);
        return body;
    }

    private void write(HttpServerResponse response, ObjectNode data) {
        if (!response.ended() && !response.closed()) {
            response.write("data: " + data + "\n\n");
        }
    }

    /** A stream that cannot go on says why as an error event, then ends. */
    private void end(HttpServerResponse response, Throwable failure) {
        if (!response.ended() && !response.closed()) {
            response.end("data: " + error(failure).path("body") + "\n\n");
        }
    }

    private static long tokens(String text) {
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    private static Refusal modelNotFound(String model) {
        return Refusal.notFound("The model '" + Redact.text(String.valueOf(model))
                + "' does not exist: a model is the id of a running persona (see GET /v1/models).");
    }

    private void send(RoutingContext ctx, int status, JsonNode body) {
        if (!ctx.response().ended() && !ctx.response().closed()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
        }
    }

    private void fail(RoutingContext ctx, Throwable failure) {
        ObjectNode error = error(failure);
        send(ctx, error.path("status").asInt(), error.path("body"));
    }

    /** {@code {"status", "body": {"error": {"message", "type", "code"}}}}: OpenAI's shape of a failure. */
    private ObjectNode error(Throwable failure) {
        int status;
        String message;
        String type;
        String code;
        if (failure instanceof Refusal refusal) {
            status = RefusalStatus.of(refusal);
            message = Redact.text(refusal.sentence());
            type = status >= 500 ? "server_error" : "invalid_request_error";
            code = switch (refusal.kind()) {
                case NOT_FOUND -> "model_not_found";
                case CONFLICT -> "model_not_running";
                case INVALID, MALFORMED -> "invalid_request";
                default -> status >= 500 ? "server_error" : "invalid_request";
            };
        } else {
            LOG.errorf("The OpenAI door failed: %s", Redact.text(String.valueOf(failure.getMessage())));
            status = 500;
            message = "Something went wrong on our side.";
            type = "server_error";
            code = "server_error";
        }
        ObjectNode answer = json.createObjectNode().put("status", status);
        answer.putObject("body").putObject("error").put("message", message).put("type", type).put("code", code);
        return answer;
    }
}
