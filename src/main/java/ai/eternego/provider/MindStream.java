package ai.eternego.provider;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.eternego.config.EternegoConfig;
import ai.eternego.core.EventLoops;
import ai.eternego.provider.OrganFault.Kind;
import io.netty.channel.EventLoop;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;

/**
 * Streams one answer of her Mind over a non-blocking HTTP client: no thread is held while she speaks.
 * The first byte and every gap between two chunks have their own timeout (never a fixed total); a 429
 * (honouring {@code Retry-After} seconds) or 5xx before the first word is tried again with backoff, a
 * bounded number of times; an answer that fails midway or ends without the vendor's final event fails
 * with an {@link OrganFault} and is never passed off as whole. Faults never carry a key or a URL query.
 * It yields her words as they come ({@link MindPiece.Words}), then, once the answer is whole, each call of
 * an ability she made ({@link MindPiece.ToolCall}), its arguments joined from their pieces.
 */
@ApplicationScoped
public class MindStream {

    private static final Logger LOG = Logger.getLogger(MindStream.class);
    /**
     * Answers streamed at once from one server (one HTTP/1.1 connection each). Every persona talks at the
     * same time as the others: with Vert.x's default of 5, the sixth would wait for an answer to end.
     */
    static final int STREAMS_PER_SERVER = 1024;

    private final Vertx vertx;
    private final EternegoConfig.Conversation config;
    private final HttpClientOptions options;
    private final HttpClient client;
    /** A client per event loop: an answer asked from an event loop streams on a connection of that loop. */
    private final Map<EventLoop, HttpClient> loops = new ConcurrentHashMap<>();

    public MindStream(Vertx vertx, EternegoConfig config) {
        this.vertx = vertx;
        this.config = config.conversation();
        this.options = new HttpClientOptions().setConnectTimeout((int) config.providers().connectTimeout().toMillis())
                .setForceSni(true);
        this.client = newClient();
    }

    @PreDestroy
    void close() {
        client.close();
        loops.values().forEach(HttpClient::close);
    }

