package ai.eternego.memory;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Her calendar between two instants, in upstream's shape: {@code history} (what happened, by kind:
 * {@code conversation}, {@code schedule}, {@code reminder}) and {@code destiny} (what is to come:
 * {@code schedule}, {@code reminder}).
 */
@RegisterForReflection
@JsonPropertyOrder({ "start", "end", "history", "destiny" })
public record CalendarView(@JsonProperty("start") String start, @JsonProperty("end") String end,
        @JsonProperty("history") Map<String, List<Entry>> history,
        @JsonProperty("destiny") Map<String, List<Entry>> destiny) {

    /** One event: when, its text, and (for destiny) how it recurs, or {@code null}. */
    @RegisterForReflection
    @JsonPropertyOrder({ "time", "file", "body", "recurrence" })
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Entry(@JsonProperty("time") String time, @JsonProperty("file") String file,
            @JsonProperty("body") String body, @JsonProperty("recurrence") String recurrence) {
    }
}
