package ai.eternego.memory;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What she knows, as upstream's knowledge route gives it: {@code memory} maps each identity file present
 * in her home (such as {@code person.md}) to its text; {@code instruction} lists the ways of doing things
 * she has learned ({@code meanings/}) and the lessons she was taught ({@code lessons/}).
 */
@RegisterForReflection
@JsonPropertyOrder({ "memory", "instruction" })
public record KnowledgeView(@JsonProperty("memory") Map<String, String> memory,
        @JsonProperty("instruction") List<Instruction> instruction) {

    /**
     * One learned way of doing something: the file it lives in (home-relative), the intention it answers,
     * its text, and where it comes from ({@code meaning} or {@code lesson}).
     */
    @RegisterForReflection
    @JsonPropertyOrder({ "file", "intention", "body", "source" })
    public record Instruction(@JsonProperty("file") String file, @JsonProperty("intention") String intention,
            @JsonProperty("body") String body, @JsonProperty("source") String source) {
    }
}