    private HttpClient newClient() {
        return vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(STREAMS_PER_SERVER));
    }

    /**
     * The client of the event loop this runs on, or the shared one off an event loop. A pooled connection
     * keeps the loop it was opened on; asked from another, every chunk would cross threads.
     */
    private HttpClient client() {
        Context here = EventLoops.context();
        return here == null ? client
                : loops.computeIfAbsent(((ContextInternal) here).nettyEventLoop(), loop -> newClient());
    }

    /**
     * POSTs {@code body} (JSON) to {@code uri} and streams her words as {@code dialect} reads them, then the
     * calls of her abilities the answer made, each whole. Each piece is handed on as it is read, not queued:
     * the reader takes them all as they come ({@link ai.eternego.core.Items#each}, or a collect). The body
     * moves into the one answer, which lets go of it once the vendor began to answer: while her words stream,
     * her prompt is not kept for them. So the stream is asked for once; a second subscription fails.
     */
    Multi<MindPiece> post(Faults.Call call, URI uri, Map<String, String> headers, String body, Supplier<Dialect> dialect) {
        AtomicReference<String> unsent = new AtomicReference<>(body);
        return Multi.createFrom().emitter(emitter -> {
            String taken = unsent.getAndSet(null);
            if (taken == null) {
                emitter.fail(new IllegalStateException("a Mind's answer is asked for once"));
                return;
            }
            new Answer(client(), call, uri, headers, taken, dialect.get(), emitter).attempt(1);
        }, BackPressureStrategy.IGNORE);
    }

    /** One answer: its attempts, its timers and its parser, all run on one event loop. */
    private final class Answer {
        private final HttpClient client;
        private final Faults.Call call;
        private final URI uri;
        private final Map<String, String> headers;
        /** Until the vendor began to answer: every attempt sends it. */
        private String body;
        private final Dialect dialect;
        private final MultiEmitter<? super MindPiece> emitter;
        private final ByteLines lines = new ByteLines();
        private final ThinkFilter thoughts = new ThinkFilter();
        private final Consumer<String> reader = this::read;
        private HttpClientRequest request;
        /** The wait before the next attempt. */
        private long timer = -1;
        /** The timeout's timer, the time it fires at, and the time the next byte is due by ({@link System#nanoTime()}). */
        private long watch = -1;
        private long watchedUntil;
        private long due;
        private boolean over;

        Answer(HttpClient client, Faults.Call call, URI uri, Map<String, String> headers, String body, Dialect dialect,
                MultiEmitter<? super MindPiece> emitter) {
            this.client = client;
            this.call = call;
            this.uri = uri;
            this.headers = headers;
            this.body = body;
            this.dialect = dialect;
            this.emitter = emitter;
            emitter.onTermination(this::cancel);
        }

        void attempt(int attempt) {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri.toString())
                    .putHeader("Content-Type", "application/json").putHeader("Accept", "*/*");
            headers.forEach(options::putHeader);
            client.request(options).onComplete(opened -> {
                if (opened.failed()) {
                    unanswered(opened.cause(), attempt);
                    return;
                }
                request = opened.result();
                arm(config.firstByteTimeout());
                request.send(Buffer.buffer(body)).onComplete(answered -> {
                    if (answered.failed()) {
                        unanswered(answered.cause(), attempt);
                    } else {
                        receive(answered.result(), attempt);
                    }
                });
            });
        }

        /**
         * The connection failed before any answer (refused, reset): nothing was said yet, so it is tried
         * again with backoff like a 5xx; a timeout is not (the timers already waited).
         */
        private void unanswered(Throwable failure, int attempt) {
            if (over || attempt >= config.attempts() || failure instanceof TimeoutException) {
                fail(Faults.translate(failure, call));
                return;
            }
            Duration wait = retryAfter(null, attempt);
            LOG.debugf("%s could not be reached; trying again in %d ms", call.vendor(), wait.toMillis());
            tryAgain(attempt, wait);
        }

        /** The next attempt, after {@code wait}, unless the answer ended meanwhile. */
        private void tryAgain(int attempt, Duration wait) {
            disarm();
            timer = vertx.setTimer(Math.max(1, wait.toMillis()), t -> {
                timer = -1;
                if (!over) {
                    attempt(attempt + 1);
                }
            });
        }

        private void receive(HttpClientResponse response, int attempt) {
            int status = response.statusCode();
            if (status / 100 != 2) {
                response.body().onComplete(drained -> {
                    String said = drained.succeeded() ? drained.result().toString() : null;
                    RuntimeException refused = said == null ? null
                            : dialect.refusesTools(status, said) ? new ToolsRefused()
                                    : dialect.refusesStreaming(status, said) ? new StreamRefused() : null;
                    if (refused != null) {
                        if (!over) {
                            over = true;
                            disarm();
                            emitter.fail(refused);
                        }
                        return;
                    }
                    boolean retryable = status == 429 || status >= 500;
                    if (retryable && attempt < config.attempts() && !over) {
                        Duration wait = retryAfter(response.getHeader("Retry-After"), attempt);
                        LOG.debugf("%s answered HTTP %d; trying again in %d ms", call.vendor(), status, wait.toMillis());
                        tryAgain(attempt, wait);
                    } else {
                        fail(Faults.forStatus(status, call));
                    }
                });
                return;
            }
            body = null;
            response.handler(chunk -> {
                arm(config.chunkTimeout());
                lines.feed(chunk.getBytes(), reader);
            });
            response.exceptionHandler(failure -> fail(broken()));
            response.endHandler(ended -> {
                String rest = lines.rest();
                if (rest != null) {
                    read(rest);
                }
                if (over) {
                    return;
                }
                words(dialect::end);
                if (over) {
                    return;
                }
                if (!dialect.complete()) {
                    fail(broken());
                    return;
                }
                String last = thoughts.finish();
                if (!last.isEmpty()) {
                    emitter.emit(new MindPiece.Words(last));
                }
                List<MindPiece.ToolCall> calls;
                try {
                    calls = dialect.calls();
                } catch (RuntimeException unreadable) {
                    fail(new OrganFault(Kind.REJECTED, call.vendor() + " sent a call that could not be read"));
                    return;
                }
                calls.forEach(emitter::emit);
                over = true;
                disarm();
                emitter.complete();
            });
        }

        private void read(String line) {
            words(() -> dialect.line(line));
        }

        /** Her words as the dialect reads them, thoughts left out; a fault or an unreadable answer fails. */
        private void words(Supplier<String> read) {
            if (over) {
                return;
            }
            try {
                String words = read.get();
                if (words != null) {
                    String said = thoughts.accept(words);
                    if (!said.isEmpty()) {
                        emitter.emit(new MindPiece.Words(said));
                    }
                }
            } catch (OrganFault fault) {
                fail(fault);
            } catch (RuntimeException unreadable) {
                fail(new OrganFault(Kind.REJECTED, call.vendor() + " sent an answer that could not be read"));
            }
        }

        private OrganFault broken() {
            return new OrganFault(Kind.UNAVAILABLE, call.vendor() + " stopped in the middle of an answer; try again");
        }

        /**
         * The next byte must come within {@code timeout}. Called for every chunk, it only moves the deadline:
         * the one timer, when it fires early, waits again for the rest.
         */
        private void arm(Duration timeout) {
            due = System.nanoTime() + timeout.toNanos();
            if (watch >= 0 && watchedUntil - due <= 0) {
                return;
            }
            unwatch();
            watchUntil(due);
        }

        private void watchUntil(long at) {
            watchedUntil = at;
            watch = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(at - System.nanoTime())), t -> {
                watch = -1;
                if (System.nanoTime() - due < 0) {
                    watchUntil(due);
                } else {
                    fail(Faults.translate(new TimeoutException(), call));
                }
            });
        }

        private void unwatch() {
            if (watch >= 0) {
                vertx.cancelTimer(watch);
                watch = -1;
            }
        }

        private void disarm() {
            unwatch();
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }

        private void fail(OrganFault fault) {
            if (over) {
                return;
            }
            over = true;
            disarm();
            if (request != null) {
                request.reset();
            }
            emitter.fail(fault);
        }

        private void cancel() {
            if (!over) {
                over = true;
                disarm();
                if (request != null) {
                    request.reset();
                }
            }
        }

        private Duration retryAfter(String header, int attempt) {
            if (header != null) {
                try {
                    return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
                } catch (NumberFormatException notSeconds) {
                    LOG.debugf("%s sent a Retry-After that is not seconds", call.vendor());
                }
            }
            return config.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 10));
        }
    }
}
