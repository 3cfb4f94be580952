package ai.eternego.organ;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.core.Refusal;
import ai.eternego.channel.ChannelSpec;
import ai.eternego.channel.ChannelType;
import ai.eternego.record.ChannelRecord;
import ai.eternego.record.Organ;
import ai.eternego.record.OrganRecord;
import ai.eternego.provider.OrganFault;
import ai.eternego.provider.Provider;
import ai.eternego.testing.Barrier;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeWorld.class)
class OrganPreparerTest {

    private static final String KEY = "sk-proj-secret-key-42";
    private static final String TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    private static final String DISCORD_TOKEN = "MTA4.discord-bot-token.xyz";
    private static final Duration BOUND = Duration.ofSeconds(30);

    @InjectWireMock
    WireMockServer wm;

    @InjectWireMock
    Barrier barrier;

    @Inject
    OrganPreparer preparer;

    String id;
    List<Progress> events;

    @BeforeEach
    void reset() {
        wm.resetAll();
        id = UUID.randomUUID().toString();
        events = new CopyOnWriteArrayList<>();
    }

    @AfterEach
    void disarm() {
        barrier.disarm();
    }

    @Test
    void aLocalMindThatIsPresentIsRegisteredWithoutAPull() {
        Fakes.ollamaRunning(wm, "qwen2.5:14b");
        Preparation done = prepare(List.of(local(Organ.THINKING, "qwen2.5:14b")), List.of());

        assertEquals(new OrganRecord("eternego-" + id, null, ollamaUrl(), null), done.organs().get(Organ.THINKING));
        assertEquals("qwen2.5:14b", done.baseModel());
        wm.verify(0, postRequestedFor(urlPathEqualTo("/ollama/api/pull")));
        wm.verify(1, Fakes.createRequested(id, "qwen2.5:14b"));
        assertEquals(List.of("checking", "registering", "ready"), steps("thinking"));
    }

    @Test
    void anAbsentModelIsPulledWithProgressThenRegistered() {
        Fakes.ollamaRunning(wm, "llama3:latest");
        Fakes.ollamaPull(wm, "qwen2.5:14b", 9_000_000_000L);
        Preparation done = prepare(List.of(local(Organ.THINKING, "qwen2.5:14b")), List.of());

        assertEquals("eternego-" + id, done.organs().get(Organ.THINKING).name());
        wm.verify(1, Fakes.pullRequested("qwen2.5:14b"));
        wm.verify(1, Fakes.createRequested(id, "qwen2.5:14b"));
        List<Progress> pulling = events.stream().filter(p -> p.step().equals("pulling")).toList();
        assertEquals(7, pulling.size());
        assertTrue(pulling.stream().anyMatch(p -> Long.valueOf(4_500_000_000L).equals(p.completed())
                && Long.valueOf(9_000_000_000L).equals(p.total())));
        assertEquals(List.of("checking", "pulling", "registering", "ready"), steps("thinking").stream().distinct().toList());
    }

    @Test
    void aModelListedUnderItsLatestTagIsNotPulled() {
        Fakes.ollamaRunning(wm, "llama3:latest");
        Preparation done = prepare(List.of(local(Organ.THINKING, "llama3"), local(Organ.EYE, "llama3:latest")),
                List.of());

        wm.verify(0, postRequestedFor(urlPathEqualTo("/ollama/api/pull")));
        wm.verify(1, Fakes.createRequested(id, "llama3"));
        assertEquals("llama3", done.baseModel());
        assertEquals(new OrganRecord("llama3:latest", null, ollamaUrl(), null), done.organs().get(Organ.EYE));
    }

    @Test
    void cloudOrgansAndChannelsBecomeRecords() {
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", KEY);
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.telegramBot(wm, TELEGRAM_TOKEN);
        Fakes.discordBot(wm, DISCORD_TOKEN);
        String groq = Fakes.url(wm, "/openai/v1/");

        Preparation done = prepare(List.of(cloud(Organ.THINKING, Provider.OPENAI, "gpt-4o", null),
                cloud(Organ.TEACHER, Provider.ANTHROPIC, "claude-sonnet-4-6", null),
                cloud(Organ.EYE, Provider.OPENAI, "gpt-4o", groq)),
                List.of(new ChannelSpec(ChannelType.TELEGRAM, TELEGRAM_TOKEN),
                        new ChannelSpec(ChannelType.DISCORD, DISCORD_TOKEN)));

        assertEquals("", done.baseModel());
        assertEquals(new OrganRecord("gpt-4o", "openai", Fakes.url(wm, FakeWorld.OPENAI), KEY),
                done.organs().get(Organ.THINKING));
        assertEquals(new OrganRecord("claude-sonnet-4-6", "anthropic", Fakes.url(wm, FakeWorld.ANTHROPIC), KEY),
                done.organs().get(Organ.TEACHER));
        assertEquals(new OrganRecord("gpt-4o", "openai", groq, KEY), done.organs().get(Organ.EYE));
        assertEquals(List.of(ChannelRecord.unpaired("telegram", TELEGRAM_TOKEN),
                ChannelRecord.unpaired("discord", DISCORD_TOKEN)), done.channels());
        wm.verify(2, getRequestedFor(urlEqualTo("/openai/v1/models/gpt-4o")));
        wm.verify(0, anyRequestedFor(urlPathEqualTo("/ollama/api/create")));
        assertEquals(List.of("checking", "ready"), steps("telegram"));
    }

