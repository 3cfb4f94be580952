package ai.eternego.persona;

import ai.eternego.record.PersonaRecord;

/** Her record and whether her agent runs now. */
public record PersonaState(PersonaRecord record, boolean running) {
}
