package ai.eternego.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.provider.OllamaApi.StatusLine;
import ai.eternego.provider.OrganFault.Kind;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeWorld.class)
class OllamaClientTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @InjectWireMock
    WireMockServer wm;

    @Inject
    OllamaClient ollama;

    String url;

    @BeforeEach
    void reset() {
        wm.resetAll();
        url = ollama.defaultUrl();
    }

    @Test
    void modelsAreComparedWithTheirTag() {
        Fakes.ollamaWithModels(wm, "llama3:latest", "qwen2.5:14b", "mistral");
        assertTrue(ollama.has(url, "llama3").await().atMost(BOUND));
        assertTrue(ollama.has(url, "llama3:latest").await().atMost(BOUND));
        assertTrue(ollama.has(url, "mistral:latest").await().atMost(BOUND));
        assertTrue(ollama.has(url, "qwen2.5:14b").await().atMost(BOUND));
        assertFalse(ollama.has(url, "qwen2.5").await().atMost(BOUND));
        wm.verify(5, getRequestedFor(urlEqualTo("/ollama/api/tags")));
    }

    @Test
    void aPullReportsEveryLineAndEndsInSuccess() {
        Fakes.ollamaPull(wm, "qwen2.5:14b", 9_000_000_000L);
        List<StatusLine> lines = new CopyOnWriteArrayList<>();
        ollama.pull(url, "qwen2.5:14b", lines::add).await().atMost(BOUND);
        assertEquals(7, lines.size());
        assertEquals(9_000_000_000L, lines.get(3).total());
        assertEquals(9_000_000_000L, lines.get(3).completed());
        assertEquals("success", lines.get(6).status());
        wm.verify(1, Fakes.pullRequested("qwen2.5:14b"));
    }

    @Test
    void anErrorLineMidPullFailsIt() {
        Fakes.ollamaPullError(wm, "qwen2.5:14b", "max retries exceeded: unexpected EOF");
        List<StatusLine> lines = new CopyOnWriteArrayList<>();
        OrganFault fault = assertThrows(OrganFault.class,
                () -> ollama.pull(url, "qwen2.5:14b", lines::add).await().atMost(BOUND));
        assertEquals("Ollama could not pull qwen2.5:14b: max retries exceeded: unexpected EOF", fault.reason());
        assertEquals(2, lines.size());
    }

    @Test
    void aStalledPullIsGivenUpAfterTheIdleTimeout() {
        Fakes.ollamaPullStalled(wm, "qwen2.5:14b", Duration.ofSeconds(1));
        OrganFault fault = assertThrows(OrganFault.class, () -> ollama
                .pull(url, "qwen2.5:14b", line -> {
                }, Duration.ofMillis(300))
                .await().atMost(Duration.ofMillis(900)));
        assertEquals(Kind.UNAVAILABLE, fault.kind());
        assertTrue(fault.reason().startsWith("Ollama sent no progress"), fault.reason());
    }

    @Test
    void aRefusedPullCarriesOllamasReason() {
        Fakes.ollamaPullRefused(wm, "nope:1b", 500, "pull model manifest: file does not exist");
        OrganFault fault = assertThrows(OrganFault.class, () -> ollama.pull(url, "nope:1b", line -> {
        }).await().atMost(BOUND));
        assertEquals("Ollama could not pull nope:1b: pull model manifest: file does not exist", fault.reason());
    }

    @Test
    void anUnreachableOllamaIsNamedByUrl() {
        String closed = Fakes.closedPortUrl();
        OrganFault fault = assertThrows(OrganFault.class, () -> ollama.has(closed, "llama3").await().atMost(BOUND));
        assertEquals("could not reach Ollama at " + closed, fault.reason());
    }

    @Test
    void registeringStreamsToSuccess() {
        Fakes.ollamaCreate(wm);
        ollama.register(url, "eternego-abc", "qwen2.5:14b", line -> {
        }).await().atMost(BOUND);
        wm.verify(1, Fakes.createRequested("abc", "qwen2.5:14b"));
    }

    @Test
    void deletingAModelThatIsGoneIsFine() {
        ollama.delete(url, "eternego-gone").await().atMost(BOUND);
        wm.verify(1, deleteRequestedFor(urlEqualTo("/ollama/api/delete")));
        Fakes.ollamaDelete(wm);
        ollama.delete(url, "eternego-here").await().atMost(BOUND);
        wm.verify(1, Fakes.deleteRequested("here"));
    }

    @Test
    void requireModelFailsForAnAbsentModel() {
        Fakes.ollamaWithModels(wm, "llama3:latest");
        ollama.requireModel(url, "llama3").await().atMost(BOUND);
        OrganFault fault = assertThrows(OrganFault.class,
                () -> ollama.requireModel(url, "qwen2.5:14b").await().atMost(BOUND));
        assertEquals(Kind.NO_MODEL, fault.kind());
        assertEquals("no such model: qwen2.5:14b", fault.reason());
    }
}
