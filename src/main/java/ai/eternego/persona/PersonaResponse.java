package ai.eternego.persona;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of a successful migrate: her record after migration. */
@io.quarkus.runtime.annotations.RegisterForReflection
public record PersonaResponse(@JsonProperty("persona") PersonaRecord persona) {
}
