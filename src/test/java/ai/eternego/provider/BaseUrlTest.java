package ai.eternego.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import ai.eternego.core.Refusal;

class BaseUrlTest {

    @ParameterizedTest
    @CsvSource({
            "https://api.openai.com, https://api.openai.com/v1",
            "https://api.openai.com/, https://api.openai.com/v1",
            "https://api.openai.com/v1, https://api.openai.com/v1",
            "https://api.openai.com/v1/, https://api.openai.com/v1",
            "https://api.groq.com/openai/v1, https://api.groq.com/openai/v1",
            "https://api.groq.com/openai/v1//, https://api.groq.com/openai/v1",
            "http://host:8080/proxy/openai, http://host:8080/proxy/openai/v1",
    })
    void openAiAddsV1Once(String given, String expected) {
        assertEquals(expected, BaseUrl.openAi(given).toString());
        assertEquals(expected, BaseUrl.anthropic(given).toString());
    }

    @ParameterizedTest
    @CsvSource({
            "https://generativelanguage.googleapis.com, https://generativelanguage.googleapis.com/v1beta",
            "https://generativelanguage.googleapis.com/v1beta/, https://generativelanguage.googleapis.com/v1beta",
            "http://host/proxy/gemini, http://host/proxy/gemini/v1beta",
    })
    void geminiAddsV1betaOnce(String given, String expected) {
        assertEquals(expected, BaseUrl.gemini(given).toString());
    }

    @ParameterizedTest
    @CsvSource({
            "http://localhost:11434, http://localhost:11434",
            "http://localhost:11434/, http://localhost:11434",
            "http://host:8080/proxy/ollama/, http://host:8080/proxy/ollama",
    })
    void ollamaKeepsItsPath(String given, String expected) {
        assertEquals(expected, BaseUrl.ollama(given).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "localhost:11434", "ftp://host", "file:///etc/passwd", "http://", "not a url",
            "http://host/?key=1", "http://host/#x", " " })
    void rejectsWhatIsNotAnAbsoluteHttpUrl(String given) {
        Refusal e = assertThrows(Refusal.class, () -> BaseUrl.validate(given, "eye_url"));
        assertEquals(Refusal.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("eye_url: "), e.getMessage());
    }

    @Test
    void acceptsHttpAndHttps() {
        assertEquals("https://api.groq.com/openai/v1", BaseUrl.validate("https://api.groq.com/openai/v1", "eye_url"));
        assertEquals("http://127.0.0.1:11434", BaseUrl.validate(" http://127.0.0.1:11434 ", "thinking_url"));
    }

    @Test
    void displayDropsUserInfoAndQuery() {
        assertEquals("http://host:8080/proxy", BaseUrl.display("http://user:secret@host:8080/proxy/"));
    }
}
