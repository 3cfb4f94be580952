package ai.eternego.memory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which beginnings of a streamed reply are held back, because they may still become a call in upstream's text form. */
class MayBeCallTest {

    @Test
    void nothingYetABraceOrACodeFenceMayBeACallAndWordsAreNot() {
        assertTrue(Abilities.mayBeCall(""));
        assertTrue(Abilities.mayBeCall(" \n\t "));
        assertTrue(Abilities.mayBeCall("{"));
        assertTrue(Abilities.mayBeCall("\n  {\"tools.draw\""));
        assertTrue(Abilities.mayBeCall("```"));
        assertTrue(Abilities.mayBeCall("  ```json\n{"));
        assertFalse(Abilities.mayBeCall("Hello"));
        assertFalse(Abilities.mayBeCall("  Hi {"));
        assertFalse(Abilities.mayBeCall("`"));
        assertFalse(Abilities.mayBeCall("``"));
        assertFalse(Abilities.mayBeCall("``x"));
        assertFalse(Abilities.mayBeCall(new StringBuilder("Words, ").append("x".repeat(100_000))));
    }
}
