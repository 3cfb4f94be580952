package ai.eternego.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.provider.OrganFault.Kind;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

@QuarkusTest
@WithTestResource(FakeWorld.class)
class ProviderClientsTest {

    private static final String KEY = "sk-test-0123456789abcdef";
    private static final Duration BOUND = Duration.ofSeconds(20);

    @InjectWireMock
    WireMockServer wm;

    @Inject
    ProviderClients providers;

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    @Test
    void openAiSendsBearerToTheModelRoute() {
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o-mini", KEY);
        check(Provider.OPENAI, "gpt-4o-mini");
        wm.verify(1, getRequestedFor(urlEqualTo("/openai/v1/models/gpt-4o-mini"))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void xaiSendsBearerToItsOwnUrl() {
        Fakes.openAiModel(wm, FakeWorld.XAI, "grok-4", KEY);
        check(Provider.XAI, "grok-4");
        wm.verify(1, getRequestedFor(urlEqualTo("/xai/v1/models/grok-4"))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void anthropicSendsKeyAndVersion() {
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        check(Provider.ANTHROPIC, "claude-sonnet-4-6");
        wm.verify(1, getRequestedFor(urlEqualTo("/anthropic/v1/models/claude-sonnet-4-6"))
                .withHeader("x-api-key", equalTo(KEY))
                .withHeader("anthropic-version", equalTo("2023-06-01")));
    }

    @Test
    void geminiSendsGoogKey() {
        Fakes.geminiModel(wm, "gemini-2.5-flash", KEY);
        check(Provider.GEMINI, "gemini-2.5-flash");
        check(Provider.GEMINI, "models/gemini-2.5-flash");
        wm.verify(2, getRequestedFor(urlEqualTo("/gemini/v1beta/models/gemini-2.5-flash"))
                .withHeader("x-goog-api-key", equalTo(KEY)));
    }

    @ParameterizedTest
    @EnumSource(value = Provider.class, names = "LOCAL", mode = EnumSource.Mode.EXCLUDE)
    void aRefusedKeyIsNamedWithoutTheKey(Provider provider) {
        stubModel(provider, "some-model", "sk-the-right-one");
        OrganFault fault = fails(provider, "some-model");
        assertEquals(Kind.REFUSED, fault.kind());
        assertEquals("the API key was refused", fault.reason());
    }

    @ParameterizedTest
    @EnumSource(value = Provider.class, names = "LOCAL", mode = EnumSource.Mode.EXCLUDE)
    void anUnknownModelIsNamed(Provider provider) {
        stubModel(provider, "some-model", KEY);
        OrganFault fault = fails(provider, "no-such-model");
        assertEquals(Kind.NO_MODEL, fault.kind());
        assertEquals("no such model: no-such-model", fault.reason());
    }

    @ParameterizedTest
    @EnumSource(value = Provider.class, names = "LOCAL", mode = EnumSource.Mode.EXCLUDE)
    void serverErrorsAndRateLimitsAreNotTheUsersFault(Provider provider) {
        Fakes.failing(wm, prefix(provider), 503);
        OrganFault fault = fails(provider, "some-model");
        assertEquals(Kind.UNAVAILABLE, fault.kind());
        assertEquals("the provider did not answer; try again", fault.reason());

        wm.resetAll();
        Fakes.failing(wm, prefix(provider), 429);
        assertEquals("the provider did not answer; try again", fails(provider, "some-model").reason());
    }

    @Test
    void anUnreachableServerIsNamedByUrl() {
        String closed = Fakes.closedPortUrl();
        OrganFault fault = assertThrows(OrganFault.class,
                () -> providers.check(Provider.OPENAI, closed, KEY, "gpt-4o").await().atMost(BOUND));
        assertEquals(Kind.UNREACHABLE, fault.kind());
        assertEquals("could not reach OpenAI at " + closed, fault.reason());
    }

    @Test
    void aUrlEndingInV1IsNeverDoubled() {
        Fakes.openAiModel(wm, "/groq/openai", "llama-3.3-70b", KEY);
        String url = Fakes.url(wm, "/groq/openai/v1/");
        providers.check(Provider.OPENAI, url, KEY, "llama-3.3-70b").await().atMost(BOUND);
        wm.verify(1, getRequestedFor(urlEqualTo("/groq/openai/v1/models/llama-3.3-70b")));
        wm.verify(0, getRequestedFor(urlPathMatching(".*/v1/v1.*")));
    }

    @Test
    void aUrlWithAPathKeepsIt() {
        Fakes.anthropicModelAt(wm, "/proxy/anthropic", "claude-opus-4-1", KEY);
        providers.check(Provider.ANTHROPIC, Fakes.url(wm, "/proxy/anthropic/"), KEY, "claude-opus-4-1")
                .await().atMost(BOUND);
        wm.verify(1, getRequestedFor(urlEqualTo("/proxy/anthropic/v1/models/claude-opus-4-1")));
    }

    @Test
    void compatibleServersWithoutTheModelRouteAreAskedForTheList() {
        Fakes.openAiModelList(wm, "/lmstudio", KEY, "qwen2.5-7b-instruct", "llama-3.1-8b");
        String url = Fakes.url(wm, "/lmstudio/v1");
        providers.check(Provider.OPENAI, url, KEY, "llama-3.1-8b").await().atMost(BOUND);
        wm.verify(1, getRequestedFor(urlEqualTo("/lmstudio/v1/models"))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));

        OrganFault absent = assertThrows(OrganFault.class,
                () -> providers.check(Provider.OPENAI, url, KEY, "gpt-4o").await().atMost(BOUND));
        assertEquals("no such model: gpt-4o", absent.reason());
        OrganFault refused = assertThrows(OrganFault.class,
                () -> providers.check(Provider.OPENAI, url, "sk-wrong", "gpt-4o").await().atMost(BOUND));
        assertEquals("the API key was refused", refused.reason());
    }

    @Test
    void defaultUrlsComeFromConfiguration() {
        assertEquals(Fakes.url(wm, FakeWorld.OPENAI), providers.defaultUrl(Provider.OPENAI));
        assertEquals(Fakes.url(wm, FakeWorld.XAI), providers.defaultUrl(Provider.XAI));
        assertEquals(Fakes.url(wm, FakeWorld.OLLAMA), providers.urlFor(Provider.LOCAL, null));
        assertEquals("http://elsewhere:1", providers.urlFor(Provider.GEMINI, "http://elsewhere:1"));
    }

    private void check(Provider provider, String model) {
        providers.check(provider, providers.defaultUrl(provider), KEY, model).await().atMost(BOUND);
    }

    private OrganFault fails(Provider provider, String model) {
        Uni<Void> call = providers.check(provider, providers.defaultUrl(provider), KEY, model);
        OrganFault fault = assertThrows(OrganFault.class, () -> call.await().atMost(BOUND));
        assertFalse(fault.getMessage().contains(KEY), fault.getMessage());
        assertFalse(fault.getMessage().contains("sk-"), fault.getMessage());
        return fault;
    }

    private void stubModel(Provider provider, String model, String key) {
        switch (provider) {
            case OPENAI, XAI -> Fakes.openAiModel(wm, prefix(provider), model, key);
            case ANTHROPIC -> Fakes.anthropicModel(wm, model, key);
            case GEMINI -> Fakes.geminiModel(wm, model, key);
            case LOCAL -> throw new IllegalArgumentException();
        }
    }

    private static String prefix(Provider provider) {
        return switch (provider) {
            case OPENAI -> FakeWorld.OPENAI;
            case XAI -> FakeWorld.XAI;
            case ANTHROPIC -> FakeWorld.ANTHROPIC;
            case GEMINI -> FakeWorld.GEMINI;
            case LOCAL -> FakeWorld.OLLAMA;
        };
    }
}
