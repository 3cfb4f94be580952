package ai.eternego.channel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The REST side of one bot: every call it makes, one after the other in the order asked, so the parts of a
 * reply (and two replies) arrive in order. A route whose {@code X-RateLimit-Remaining} reached 0 waits for its
 * {@code X-RateLimit-Reset-After}; a 429 waits its {@code retry_after} (for every route when {@code global})
 * and tries the same request again; a 5xx or a dropped connection is tried again a few times with backoff.
 * Runs on its session's event loop; the token goes only into the {@code Authorization} header.
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

    /** One HTTP request: its route is the rate-limit bucket it counts against. */
    record Request(HttpMethod method, String path, JsonObject body) {
        String route() {
            return method + " " + path;
        }
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

    private io.vertx.core.Future<Answer> send(Request request) {
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setAbsoluteURI(base + request.path())
                .setIdleTimeout(readTimeoutMs)
                .putHeader("Authorization", authorization)
                .putHeader("User-Agent", userAgent);
        Buffer body = request.body() == null ? Buffer.buffer() : request.body().toBuffer();
        if (request.body() != null) {
            options.putHeader("Content-Type", "application/json");
        }
        return client.request(options)
                .compose(call -> call.send(body))
                .compose(response -> response.body()
                        .map(bytes -> new Answer(response.statusCode(), response.headers(), bytes)));
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
