package ai.eternego.persona;

import ai.eternego.record.PersonaRecord;

/** A persona just born: her record as saved and her recovery phrase, told this once and never stored. */
public record Born(PersonaRecord persona, String recoveryPhrase) {
}
