package ai.eternego.channel;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.config.EternegoConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.json.JsonObject;

/**
 * Telegram's Bot API as a chat platform: one non-blocking HTTP client for every bot, long polls included,
 * so a thousand bots hold a thousand idle connections and no thread. Each bot's calls are made on an event-loop
 * context of its own, whichever thread asks, and each response's handlers are set in the callback that gives
 * the response: set later, from another thread, they could miss bytes that already passed. The token is in
 * every URL path: no URL and no exception message of this client is ever logged or shown; failures are told
 * in words.
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
        // a context of its own on the next event loop: bots spread over the loops, whichever thread opens them
        Context context = ((VertxInternal) vertx).createEventLoopContext();
        TelegramSession session = new TelegramSession(this, context, token, memory, sink);
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
     * POSTs {@code body} to the Bot API method, on {@code on}; any HTTP status is an answer, only the network
     * fails. Cancelling the answer resets the request (a long poll of a closed session does not linger).
     */
    Uni<Answer> call(Context on, String token, String method, JsonObject body, Duration timeout) {
        String uri = base() + "/bot" + token + "/" + method;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri)
                .putHeader("Content-Type", "application/json").setIdleTimeout(timeout.toMillis());
        return Uni.createFrom().emitter(emitter -> onContext(on, emitter, () -> {
            AtomicReference<HttpClientRequest> held = new AtomicReference<>();
            AtomicBoolean answered = new AtomicBoolean();
            emitter.onTermination(() -> {
                if (!answered.get()) {
                    on.runOnContext(cancelled -> {
                        HttpClientRequest request = held.get();
                        if (!answered.get() && request != null) {
                            request.reset();
                        }
                    });
                }
            });
            client.request(options)
                    .compose(request -> {
                        held.set(request);
                        return request.send(Buffer.buffer(body.encode())).compose(response -> response.body()
                                .map(bytes -> new Answer(response.statusCode(), parse(bytes))));
                    })
                    .onComplete(done -> {
                        answered.set(true);
                        if (done.succeeded()) {
                            emitter.complete(done.result());
                        } else {
                            emitter.fail(done.cause());
                        }
                    });
        }));
    }

    /**
     * GETs the bot's file at {@code filePath} ({@code getFile}'s {@code file_path}) into {@code target}, written as
     * it arrives and never held whole: fails with {@link SendRefused} when it is not found or passes
     * {@code maxBytes} (the request is reset and {@code target} deleted), with the network's failure otherwise.
     * Made on {@code on}.
     */
    Uni<Void> fetch(Context on, String token, String filePath, Path target, long maxBytes, Duration timeout) {
        String uri = base() + "/file/bot" + token + "/" + filePath;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri)
                .setIdleTimeout(timeout.toMillis());
        // the file is opened first, so that the response's handlers are set as soon as it comes: none of its
        // bytes, nor its end, can pass before they are
        return Uni.createFrom().<Void>emitter(emitter -> onContext(on, emitter, () -> vertx.fileSystem().open(
                target.toString(), new OpenOptions().setWrite(true).setCreate(true).setPerms("rw-------")
                        .setTruncateExisting(true))
                .onComplete(opened -> {
                    if (opened.failed()) {
                        emitter.fail(opened.cause());
                        return;
                    }
                    AsyncFile file = opened.result();
                    client.request(options).onComplete(requested -> {
                        if (requested.failed()) {
                            discard(file, target, () -> emitter.fail(requested.cause()));
                            return;
                        }
                        requested.result().send().onComplete(sent -> {
                            if (sent.failed()) {
                                discard(file, target, () -> emitter.fail(sent.cause()));
                                return;
                            }
                            receive(sent.result(), file, target, maxBytes, emitter);
                        });
                    });
                })));
    }

    /** Writes {@code response} into {@code file} as it arrives; past {@code maxBytes} or on a failure, deletes it. */
    private void receive(HttpClientResponse response, AsyncFile file, Path target, long maxBytes,
            UniEmitter<? super Void> emitter) {
        if (response.statusCode() != 200) {
            int status = response.statusCode();
            response.body().onComplete(ignored -> discard(file, target, () -> emitter.fail(new SendRefused(
                    "Telegram would not give the file (HTTP " + status + ")", false))));
            return;
        }
        AtomicBoolean over = new AtomicBoolean();
        long[] total = { 0 };
        response.handler(bytes -> {
            total[0] += bytes.length();
            if (over.get()) {
                return;
            }
            if (total[0] > maxBytes) {
                over.set(true);
                response.request().reset();
                discard(file, target, () -> emitter.fail(new SendRefused("the file is larger than "
                        + megabytes(maxBytes) + "; send a smaller one", false)));
                return;
            }
            file.write(bytes);
            if (file.writeQueueFull()) {
                response.pause();
                file.drainHandler(drained -> response.resume());
            }
        });
        response.exceptionHandler(failure -> {
            if (over.compareAndSet(false, true)) {
                discard(file, target, () -> emitter.fail(failure));
            }
        });
        response.endHandler(end -> {
            if (over.compareAndSet(false, true)) {
                file.close().onComplete(closed -> {
                    if (closed.succeeded()) {
                        emitter.complete(null);
                    } else {
                        vertx.fileSystem().delete(target.toString()).onComplete(deleted -> emitter.fail(closed.cause()));
                    }
                });
            }
        });
    }

    /** Runs {@code work} on {@code on}; what it throws (the client closed at shutdown) fails {@code emitter}. */
    private static void onContext(Context on, UniEmitter<?> emitter, Runnable work) {
        on.runOnContext(started -> {
            try {
                work.run();
            } catch (RuntimeException refused) {
                emitter.fail(refused);
            }
        });
    }

    /** Closes and deletes a half-written file, then runs {@code then}. */
    private void discard(AsyncFile file, Path target, Runnable then) {
        file.close().onComplete(closed -> vertx.fileSystem().delete(target.toString()).onComplete(deleted -> then.run()));
    }

    /**
     * POSTs a multipart form to the Bot API method: {@code fields} as text parts, then {@code file} as part
     * {@code fileField}, streamed from the disk (never held whole), on {@code on}. Any HTTP status is an
     * answer, only the network fails.
     */
    Uni<Answer> upload(Context on, String token, String method, Map<String, String> fields, String fileField, Path file,
            String contentType, Duration timeout) {
        String uri = base() + "/bot" + token + "/" + method;
        String boundary = "eternego-" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(fileField)
                .append("\"; filename=\"").append(file.getFileName()).append("\"\r\nContent-Type: ")
                .append(contentType).append("\r\n\r\n");
        Buffer preamble = Buffer.buffer(head.toString().getBytes(StandardCharsets.UTF_8));
        Buffer epilogue = Buffer.buffer("\r\n--" + boundary + "--\r\n");
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri)
                .putHeader("Content-Type", "multipart/form-data; boundary=" + boundary)
                .setIdleTimeout(timeout.toMillis());
        return Uni.createFrom().emitter(emitter -> onContext(on, emitter, () -> vertx.fileSystem().props(file.toString())
                .compose(props -> vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true))
                        .compose(source -> client.request(options).compose(request -> {
                            // read as soon as it comes, even before the whole file is sent (an early refusal)
                            Future<Answer> answer = request.response().compose(response -> response.body()
                                    .map(bytes -> new Answer(response.statusCode(), parse(bytes))));
                            request.putHeader("Content-Length",
                                    Long.toString(preamble.length() + props.size() + epilogue.length()));
                            request.write(preamble);
                            return source.pipe().endOnSuccess(false).to(request)
                                    .compose(piped -> request.end(epilogue), unread -> {
                                        request.reset();
                                        return Future.failedFuture(unread);
                                    })
                                    .compose(ended -> answer);
                        }).onComplete(done -> source.close())))
                .onComplete(done -> {
                    if (done.succeeded()) {
                        emitter.complete(done.result());
                    } else {
                        emitter.fail(done.cause());
                    }
                })));
    }

    private String base() {
        return config.telegram().url().replaceAll("/+$", "");
    }

    static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
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
