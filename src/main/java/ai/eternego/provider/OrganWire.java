package ai.eternego.provider;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import ai.eternego.config.EternegoConfig;
import ai.eternego.core.Blocking;
import ai.eternego.provider.OrganFault.Kind;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * One organ call on the wire, without holding a thread: the body is spilled to disk on a worker thread
 * ({@link WireBody}), then streamed from that file to the provider by the event loop with its length
 * announced; the answer is gathered up to {@code eternego.media.answer-max-bytes}. A call that goes
 * {@code eternego.media.organ-idle-timeout} without a byte is given up. Faults are {@link OrganFault}s
 * in words, never carrying a key or a URL.
 */
@ApplicationScoped
public class OrganWire {

    private final Vertx vertx;
    private final HttpClient client;
    private final Path spillDir;
    private final long idleMillis;
    private final long answerMax;

    @Inject
    public OrganWire(Vertx vertx, EternegoConfig config) {
        this(vertx, config.providers().connectTimeout(), config.home().resolve("tmp").resolve("organs"),
                config.media().organIdleTimeout(), config.media().answerMaxBytes());
    }

    /** An organ wire outside the container (the bench): its timeouts, spill directory and answer limit. */
    public OrganWire(Vertx vertx, Duration connectTimeout, Path spillDir, Duration idleTimeout, long answerMax) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setForceSni(true));
        this.spillDir = spillDir;
        this.idleMillis = idleTimeout.toMillis();
        this.answerMax = answerMax;
    }

    /** Closes its HTTP client. */
    @PreDestroy
    public void close() {
        client.close();
    }

    /** POSTs {@code body} to {@code uri} as {@code contentType} and answers the whole response body. */
    Uni<Buffer> post(Faults.Call call, URI uri, Map<String, String> headers, String contentType, WireBody body) {
        return Blocking.run(() -> body.spill(spillDir))
                .onFailure().transform(t -> new OrganFault(Kind.REJECTED, "the file could not be read for "
                        + call.vendor()))
                .chain(spill -> Uni.createFrom().<Buffer>emitter(emitter -> send(call, uri, headers, contentType,
                        spill, emitter))
                        .eventually(() -> Uni.createFrom().emitter(done -> vertx.fileSystem().delete(spill.toString())
                                .onComplete(deleted -> done.complete(null)))));
    }

    /** GETs an absolute URL a provider answered with (an image it drew), without any of her keys. */
    Uni<Buffer> get(Faults.Call call, URI uri) {
        return Uni.createFrom().emitter(emitter -> {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri.toString())
                    .setIdleTimeout(idleMillis);
            client.request(options).onComplete(opened -> {
                if (opened.failed()) {
                    emitter.fail(Faults.translate(opened.cause(), call));
                    return;
                }
                opened.result().send().onComplete(answered -> receive(call, answered.succeeded() ? answered.result()
                        : null, answered.cause(), emitter));
            });
        });
    }

    private void send(Faults.Call call, URI uri, Map<String, String> headers, String contentType, Path spill,
            UniEmitter<? super Buffer> emitter) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri.toString())
                .setIdleTimeout(idleMillis).putHeader("Content-Type", contentType).putHeader("Accept", "*/*");
        headers.forEach(options::putHeader);
        vertx.fileSystem().open(spill.toString(), new OpenOptions().setRead(true).setWrite(false))
                .onComplete(opened -> {
                    if (opened.failed()) {
                        emitter.fail(new OrganFault(Kind.REJECTED, "the file could not be read for " + call.vendor()));
                        return;
                    }
                    AsyncFile file = opened.result();
                    file.size().onComplete(sized -> {
                        if (sized.failed()) {
                            file.close();
                            emitter.fail(new OrganFault(Kind.REJECTED, "the file could not be read for "
                                    + call.vendor()));
                            return;
                        }
                        options.putHeader("Content-Length", Long.toString(sized.result()));
                        client.request(options).onComplete(requested -> {
                            if (requested.failed()) {
                                file.close();
                                emitter.fail(Faults.translate(requested.cause(), call));
                                return;
                            }
                            requested.result().send(file).onComplete(answered -> {
                                file.close();
                                receive(call, answered.succeeded() ? answered.result() : null, answered.cause(),
                                        emitter);
                            });
                        });
                    });
                });
    }

    private void receive(Faults.Call call, HttpClientResponse response, Throwable failure,
            UniEmitter<? super Buffer> emitter) {
        if (response == null) {
            emitter.fail(Faults.translate(failure, call));
            return;
        }
        int status = response.statusCode();
        Buffer answer = Buffer.buffer();
        boolean[] over = { false };
        response.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (status / 100 == 2) {
                if (answer.length() + (long) chunk.length() > answerMax) {
                    over[0] = true;
                    response.request().reset();
                    emitter.fail(new OrganFault(Kind.REJECTED, call.vendor() + " answered with more than "
                            + answerMax + " bytes"));
                    return;
                }
                answer.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(broken -> {
            if (!over[0]) {
                over[0] = true;
                emitter.fail(Faults.translate(broken, call));
            }
        });
        response.endHandler(ended -> {
            if (over[0]) {
                return;
            }
            over[0] = true;
            if (status / 100 != 2) {
                emitter.fail(Faults.forStatus(status, call));
            } else {
                emitter.complete(answer);
            }
        });
    }
}
