package ai.eternego.record;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Her record, {@code config.json}, in the upstream Eternego shape and key order so that diaries
 * move both ways between implementations. Reading tolerates unknown keys and older records.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "id", "name", "thinking", "version", "base_model", "birthday", "status", "idle_timeout",
        "imagination", "mouth", "eye", "ear", "teacher", "researcher", "channels" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PersonaRecord(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("thinking") OrganRecord thinking,
        @JsonProperty("version") String version,
        @JsonProperty("base_model") String baseModel,
        @JsonProperty("birthday") String birthday,
        @JsonProperty("status") String status,
        @JsonProperty("idle_timeout") Integer idleTimeout,
        @JsonProperty("imagination") OrganRecord imagination,
        @JsonProperty("mouth") OrganRecord mouth,
        @JsonProperty("eye") OrganRecord eye,
        @JsonProperty("ear") OrganRecord ear,
        @JsonProperty("teacher") OrganRecord teacher,
        @JsonProperty("researcher") OrganRecord researcher,
        @JsonProperty("channels") List<ChannelRecord> channels) {

    public static final String VERSION = "v1";
    public static final int DEFAULT_IDLE_TIMEOUT = 3600;

    /** Builds a record from organs keyed by {@link Organ}; absent organs are {@code null}. */
    public static PersonaRecord of(String id, String name, Map<Organ, OrganRecord> organs, String version,
            String baseModel, String birthday, String status, Integer idleTimeout, List<ChannelRecord> channels) {
        return new PersonaRecord(id, name, organs.get(Organ.THINKING), version, baseModel, birthday, status,
                idleTimeout, organs.get(Organ.IMAGINATION), organs.get(Organ.MOUTH), organs.get(Organ.EYE),
                organs.get(Organ.EAR), organs.get(Organ.TEACHER), organs.get(Organ.RESEARCHER),
                List.copyOf(channels));
    }

    @JsonIgnore
    public OrganRecord organ(Organ organ) {
        return switch (organ) {
            case THINKING -> thinking;
            case IMAGINATION -> imagination;
            case MOUTH -> mouth;
            case EYE -> eye;
            case EAR -> ear;
            case TEACHER -> teacher;
            case RESEARCHER -> researcher;
        };
    }

    /** Every organ she has, keyed by organ, in record order. */
    @JsonIgnore
    public Map<Organ, OrganRecord> organs() {
        Map<Organ, OrganRecord> organs = new EnumMap<>(Organ.class);
        for (Organ organ : Organ.values()) {
            if (organ(organ) != null) {
                organs.put(organ, organ(organ));
            }
        }
        return organs;
    }

    public PersonaRecord withStatus(String newStatus) {
        return of(id, name, organs(), version, baseModel, birthday, newStatus, idleTimeout, channels);
    }
}
