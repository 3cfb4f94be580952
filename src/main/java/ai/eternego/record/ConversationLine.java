package ai.eternego.record;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One line of {@code home/conversation.jsonl}, upstream's shape:
 * {@code {"role":"person"|"persona","content","channel":{"type","name"}|null,"time"}}, time ISO with offset.
 * A line about a file she was sent or made adds upstream's {@code "media":{"source","caption"}}, its source
 * relative to her home ({@code media/telegram-20261129-101500.ogg}); a line without one writes no such key.
 * Readers need only role, content and time; other keys upstream writes are ignored.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "role", "content", "channel", "time", "media" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConversationLine(
        @JsonProperty("role") String role,
        @JsonProperty("content") String content,
        @JsonProperty("channel") Channel channel,
        @JsonProperty("time") String time,
        @JsonProperty("media") @JsonInclude(JsonInclude.Include.NON_NULL) Media media) {

    public static final String PERSON = "person";
    public static final String PERSONA = "persona";

    /** A line without a file. */
    public ConversationLine(String role, String content, Channel channel, String time) {
        this(role, content, channel, time, null);
    }

    /** The chat this line was said in, without the id of the person's message there ({@link Channel#chat()}). */
    public Channel where() {
        return channel == null ? null : channel.chat();
    }

    /**
     * Where a message came from: {@code web}, {@code telegram} or {@code discord}, and its name there. A
     * person's message from a chat platform adds the platform's id of it ({@code message}: Telegram's
     * {@code message_id}, Discord's snowflake), so that a message the platform offers again after a kill is
     * known to be kept; a channel without one writes no such key.
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({ "type", "name", "message" })
    public record Channel(@JsonProperty("type") String type, @JsonProperty("name") String name,
            @JsonProperty("message") @JsonInclude(JsonInclude.Include.NON_NULL) String message) {

        /** A chat, no message in it. */
        public Channel(String type, String name) {
            this(type, name, null);
        }

        /** The chat alone: where her reply, or a reminder, goes. */
        public Channel chat() {
            return message == null ? this : new Channel(type, name);
        }
    }

    /**
     * The file a line is about: {@code source} relative to her home (upstream writes an absolute path: read
     * any {@code .../home/} prefix as relative), and the words sent with it, if any.
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({ "source", "caption" })
    public record Media(@JsonProperty("source") String source,
            @JsonProperty("caption") @JsonInclude(JsonInclude.Include.NON_NULL) String caption) {
    }
}
