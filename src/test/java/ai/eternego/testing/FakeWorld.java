package ai.eternego.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The outside world of a test: one WireMock server on loopback that plays every provider and
 * channel, each under its own path prefix (so base URLs that carry a path are exercised too),
 * and a fresh, empty ETERNEGO_HOME. Its {@link Barrier} holds requests back to prove they are concurrent.
 */
public class FakeWorld implements QuarkusTestResourceLifecycleManager {

    public static final String OLLAMA = "/ollama";
    public static final String OPENAI = "/openai";
    public static final String ANTHROPIC = "/anthropic";
    public static final String XAI = "/xai";
    public static final String GEMINI = "/gemini";
    public static final String TELEGRAM = "/telegram";
    public static final String DISCORD = "/discord/api/v10";

    private final Barrier barrier = new Barrier();
    private WireMockServer server;
    private Path home;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(32).containerThreads(64).extensions(barrier));
        server.start();
        try {
            home = Files.createTempDirectory("eternego-test-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String base = "http://127.0.0.1:" + server.port();
        return Map.ofEntries(
                Map.entry("eternego.home", home.toString()),
                Map.entry("eternego.providers.ollama.url", base + OLLAMA),
                Map.entry("eternego.providers.openai.url", base + OPENAI),
                Map.entry("eternego.providers.anthropic.url", base + ANTHROPIC),
                Map.entry("eternego.providers.xai.url", base + XAI),
                Map.entry("eternego.providers.gemini.url", base + GEMINI),
                Map.entry("eternego.channels.telegram.url", base + TELEGRAM),
                Map.entry("eternego.channels.discord.url", base + DISCORD));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
        injector.injectIntoFields(barrier, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, Barrier.class));
        injector.injectIntoFields(home, new TestInjector.AnnotatedAndMatchesType(InjectHome.class, Path.class));
    }

    /** The fake, for subclasses that stub it before the service starts. */
    protected WireMockServer server() {
        return server;
    }

    /** The ETERNEGO_HOME of this world, for subclasses that lay it out before the service starts. */
    protected Path home() {
        return home;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
