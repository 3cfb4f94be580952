package ai.eternego.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.config.Redact;
import ai.eternego.core.Refusal;
import ai.eternego.persona.Conversation;
import ai.eternego.persona.PersonaEvent;
import ai.eternego.record.ConversationLine;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Her conversation over a WebSocket, {@code /ws/{id}}: from the moment it opens, a {@code heard} frame for
 * every message she hears and a {@code chat_message} frame (upstream's UI frame) for every reply, in the
 * order they are kept, and a {@code status} frame whenever her status changes, as {@code GET /events}
 * tells them; the socket closes when she is deleted. A text frame {@code {"type":"chat_message",
 * "content"}} (or plain text) is heard from the {@code web} channel. An unknown persona is closed with
 * 4404, a malformed id with 4400; a message she cannot hear is answered with an {@code error} frame.
 */
@WebSocket(path = "/ws/{id}")
public class ConversationSocket {

    private static final UserData.TypedKey<Cancellable> FOLLOWING = new UserData.TypedKey<>("following");
    private static final int MAX_CLOSE_REASON = 120;

    private final Conversation conversation;
    private final ObjectMapper json;

    public ConversationSocket(Conversation conversation, ObjectMapper json) {
        this.conversation = conversation;
        this.json = json;
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Frame(@JsonProperty("type") String type, @JsonProperty("persona_id") String personaId,
            @JsonProperty("content") String content, @JsonProperty("channel") ConversationLine.Channel channel,
            @JsonProperty("time") String time, @JsonProperty("status") Integer status,
            @JsonProperty("detail") String detail) {
    }

    /** Her status changed: {@code running}, {@code stopped}, or {@code sick} and why in {@code detail}. */
    @RegisterForReflection
    public record StatusFrame(@JsonProperty("type") String type, @JsonProperty("persona_id") String personaId,
            @JsonProperty("status") String status, @JsonProperty("detail") String detail) {
    }

    @OnOpen
    @Blocking
    public void open(@PathParam String id, WebSocketConnection connection) {
        try {
            Cancellable following = conversation.events(id).subscribe().with(
                    event -> connection.sendText(frame(id, event)).subscribe().with(sent -> { }, failure -> close(connection, null)),
                    failure -> close(connection, null),
                    () -> close(connection, new CloseReason(CloseReason.NORMAL.getCode(), "She is deleted.")));
            connection.userData().put(FOLLOWING, following);
        } catch (Refusal refusal) {
            String reason = Redact.text(refusal.sentence());
            connection.closeAndAwait(new CloseReason(4000 + RefusalStatus.of(refusal),
                    reason.length() > MAX_CLOSE_REASON ? reason.substring(0, MAX_CLOSE_REASON) : reason));
        }
    }

    @OnTextMessage
    public Uni<Void> message(@PathParam String id, String text, WebSocketConnection connection) {
        return Uni.createFrom().item(() -> content(text))
                .chain(content -> conversation.hear(id, content, ConversationResource.WEB))
                .replaceWithVoid()
                .onFailure(Refusal.class).recoverWithUni(failure -> {
                    Refusal refusal = (Refusal) failure;
                    return connection.sendText(write(new Frame("error", id, null, null, null, RefusalStatus.of(refusal),
                            Redact.text(refusal.sentence()))));
                });
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        Cancellable following = connection.userData().remove(FOLLOWING);
        if (following != null) {
            following.cancel();
        }
    }

    private static void close(WebSocketConnection connection, CloseReason reason) {
        if (connection.isOpen()) {
            (reason == null ? connection.close() : connection.close(reason)).subscribe().with(closed -> { }, failed -> { });
        }
    }

    /**
     * Her reply is upstream's {@code chat_message}; what she hears is {@code heard}, with where it came from;
     * a change of her status is {@code status}.
     */
    private String frame(String id, PersonaEvent event) {
        if (event instanceof PersonaEvent.Status status) {
            return write(new StatusFrame("status", id, status.status(),
                    status.detail() == null ? null : Redact.text(status.detail())));
        }
        ConversationLine line = ((PersonaEvent.Line) event).line();
        boolean said = ConversationLine.PERSONA.equals(line.role());
        return write(said ? new Frame("chat_message", id, line.content(), null, null, null, null)
                : new Frame("heard", id, line.content(), line.channel(), line.time(), null, null));
    }

    /** {@code {"type":"chat_message","content"}}, or the text itself when it is not such a frame. */
    private String content(String text) {
        if (text.stripLeading().startsWith("{")) {
            try {
                JsonNode frame = json.readTree(text);
                if (frame.isObject() && "chat_message".equals(frame.path("type").asText()) && frame.path("content").isTextual()) {
                    return frame.path("content").asText();
                }
                throw Refusal.invalid("A frame is {\"type\":\"chat_message\",\"content\":\"...\"} or plain text.");
            } catch (JsonProcessingException e) {
                return text;
            }
        }
        return text;
    }

    private String write(Object frame) {
        try {
            return json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
