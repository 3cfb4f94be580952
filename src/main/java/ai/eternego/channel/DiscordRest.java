package ai.eternego.channel;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The REST side of one bot: every call it makes, one after the other in the order asked, so the parts of a
 * reply (and two replies) arrive in order. A route whose {@code X-RateLimit-Remaining} reached 0 waits for its
 * {@code X-RateLimit-Reset-After}; a 429 waits its {@code retry_after} (for every route when {@code global})
 * and tries the same request again; a 5xx or a dropped connection is tried again a few times with backoff.
 * A file goes as one multipart message ({@code payload_json} and {@code files[0]}), streamed from the disk at
 * every attempt. A person's attachment is fetched from its CDN URL without the token, streamed to the disk
 * and counted against a limit. Runs on its session's event loop; the token goes only into the
 * {@code Authorization} header of calls to the REST base.
 */
final class DiscordRest {

    private static final Logger LOG = Logger.getLogger(DiscordRest.class);
    private static final int MOST_RATE_LIMITED = 10;
    private static final int MOST_FAILED = 3;
    private static final long FIRST_BACKOFF_MS = 500;

    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;
    private final String base;
    private final String authorization;
    private final String userAgent;
    private final long readTimeoutMs;
    private final Deque<Job> jobs = new ArrayDeque<>();
    private final Map<String, Long> routeOpensAt = new HashMap<>();
    private long globalOpensAt;
    private boolean busy;
    private boolean closed;

    DiscordRest(Vertx vertx, Context context, HttpClient client, String base, String token, String userAgent,
            long readTimeoutMs) {
        this.vertx = vertx;
        this.context = context;
        this.client = client;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.authorization = "Bot " + token;
        this.userAgent = userAgent;
        this.readTimeoutMs = readTimeoutMs;
    }

    private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** One HTTP request: its route is the rate-limit bucket it counts against; {@code file} makes it multipart. */
    record Request(HttpMethod method, String path, JsonObject body, FilePart file) {
        Request(HttpMethod method, String path, JsonObject body) {
            this(method, path, body, null);
        }

        String route() {
            return method + " " + path;
        }
    }

    /** A file on disk sent as {@code files[0]}: its path, the name and the content type Discord is told. */
    record FilePart(Path path, String fileName, String contentType) {
    }

    /** Requests that succeed or fail together, in order: the parts of one reply. */
    private static final class Job {
        final List<Request> requests;
        final UniEmitter<? super JsonObject> done;
        int next;
        int rateLimited;
        int failed;
        JsonObject last;

        Job(List<Request> requests, UniEmitter<? super JsonObject> done) {
            this.requests = requests;
            this.done = done;
        }
    }

    /** {@code GET /gateway/bot}: where to open the gateway, and how many sessions may still start today. */
    Uni<JsonObject> gatewayBot() {
        return run(List.of(new Request(HttpMethod.GET, "/gateway/bot", null)));
    }

    /** Posts each part as one message, in order; fails (dropping the parts not yet sent) at the first refusal. */
    Uni<Void> createMessages(String channelId, List<String> parts) {
        List<Request> requests = parts.stream()
                .map(part -> new Request(HttpMethod.POST, "/channels/" + channelId + "/messages",
                        new JsonObject().put("content", part)
                                .put("allowed_mentions", new JsonObject().put("parse", List.of()))))
                .toList();
        return run(requests).replaceWithVoid();
    }

