package ai.eternego.agent;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One heartbeat as kept in {@code health.jsonl}: when, and which organs did not answer. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "time", "ok", "faults" })
public record Beat(@JsonProperty("time") String time, @JsonProperty("ok") boolean ok,
        @JsonProperty("faults") List<String> faults) {

    public static Beat of(Instant at, List<String> faults) {
        return new Beat(at.toString(), faults.isEmpty(), List.copyOf(faults));
    }
}
