package ai.eternego.persona;

/** A lifecycle command done: the sentence that says what happened, and her state after it. */
public record Done(String sentence, PersonaState state) {
}
