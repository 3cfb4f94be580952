package ai.eternego.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.eternego.core.Refusal;

class ModelNameTest {

    @ParameterizedTest
    @ValueSource(strings = { "qwen2.5:14b", "llama3", "gpt-4o-mini", "claude-sonnet-4-6", "library/llama3:8b",
            "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "grok-4" })
    void acceptsRealNames(String name) {
        assertTrue(ModelName.isValid(name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "-x", ".hidden", "a b", "../etc/passwd", "a/../b", "a..b", "x?y", "x#y", "a\nb",
            "/abs" })
    void rejectsTheRest(String name) {
        assertFalse(ModelName.isValid(name));
    }

    @Test
    void rejectsTooLong() {
        assertTrue(ModelName.isValid("a".repeat(200)));
        assertFalse(ModelName.isValid("a".repeat(201)));
    }

    @Test
    void requireNamesTheField() {
        Refusal e = assertThrows(Refusal.class, () -> ModelName.require("../x", "eye_model"));
        assertEquals(Refusal.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("eye_model: "));
    }

    @Test
    void tagsLikeOllama() {
        assertEquals("llama3:latest", ModelName.withTag("llama3"));
        assertEquals("qwen2.5:14b", ModelName.withTag("qwen2.5:14b"));
        assertEquals("registry.local:5000/llama3:latest", ModelName.withTag("registry.local:5000/llama3"));
    }
}