    /**
     * Posts a file to the channel as one message with {@code files[0]}, its caption cut like a reply: the parts
     * before the last go first as messages, the last is the file's content. In order with every other reply.
     */
    Uni<Void> createFileMessage(String channelId, List<String> captionParts, Path file, String contentType) {
        String path = "/channels/" + channelId + "/messages";
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < captionParts.size() - 1; i++) {
            requests.add(new Request(HttpMethod.POST, path, message(captionParts.get(i))));
        }
        String name = fileName(file);
        JsonObject payload = message(captionParts.isEmpty() ? null : captionParts.get(captionParts.size() - 1))
                .put("attachments", List.of(new JsonObject().put("id", 0).put("filename", name)));
        String type = contentType != null && TOKEN_CHARS.matcher(contentType.split(";")[0].trim()).matches()
                ? contentType.split(";")[0].trim() : "application/octet-stream";
        requests.add(new Request(HttpMethod.POST, path, payload, new FilePart(file, name, type)));
        return run(requests).replaceWithVoid();
    }

    private static JsonObject message(String content) {
        JsonObject message = new JsonObject();
        if (content != null) {
            message.put("content", content);
        }
        return message.put("allowed_mentions", new JsonObject().put("parse", List.of()));
    }

    /** The name a file is sent under: its own when it is a plain one, else {@code file} with its extension. */
    private static String fileName(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (FILE_NAME.matcher(name).matches()) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot);
        return FILE_NAME.matcher("file" + extension).matches() ? "file" + extension : "file";
    }

    /**
     * Streams the file at {@code url} (an http or https address Discord gave for an attachment) into
     * {@code target}, created or replaced, without her token. Fails with a {@link DiscordFault} in words when
     * it is not there or holds more than {@code maxBytes}; then nothing is left at {@code target}.
     */
    Uni<Void> download(String url, Path target, long maxBytes, String tooLarge) {
        return Uni.createFrom().emitter(done -> context.runOnContext(v -> {
            if (closed) {
                done.fail(closedFault());
                return;
            }
            FileSystem files = vertx.fileSystem();
            String where = target.toString();
            files.open(where, new OpenOptions().setWrite(true).setCreate(true).setPerms("rw-------").setTruncateExisting(true))
                    .compose(file -> fetch(url, file, maxBytes, tooLarge)
                            .transform(fetched -> file.close().transform(shut -> fetched.succeeded() && shut.succeeded()
                                    ? Future.<Void>succeededFuture()
                                    : Future.<Void>failedFuture(fetched.failed() ? fetched.cause() : shut.cause()))))
                    .onComplete(fetched -> {
                        if (fetched.succeeded()) {
                            done.complete(null);
                            return;
                        }
                        Throwable cause = fetched.cause();
                        DiscordFault fault = cause instanceof DiscordFault known ? known
                                : new DiscordFault("her file could not be fetched from Discord; send it again", false);
                        if (!(cause instanceof DiscordFault)) {
                            LOG.debugf("Discord attachment: %s", cause.getClass().getSimpleName());
                        }
                        files.delete(where).onComplete(deleted -> done.fail(fault));
                    });
        }));
    }

    private Future<Void> fetch(String url, AsyncFile file, long maxBytes, String tooLarge) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setIdleTimeout(readTimeoutMs).putHeader("User-Agent", userAgent);
        // the response is read in the callback that gives it, so that none of its bytes can pass unseen
        return client.request(options).compose(request -> request.send().compose(response -> {
            if (response.statusCode() != 200) {
                LOG.debugf("Discord attachment: HTTP %d", response.statusCode());
                response.request().reset();
                return Future.failedFuture(new DiscordFault(response.statusCode() == 404 || response.statusCode() == 403
                        ? "Discord no longer has that file (its link expired); send it again"
                        : "Discord did not give the file (HTTP " + response.statusCode() + "); send it again", false));
            }
            String length = response.getHeader("Content-Length");
            if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > maxBytes) {
                response.request().reset();
                return Future.failedFuture(new DiscordFault(tooLarge, false));
            }
            return stream(response, file, maxBytes, tooLarge);
        }));
    }

    /** Writes the body to {@code file} as it comes, held back while the disk catches up, counted as it goes. */
    private static Future<Void> stream(HttpClientResponse response, AsyncFile file, long maxBytes, String tooLarge) {
        Promise<Void> written = Promise.promise();
        long[] count = { 0 };
        file.exceptionHandler(written::tryFail);
        response.exceptionHandler(written::tryFail);
        response.handler(chunk -> {
            if (written.future().isComplete()) {
                return;
            }
            count[0] += chunk.length();
            if (count[0] > maxBytes) {
                written.tryFail(new DiscordFault(tooLarge, false));
                response.request().reset();
                return;
            }
            file.write(chunk).onFailure(written::tryFail);
            if (file.writeQueueFull()) {
                response.pause();
                file.drainHandler(drained -> response.resume());
            }
        });
        response.endHandler(end -> written.tryComplete());
        return written.future();
    }

    /** {@code POST /channels/{id}/typing}: shows her typing there for about ten seconds. */
    Uni<Void> typing(String channelId) {
        return run(List.of(new Request(HttpMethod.POST, "/channels/" + channelId + "/typing", null)))
                .replaceWithVoid();
    }

    /** Fails every call not yet done; later calls fail at once. */
    void close() {
        context.runOnContext(v -> {
            closed = true;
            while (!jobs.isEmpty()) {
                jobs.poll().done.fail(closedFault());
            }
        });
    }

    private Uni<JsonObject> run(List<Request> requests) {
        if (requests.isEmpty()) {
            return Uni.createFrom().item(new JsonObject());
        }
        return Uni.createFrom().emitter(done -> context.runOnContext(v -> {
            if (closed) {
                done.fail(closedFault());
                return;
            }
            jobs.add(new Job(requests, done));
            pump();
        }));
    }

    private static DiscordFault closedFault() {
        return new DiscordFault("the Discord channel is closed", false);
    }

    /** Sends the next request of the first job, once its route and the global limit allow it. */
    private void pump() {
        if (busy || closed || jobs.isEmpty()) {
            return;
        }
        Job job = jobs.peek();
        Request request = job.requests.get(job.next);
        long wait = Math.max(globalOpensAt, routeOpensAt.getOrDefault(request.route(), 0L)) - now();
        busy = true;
        if (wait > 0) {
            vertx.setTimer(wait, t -> context.runOnContext(v -> {
                busy = false;
                pump();
            }));
            return;
        }
        send(request).onComplete(answer -> context.runOnContext(v -> {
            busy = false;
            if (closed) {
                return;
            }
            if (answer.succeeded()) {
                answered(job, request, answer.result());
            } else {
                LOG.debugf("Discord %s: %s", request.route(), answer.cause().getClass().getSimpleName());
                retryOrFail(job, "Discord did not answer");
            }
            pump();
        }));
    }

    private void answered(Job job, Request request, Answer answer) {
        int status = answer.status();
        limitRoute(request, answer.headers());
        if (status == 429) {
            rateLimited(job, request, answer);
            return;
        }
        if (status >= 500) {
            LOG.debugf("Discord %s: HTTP %d", request.route(), status);
            retryOrFail(job, "Discord did not answer (HTTP " + status + ")");
            return;
        }
        if (status >= 300) {
            LOG.debugf("Discord %s: HTTP %d", request.route(), status);
            finish(job, refusal(status));
            return;
        }
        job.last = answer.json();
        job.failed = 0;
        job.rateLimited = 0;
        job.next++;
        if (job.next == job.requests.size()) {
            finish(job, null);
        }
    }

    private void rateLimited(Job job, Request request, Answer answer) {
        JsonObject body = answer.json();
        double seconds = retryAfter(body, answer.headers());
        boolean global = body.getBoolean("global", false) || "true".equalsIgnoreCase(answer.headers().get("X-RateLimit-Global"));
        long opensAt = now() + (long) Math.ceil(seconds * 1000);
        if (global) {
            globalOpensAt = Math.max(globalOpensAt, opensAt);
        } else {
            routeOpensAt.merge(request.route(), opensAt, Math::max);
        }
        LOG.debugf("Discord %s: rate limited for %.3f s%s", request.route(), seconds, global ? " (global)" : "");
        if (++job.rateLimited > MOST_RATE_LIMITED) {
            finish(job, new DiscordFault("Discord kept refusing her for sending too fast; try again later", false));
        }
    }

    private static double retryAfter(JsonObject body, MultiMap headers) {
        Object value = body.getValue("retry_after");
        if (value instanceof Number number) {
            return Math.max(0, number.doubleValue());
        }
        String header = headers.get("Retry-After");
        try {
            return header == null ? 1 : Math.max(0, Double.parseDouble(header));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Remembers when an exhausted route opens again ({@code X-RateLimit-Remaining: 0}). */
    private void limitRoute(Request request, MultiMap headers) {
        routeOpensAt.values().removeIf(at -> at <= now());
        String remaining = headers.get("X-RateLimit-Remaining");
        String resetAfter = headers.get("X-RateLimit-Reset-After");
        if (!"0".equals(remaining) || resetAfter == null) {
            return;
        }
        try {
            long opensAt = now() + (long) Math.ceil(Double.parseDouble(resetAfter) * 1000);
            routeOpensAt.merge(request.route(), opensAt, Math::max);
        } catch (NumberFormatException e) {
            LOG.debugf("Discord %s: unreadable X-RateLimit-Reset-After", request.route());
        }
    }

    private void retryOrFail(Job job, String why) {
        if (++job.failed > MOST_FAILED) {
            finish(job, new DiscordFault(why + "; try again later", false));
            return;
        }
        long backoff = FIRST_BACKOFF_MS << (job.failed - 1);
        long opensAt = now() + backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        globalOpensAt = Math.max(globalOpensAt, opensAt);
    }

    private static DiscordFault refusal(int status) {
        return switch (status) {
            case 401 -> new DiscordFault(DiscordSession.BAD_TOKEN, true);
            case 403 -> new DiscordFault("Discord does not let her write there (the person may have blocked her bot,"
                    + " closed direct messages, or the bot lacks permission in that channel)", false);
            case 404 -> new DiscordFault("Discord does not know that channel", false);
            case 413 -> new DiscordFault("Discord refused the file as too large for this bot", false);
            default -> new DiscordFault("Discord refused the request (HTTP " + status + ")", false);
        };
    }

    private void finish(Job job, DiscordFault fault) {
        jobs.remove(job);
        if (fault == null) {
            job.done.complete(job.last == null ? new JsonObject() : job.last);
        } else {
            job.done.fail(fault);
        }
    }

    private Future<Answer> send(Request request) {
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setAbsoluteURI(base + request.path())
                .setIdleTimeout(readTimeoutMs)
                .putHeader("Authorization", authorization)
                .putHeader("User-Agent", userAgent);
        if (request.file() != null) {
            return sendMultipart(options, request.body(), request.file());
        }
        Buffer body = request.body() == null ? Buffer.buffer() : request.body().toBuffer();
        if (request.body() != null) {
            options.putHeader("Content-Type", "application/json");
        }
        return client.request(options).compose(call -> call.send(body).compose(response -> response.body()
                .map(bytes -> new Answer(response.statusCode(), response.headers(), bytes))));
    }

    /**
     * {@code payload_json} then {@code files[0]}, the file piped from the disk (never whole in memory), with
     * its exact {@code Content-Length}.
     */
    private Future<Answer> sendMultipart(RequestOptions options, JsonObject payload, FilePart part) {
        String boundary = "eternego" + UUID.randomUUID().toString().replace("-", "");
        Buffer head = Buffer.buffer()
                .appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n"
                        + "Content-Type: application/json\r\n\r\n")
                .appendBuffer(payload.toBuffer())
                .appendString("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\""
                        + part.fileName() + "\"\r\nContent-Type: " + part.contentType() + "\r\n\r\n");
        Buffer tail = Buffer.buffer("\r\n--" + boundary + "--\r\n");
        options.putHeader("Content-Type", "multipart/form-data; boundary=" + boundary);
        FileSystem files = vertx.fileSystem();
        String where = part.path().toString();
        return files.props(where).compose(props -> files.open(where, new OpenOptions().setRead(true).setWrite(false)
                .setCreate(false)).compose(file -> {
                    options.putHeader("Content-Length", String.valueOf(head.length() + props.size() + tail.length()));
                    return client.request(options).compose(call -> {
                        // read as soon as it comes, even before the whole file is sent (an early refusal)
                        Future<Answer> answer = call.response().compose(response -> response.body()
                                .map(bytes -> new Answer(response.statusCode(), response.headers(), bytes)));
                        call.write(head);
                        return file.pipe().endOnSuccess(false).to(call)
                                .compose(piped -> call.end(tail), unread -> {
                                    call.reset();
                                    return Future.failedFuture(unread);
                                })
                                .compose(ended -> answer);
                    }).andThen(sent -> file.close());
                }));
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** What Discord answered: status, headers, body. */
    private record Answer(int status, MultiMap headers, Buffer body) {
        JsonObject json() {
            if (body.length() == 0) {
                return new JsonObject();
            }
            try {
                return new JsonObject(body);
            } catch (DecodeException | ClassCastException e) {
                return new JsonObject();
            }
        }
    }
}
