package ai.eternego.channel;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import ai.eternego.config.EternegoConfig;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.impl.VertxInternal;

/**
 * Opens her Discord bots' gateway sessions ({@link DiscordSession}), all on Vert.x event loops: a thousand
 * bots hold no thread each. REST calls go to {@code eternego.channels.discord.url}; the gateway address comes
 * from Discord's {@code GET /gateway/bot}. Every session still open is closed when the service stops.
 */
@ApplicationScoped
public class DiscordGateway {

    private static final Logger LOG = Logger.getLogger(DiscordGateway.class);

    private static final int POOL = 32;

    /** Where people can learn what this bot software is (Discord asks for it in the User-Agent). */
    static final String PROJECT_URL = "https://github.com/Eternego-AI/eternego";

    private final Vertx vertx;
    private final EternegoConfig config;
    private final HttpClient client;
    private final String userAgent;
    private final Set<DiscordSession> open = ConcurrentHashMap.newKeySet();

    public DiscordGateway(Vertx vertx, EternegoConfig config,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "0") String version) {
        this.vertx = vertx;
        this.config = config;
        this.userAgent = "DiscordBot (" + PROJECT_URL + ", " + version + ")";
        // one pool for every bot: calls of one bot go one at a time, so the pool bounds how many bots send at once
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.providers().connectTimeout().toMillis())
                .setMaxPoolSize(POOL)
                .setForceSni(true));
    }

    /**
     * Starts a session for the bot {@code token}: it connects, and keeps connecting, until it is closed or a
     * refusal only the owner can mend stops it. {@code listener} hears her messages and the state changes.
     */
    public DiscordSession open(String token, DiscordListener listener) {
        if (token == null || token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("the bot token is malformed");
        }
        // a context of its own on the next event loop: sessions spread over the loops, whichever thread opens them
        Context context = ((VertxInternal) vertx).createEventLoopContext();
        DiscordRest rest = new DiscordRest(vertx, context, client, config.channels().discord().url(), token, userAgent,
                config.providers().readTimeout().toMillis());
        DiscordSession session = new DiscordSession(vertx, context, rest, token, listener,
                BasicWebSocketConnector::create, open::remove, config.providers().connectTimeout().toMillis(),
                config.providers().readTimeout().toMillis());
        open.add(session);
        session.start();
        return session;
    }

    /** How many sessions are open (stopped ones included, until they are closed). */
    public int openSessions() {
        return open.size();
    }

    /** Closes every session still open (their connections with code 1000), waiting a few seconds at most. */
    @PreDestroy
    void closeAll() {
        List<Uni<Void>> closing = open.stream().map(DiscordSession::close).toList();
        if (!closing.isEmpty()) {
            try {
                Uni.join().all(closing).andCollectFailures().await().atMost(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf("Discord sessions not all closed at shutdown: %s", e.getClass().getSimpleName());
            }
        }
        client.close();
    }
}
