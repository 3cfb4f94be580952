package ai.eternego.channel;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.config.EternegoConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * Telegram's Bot API as a chat platform: one non-blocking HTTP client for every bot, long polls included,
 * so a thousand bots hold a thousand idle connections and no thread. The token is in every URL path:
 * no URL and no exception message of this client is ever logged or shown; failures are told in words.
 */
@ApplicationScoped
public class TelegramPlatform implements ChatPlatform {

    /** Telegram's limit for one text message. */
    public static final int MAX_MESSAGE = 4096;

    private final Vertx vertx;
    private final EternegoConfig.Channels config;
    private final HttpClient client;

    public TelegramPlatform(Vertx vertx, EternegoConfig config) {
        this.vertx = vertx;
        this.config = config.channels();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.providers().connectTimeout().toMillis())
                .setKeepAlive(true)
                .setForceSni(true), new PoolOptions().setHttp1MaxSize(20_000));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Override
    public ChannelType type() {
        return ChannelType.TELEGRAM;
    }

    @Override
    public int maxMessageLength() {
        return MAX_MESSAGE;
    }

    @Override
    public ChatSession open(String token, ChannelMemory memory, IncomingSink sink) {
        TelegramSession session = new TelegramSession(this, token, memory, sink);
        session.begin();
        return session;
    }

    Vertx vertx() {
        return vertx;
    }

    EternegoConfig.Channels config() {
        return config;
    }

    /** Telegram's answer to one call: the HTTP status and the JSON body ({@code ok}, {@code result}, ...). */
    record Answer(int status, JsonObject body) {

        boolean ok() {
            return status == 200 && body != null && body.getBoolean("ok", false);
        }

        /** Telegram's own description of a refusal, which never holds the token. */
        String description() {
            String description = body == null ? null : body.getString("description");
            return description == null ? "HTTP " + status : description;
        }

        Duration retryAfter() {
            JsonObject parameters = body == null ? null : body.getJsonObject("parameters");
            Integer seconds = parameters == null ? null : parameters.getInteger("retry_after");
            return Duration.ofSeconds(seconds == null ? 1 : Math.max(1, seconds));
        }
    }

    /**
     * POSTs {@code body} to the Bot API method; any HTTP status is an answer, only the network fails. Cancelling
     * the answer resets the request (a long poll of a closed session does not linger).
     */
    Uni<Answer> call(String token, String method, JsonObject body, Duration timeout) {
        String uri = config.telegram().url().replaceAll("/+$", "") + "/bot" + token + "/" + method;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri)
                .putHeader("Content-Type", "application/json").setIdleTimeout(timeout.toMillis());
        return Uni.createFrom().emitter(emitter -> {
            AtomicReference<HttpClientRequest> held = new AtomicReference<>();
            AtomicBoolean answered = new AtomicBoolean();
            emitter.onTermination(() -> {
                HttpClientRequest request = held.get();
                if (!answered.get() && request != null) {
                    request.reset();
                }
            });
            client.request(options)
                    .compose(request -> {
                        held.set(request);
                        return request.send(Buffer.buffer(body.encode()));
                    })
                    .compose(response -> response.body().map(bytes -> new Answer(response.statusCode(), parse(bytes))))
                    .onComplete(done -> {
                        answered.set(true);
                        if (done.succeeded()) {
                            emitter.complete(done.result());
                        } else {
                            emitter.fail(done.cause());
                        }
                    });
        });
    }

    private static JsonObject parse(Buffer bytes) {
        try {
            return bytes.length() == 0 ? null : new JsonObject(bytes.toString(StandardCharsets.UTF_8));
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /** A network failure in words, without its message (which may hold the URL, and so the token). */
    static String words(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
            return "Telegram did not answer in time";
        }
        if (cause instanceof ConnectException) {
            return "Telegram cannot be reached";
        }
        return "the connection to Telegram broke";
    }

    /** A short fingerprint of a token, to know a remembered offset belongs to this bot; never the token. */
    static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
