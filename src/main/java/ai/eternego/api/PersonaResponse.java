package ai.eternego.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.eternego.record.PersonaRecord;

/** The body of a successful migrate: her record after migration. */
@io.quarkus.runtime.annotations.RegisterForReflection
public record PersonaResponse(@JsonProperty("persona") PersonaRecord persona) {
}
