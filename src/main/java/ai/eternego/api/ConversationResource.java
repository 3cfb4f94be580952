package ai.eternego.api;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.config.Redact;
import ai.eternego.core.Items;
import ai.eternego.core.Refusal;
import ai.eternego.persona.Conversation;
import ai.eternego.persona.PersonaEvent;
import ai.eternego.record.ConversationLine;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Talking with her: she hears, she answers (whole, or word by word), and her conversation is read. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Conversation")
public class ConversationResource {

    static final ConversationLine.Channel WEB = new ConversationLine.Channel("web", "web");

    private static final byte[] TOKEN = "event:token\ndata:{\"text\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOKEN_END = "\"}\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Conversation conversation;
    private final ObjectMapper json;

    public ConversationResource(Conversation conversation, ObjectMapper json) {
        this.conversation = conversation;
        this.json = json;
    }

    @RegisterForReflection
    public record MessageRequest(@JsonProperty("message") @NotNull(message = "is required") String message) {
    }

    @RegisterForReflection
    public record Received(@JsonProperty("status") String status) {
    }

    @RegisterForReflection
    public record ChatBody(@JsonProperty("reply") String reply, @JsonProperty("time") String time,
            @JsonProperty("media") @JsonInclude(JsonInclude.Include.NON_NULL) ConversationLine.Media media) {
    }

    @RegisterForReflection
    public record SaidBody(@JsonProperty("content") String content, @JsonProperty("time") String time,
            @JsonProperty("media") @JsonInclude(JsonInclude.Include.NON_NULL) ConversationLine.Media media) {
    }

    /** Her status changed: {@code running}, {@code stopped}, or {@code sick} and why. */
    @RegisterForReflection
    public record StatusBody(@JsonProperty("status") String status, @JsonProperty("detail") String detail) {
    }

    @RegisterForReflection
    public record Messages(@JsonProperty("messages") List<ConversationLine> messages) {
    }

    @POST
    @Path("/persona/{id}/hear")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "She hears a message", description = "Answered once the message is kept on disk; she "
            + "answers in turn (see GET /conversation). 409 when she is not running.")
    public Uni<Received> hear(@PathParam("id") String id, @Valid @NotNull(message = "is required") MessageRequest body) {
        return conversation.hear(id, body.message(), WEB).map(heard -> new Received("received"));
    }

    @POST
    @Path("/persona/{id}/chat")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Talk with her: her reply once she has finished")
    public Uni<ChatBody> chat(@PathParam("id") String id, @Valid @NotNull(message = "is required") MessageRequest body) {
        return conversation.hear(id, body.message(), WEB).chain(heard -> heard.reply().said())
                .map(said -> new ChatBody(said.content(), said.time(), said.media()));
    }

    /**
     * Quarkus REST sends the status and the headers of the event stream before it subscribes; each event is
     * then written to the response as it comes (no writer looked up for a piece of a few characters), and
     * the returned stream, empty, ends the response once she has said it all or why she could not.
     */
    @POST
    @Path("/persona/{id}/chat")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Talk with her, word by word", description = "`token` events {text} as her words arrive, "
            + "then one `said` event {content, time, media?}, or one `error` event {status, detail}.")
    public Multi<Void> chatStream(@PathParam("id") String id, @Valid @NotNull(message = "is required") MessageRequest body,
            @Context HttpServerResponse response) {
        return conversation.hear(id, body.message(), WEB)
                .chain(heard -> Items.each(heard.reply().words(), word -> response.write(token(word)))
                        .chain(() -> heard.reply().said())
                        .map(said -> chatEvent("said", new SaidBody(said.content(), said.time(), said.media()))))
                .onFailure().recoverWithItem(failure -> chatEvent("error", error(failure)))
                .invoke(response::write)
                .replaceWithVoid().toMulti();
    }

    @GET
    @Path("/persona/{id}/conversation")
    @Operation(summary = "Her conversation, oldest first (the last `limit` messages, 100 unless told)")
    public Uni<Messages> conversation(@PathParam("id") String id,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        return conversation.messages(id, limit).map(Messages::new);
    }

    @GET
    @Path("/persona/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Follow her", description = "From now on, in the order they happen: one `heard` event for "
            + "every message she hears and one `said` event for every reply, each a line of her conversation, and one "
            + "`status` event {status: running|stopped|sick, detail} whenever her status changes (detail says why she "
            + "is sick). The stream ends when she is deleted.")
    @Blocking
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
        return conversation.events(id).map(event -> {
            if (event instanceof PersonaEvent.Status status) {
                return event(sse, "status", new StatusBody(status.status(),
                        status.detail() == null ? null : Redact.text(status.detail())));
            }
            ConversationLine line = ((PersonaEvent.Line) event).line();
            return event(sse, ConversationLine.PERSON.equals(line.role()) ? "heard" : "said", line);
        });
    }

    private static ProgressStream.ErrorEvent error(Throwable failure) {
        if (failure instanceof Refusal refusal) {
            return new ProgressStream.ErrorEvent(RefusalStatus.of(refusal), Redact.text(refusal.sentence()), null, null);
        }
        return new ProgressStream.ErrorEvent(500, "Something went wrong on our side.", null, null);
    }

    /**
     * A {@code token} event {@code {"text"}}, its bytes made here: one goes out for every piece of her answer,
     * and is written to the response as it is (see {@link #chatStream}). Text of printable ASCII other than
     * {@code "} and {@code \} is its own JSON: its bytes are copied as they are.
     */
    static Buffer token(String word) {
        int length = word.length();
        byte[] event = new byte[TOKEN.length + length + TOKEN_END.length];
        System.arraycopy(TOKEN, 0, event, 0, TOKEN.length);
        for (int i = 0; i < length; i++) {
            char c = word.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                // a character JSON escapes, or one of more than a byte: Jackson writes the text
                byte[] text = JsonStringEncoder.getInstance().quoteAsUTF8(word);
                return Buffer.buffer(TOKEN.length + text.length + TOKEN_END.length).appendBytes(TOKEN)
                        .appendBytes(text).appendBytes(TOKEN_END);
            }
            event[TOKEN.length + i] = (byte) c;
        }
        System.arraycopy(TOKEN_END, 0, event, TOKEN.length + length, TOKEN_END.length);
        return Buffer.buffer(event);
    }

    /** An event named {@code name} with {@code data} as JSON, as the JSON of every response is written. */
    private Buffer chatEvent(String name, Object data) {
        try {
            return Buffer.buffer("event:" + name + "\ndata:" + json.writeValueAsString(data) + "\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event could not be written", e);
        }
    }

    private static OutboundSseEvent event(Sse sse, String name, Object data) {
        return sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
    }
}
