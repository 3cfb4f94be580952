package ai.eternego.record;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One line of {@code home/conversation.jsonl}, upstream's shape:
 * {@code {"role":"person"|"persona","content","channel":{"type","name"}|null,"time"}}, time ISO with offset.
 * Readers need only role, content and time; other keys upstream writes (such as {@code media}) are ignored.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "role", "content", "channel", "time" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConversationLine(
        @JsonProperty("role") String role,
        @JsonProperty("content") String content,
        @JsonProperty("channel") Channel channel,
        @JsonProperty("time") String time) {

    public static final String PERSON = "person";
    public static final String PERSONA = "persona";

    /** Where a message came from: {@code web}, {@code telegram} or {@code discord}, and its name there. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({ "type", "name" })
    public record Channel(@JsonProperty("type") String type, @JsonProperty("name") String name) {
    }
}
