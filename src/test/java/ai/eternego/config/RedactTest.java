package ai.eternego.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import ai.eternego.testing.FakeWorld;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The redaction helper, and its filter on the real log handlers. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class RedactTest {

    @Test
    void secretShapesAreMasked() {
        assertEquals("GET https://api.telegram.org/bot<redacted>/getMe",
                Redact.text("GET https://api.telegram.org/bot7000000000:AAKIT-secret_token/getMe"));
        assertEquals("Authorization: <redacted>", Redact.text("Authorization: Bearer sk-live-abcdef123456"));
        assertEquals("header Bot <redacted> sent", Redact.text("header Bot MTA4.discord-bot-token.xyz sent"));
        assertEquals("x-api-key: <redacted>", Redact.text("x-api-key: sk-ant-api03-XYZ123456"));
        assertEquals("/v1beta/models/m?key=<redacted>&alt=sse", Redact.text("/v1beta/models/m?key=AIzaSecret&alt=sse"));
        assertEquals("{\"api_key\":\"<redacted>\",\"name\":\"Iris\"}",
                Redact.text("{\"api_key\":\"anything at all\",\"name\":\"Iris\"}"));
        assertEquals("{\"recovery_phrase\": \"<redacted>\"}", Redact.text("{\"recovery_phrase\": \"abandon art\"}"));
        assertEquals("eye (openai): the API key was refused", Redact.text("eye (openai): the API key was refused"));
        assertEquals(null, Redact.text(null));
    }

    @Test
    void logLinesAreRedactedBeforeTheyAreWritten() throws Exception {
        Logger.getLogger("ai.eternego.redact-test").infof("calling %s with %s",
                "https://api.telegram.org/bot123456:REDACT-ME-tg/getMe", "Bearer sk-REDACT-ME-key-99");
        String log = Files.readString(Path.of("target/quarkus-test.log"), StandardCharsets.UTF_8);
        assertFalse(log.contains("REDACT-ME-tg"), "a bot token reached the log");
        assertFalse(log.contains("sk-REDACT-ME-key-99"), "an API key reached the log");
        assertTrue(log.contains("calling https://api.telegram.org/bot<redacted>/getMe"), "the line itself is kept");
    }
}