    @Test
    void everyFailureIsNamedAndTheRegisteredMindIsForgotten() {
        Fakes.ollamaRunning(wm, "qwen2.5:14b");
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", "sk-another-key");
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.failing(wm, FakeWorld.GEMINI, 500);
        Fakes.telegramBot(wm, "111:other");
        Fakes.discordBot(wm, DISCORD_TOKEN);
        String closed = Fakes.closedPortUrl();

        Refusal e = assertThrows(Refusal.class, () -> preparer.prepareAll(id,
                List.of(local(Organ.THINKING, "qwen2.5:14b"),
                        cloud(Organ.EYE, Provider.OPENAI, "gpt-4o", null),
                        cloud(Organ.TEACHER, Provider.ANTHROPIC, "claude-nope", null),
                        cloud(Organ.EAR, Provider.GEMINI, "gemini-2.5-flash", null),
                        cloud(Organ.RESEARCHER, Provider.XAI, "grok-4", closed)),
                List.of(new ChannelSpec(ChannelType.TELEGRAM, TELEGRAM_TOKEN),
                        new ChannelSpec(ChannelType.DISCORD, DISCORD_TOKEN)),
                events::add).await().atMost(BOUND));

        assertEquals(Refusal.Kind.NOT_PREPARED, e.kind());
        assertEquals("eye (openai): the API key was refused; "
                + "teacher (anthropic): no such model: claude-nope; "
                + "ear (gemini): the provider did not answer; try again; "
                + "researcher (xai): could not reach xAI at " + closed + "; "
                + "telegram: the bot token was refused", e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
        assertFalse(e.getMessage().contains(TELEGRAM_TOKEN));
        wm.verify(1, Fakes.createRequested(id, "qwen2.5:14b"));
        wm.verify(1, Fakes.deleteRequested(id));
        assertEquals(List.of("checking", "failed"), steps("eye"));
        assertEquals("the API key was refused", events.stream().filter(p -> p.part().equals("eye")
                && p.step().equals("failed")).findFirst().orElseThrow().detail());
        assertEquals(List.of("checking", "ready"), steps("discord"));
    }

    @Test
    void anUnreachableOllamaFailsTheLocalMind() {
        String closed = Fakes.closedPortUrl();
        Refusal e = assertThrows(Refusal.class, () -> preparer.prepareAll(id,
                List.of(new OrganSpec(Organ.THINKING, "qwen2.5:14b", Provider.LOCAL, null, closed)), List.of(),
                events::add).await().atMost(BOUND));
        assertEquals("thinking (local): could not reach Ollama at " + closed, e.getMessage());
    }

    @Test
    void anErrorLineMidPullFailsTheMindBeforeItIsRegistered() {
        Fakes.ollamaRunning(wm);
        Fakes.ollamaPullError(wm, "qwen2.5:14b", "pull model manifest: file does not exist");
        Refusal e = assertThrows(Refusal.class, () -> preparer.prepareAll(id,
                List.of(local(Organ.THINKING, "qwen2.5:14b")), List.of(), events::add).await().atMost(BOUND));
        assertEquals("thinking (local): Ollama could not pull qwen2.5:14b: pull model manifest: file does not exist",
                e.getMessage());
        wm.verify(0, anyRequestedFor(urlPathEqualTo("/ollama/api/create")));
        wm.verify(0, anyRequestedFor(urlPathEqualTo("/ollama/api/delete")));
    }

    @Test
    void invalidDeclarationsAreRefusedBeforeAnyCall() {
        Refusal e = assertThrows(Refusal.class, () -> preparer.prepareAll(id,
                List.of(local(Organ.THINKING, "../etc/passwd"),
                        cloud(Organ.EYE, Provider.OPENAI, null, null),
                        new OrganSpec(Organ.EAR, "whisper-1", Provider.OPENAI, null, null),
                        new OrganSpec(Organ.TEACHER, "gpt-4o", Provider.OPENAI, KEY, "ftp://nope")),
                List.of(new ChannelSpec(ChannelType.TELEGRAM, " ")), events::add).await().atMost(BOUND));

        assertEquals(Refusal.Kind.INVALID, e.kind());
        assertEquals("thinking_model: not a valid model name (letters, digits and . _ : / -, at most 200 characters, "
                + "starting with a letter or digit); "
                + "eye_model: a model name is required for a remote provider; "
                + "ear_api_key: an API key is required for openai; "
                + "teacher_url: must be an absolute http or https URL such as http://localhost:11434; "
                + "telegram: a bot token is required", e.getMessage());
        assertEquals(0, Fakes.served(wm).size());
        assertTrue(events.isEmpty());
    }

    @Test
    void everyPartIsInFlightAtOnce() {
        Fakes.ollamaRunning(wm, "qwen2.5:14b", "llava:latest");
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-image-1", KEY);
        Fakes.openAiModel(wm, FakeWorld.XAI, "grok-4", KEY);
        Fakes.anthropicModel(wm, "claude-opus-4-1", KEY);
        Fakes.geminiModel(wm, "gemini-2.5-flash", KEY);
        Fakes.telegramBot(wm, TELEGRAM_TOKEN);
        Fakes.discordBot(wm, DISCORD_TOKEN);
        Barrier.Gate gate = barrier.arm(9, Duration.ofSeconds(10));

        Preparation done = prepare(List.of(local(Organ.THINKING, "qwen2.5:14b"),
                cloud(Organ.IMAGINATION, Provider.XAI, "grok-4", null),
                cloud(Organ.MOUTH, Provider.OPENAI, "gpt-image-1", null),
                local(Organ.EYE, "llava"),
                cloud(Organ.EAR, Provider.GEMINI, "gemini-2.5-flash", null),
                cloud(Organ.TEACHER, Provider.ANTHROPIC, "claude-opus-4-1", null),
                cloud(Organ.RESEARCHER, Provider.OPENAI, "gpt-image-1", null)),
                List.of(new ChannelSpec(ChannelType.TELEGRAM, TELEGRAM_TOKEN),
                        new ChannelSpec(ChannelType.DISCORD, DISCORD_TOKEN)));

        assertTrue(gate.metTogether(), "arrived together: " + gate.requests());
        assertEquals(7, done.organs().size());
        assertEquals(2, done.channels().size());
    }

    @Test
    void forgettingAMindThatIsGoneIsFine() {
        preparer.forgetMind(id, null).await().atMost(BOUND);
        Fakes.ollamaDelete(wm);
        preparer.forgetMind(id, ollamaUrl()).await().atMost(BOUND);
        wm.verify(2, Fakes.deleteRequested(id));
    }

    @Test
    void theHeartbeatCheckIsTheCheapCall() {
        Fakes.ollamaWithModels(wm, "eternego-" + id + ":latest");
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", KEY);
        preparer.check(new OrganRecord("eternego-" + id, null, ollamaUrl(), null)).await().atMost(BOUND);
        preparer.check(new OrganRecord("gpt-4o", "openai", null, KEY)).await().atMost(BOUND);

        OrganFault gone = assertThrows(OrganFault.class, () -> preparer
                .check(new OrganRecord("eternego-other", null, ollamaUrl(), null)).await().atMost(BOUND));
        assertEquals("no such model: eternego-other", gone.reason());
        OrganFault refused = assertThrows(OrganFault.class, () -> preparer
                .check(new OrganRecord("gpt-4o", "openai", Fakes.url(wm, FakeWorld.OPENAI), "sk-revoked"))
                .await().atMost(BOUND));
        assertEquals("the API key was refused", refused.reason());
        wm.verify(0, postRequestedFor(anyUrl()));
    }

    @Test
    void nothingDeclaredIsNothingPrepared() {
        Preparation done = prepare(List.of(), List.of());
        assertTrue(done.organs().isEmpty());
        assertNull(done.baseModel());
    }

    private Preparation prepare(List<OrganSpec> organs, List<ChannelSpec> channels) {
        return preparer.prepareAll(id, organs, channels, events::add).await().atMost(BOUND);
    }

    private List<String> steps(String part) {
        return events.stream().filter(p -> p.part().equals(part)).map(Progress::step).toList();
    }

    private String ollamaUrl() {
        return Fakes.url(wm, FakeWorld.OLLAMA);
    }

    private static OrganSpec local(Organ organ, String model) {
        return new OrganSpec(organ, model, Provider.LOCAL, null, null);
    }

    private static OrganSpec cloud(Organ organ, Provider provider, String model, String url) {
        return new OrganSpec(organ, model, provider, KEY, url);
    }
}
