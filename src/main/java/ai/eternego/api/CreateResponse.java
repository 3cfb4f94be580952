package ai.eternego.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import ai.eternego.persona.Born;
import ai.eternego.record.PersonaRecord;

/** The body of a successful create: her record as saved and the phrase, shown this once. */
@JsonPropertyOrder({ "persona", "recovery_phrase" })
@io.quarkus.runtime.annotations.RegisterForReflection
public record CreateResponse(@JsonProperty("persona") PersonaRecord persona,
        @JsonProperty("recovery_phrase") String recoveryPhrase) {

    static CreateResponse of(Born born) {
        return new CreateResponse(born.persona(), born.recoveryPhrase());
    }
}
