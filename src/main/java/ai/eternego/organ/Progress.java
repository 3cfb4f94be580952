package ai.eternego.organ;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One step of preparing a part (an organ such as {@code eye} or a channel such as {@code telegram}):
 * {@code checking}, {@code pulling} (with bytes completed/total), {@code registering}, {@code ready} or
 * {@code failed} (with the reason a person can act on).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Progress(
        @JsonProperty("part") String part,
        @JsonProperty("step") String step,
        @JsonProperty("completed") Long completed,
        @JsonProperty("total") Long total,
        @JsonProperty("detail") String detail) {

    public static Progress of(String part, String step) {
        return new Progress(part, step, null, null, null);
    }
}
