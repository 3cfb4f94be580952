package ai.eternego.testing;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A Telegram Bot API on loopback that a test drives: every bot token is a bot ({@code getMe}); updates are
 * {@link #push pushed} and answer a parked long poll at once; {@code getUpdates} with an offset confirms the
 * earlier updates, as Telegram does; files {@link #addFile added} are given by {@code getFile} and served at
 * {@code /file/bot<token>/<file_path>}; what the service sends is recorded, the files of {@code sendPhoto},
 * {@code sendVoice} and {@code sendDocument} (multipart) as {@link Upload}s; the next answers of a method can
 * be made to fail (409, 429 with {@code retry_after}, 500, a dropped connection). Runs on its own Vert.x.
 */
public final class FakeTelegram implements AutoCloseable {

    /** One call the service made: its method, token, body and when. */
    public record Call(String token, String method, JsonObject body, Instant at) {
    }

    /** A file the service sent ({@code sendPhoto}, {@code sendVoice}, {@code sendDocument}): its form fields and its part. */
    public record Upload(String token, String method, JsonObject fields, String field, String fileName,
            String contentType, byte[] bytes) {
    }

    private record Stored(String path, byte[] bytes, boolean announced) {
    }

    /** A fault to answer a call with: an HTTP status and body, or (status 0) a dropped connection. */
    public record Fault(int status, String body) {

        public static Fault drop() {
            return new Fault(0, null);
        }
    }

    /** A long poll waiting, with the event loop of its connection: its answer is written there, never from a test's thread. */
    private record Parked(HttpServerRequest request, long offset, long timer, Context context) {
    }

    private final class Bot {
        final List<JsonObject> updates = new ArrayList<>();
        final List<Parked> parked = new ArrayList<>();
        long confirmed;
        long delivered;
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
            .setInternalBlockingPoolSize(2));
    private final HttpServer server;
    private final String prefix;
    private final Map<String, Bot> bots = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Call> faulted = new CopyOnWriteArrayList<>();
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final Map<String, Stored> files = new ConcurrentHashMap<>();
    private final List<String> downloads = new CopyOnWriteArrayList<>();
    private final AtomicLong updateIds = new AtomicLong(1000);
    private final AtomicInteger messageIds = new AtomicInteger(1);
    private final Map<Long, Integer> messageOfUpdate = new ConcurrentHashMap<>();
    private final AtomicInteger parkedNow = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();

    public FakeTelegram(String prefix) {
        this.prefix = prefix;
        this.server = vertx.createHttpServer().requestHandler(this::serve);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + prefix;
    }

    private void serve(HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith(prefix + "/file/bot")) {
            download(request, path.substring(prefix.length() + "/file/bot".length()));
            return;
        }
        if (!path.startsWith(prefix + "/bot")) {
            request.response().setStatusCode(404).end();
            return;
        }
        String rest = path.substring(prefix.length() + 4);
        int slash = rest.lastIndexOf('/');
        String token = rest.substring(0, slash);
        String method = rest.substring(slash + 1);
        String type = request.getHeader("Content-Type");
        if (type != null && type.startsWith("multipart/form-data")) {
            upload(request, token, method);
            return;
        }
        request.body().onSuccess(bytes -> {
            JsonObject body = bytes.length() == 0 ? new JsonObject() : bytes.toJsonObject();
            synchronized (calls) {
                calls.add(new Call(token, method, body, Instant.now()));
            }
            Fault fault = nextFault(token, method);
            if (fault != null) {
                faulted.add(calls.get(calls.size() - 1));
                if (fault.status() == 0) {
                    request.connection().close();
                } else {
                    request.response().setStatusCode(fault.status()).putHeader("Content-Type", "application/json")
                            .end(fault.body());
                }
                return;
            }
            switch (method) {
                case "getMe" -> ok(request, new JsonObject().put("id", 42).put("is_bot", true).put("first_name", "Her")
                        .put("username", "her_bot"));
                case "getUpdates" -> getUpdates(request, token, body);
                case "getFile" -> getFile(request, body.getString("file_id"));
                case "sendMessage" -> ok(request, new JsonObject().put("message_id", messageIds.incrementAndGet())
                        .put("chat", new JsonObject().put("id", body.getValue("chat_id"))).put("text", body.getString("text")));
                default -> ok(request, true);
            }
        });
    }

    /** {@code getFile}: the path of a file {@link #addFile added}, or Telegram's 400 for an unknown id. */
    private void getFile(HttpServerRequest request, String fileId) {
        Stored stored = fileId == null ? null : files.get(fileId);
        if (stored == null) {
            request.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("ok", false).put("error_code", 400).put("description", "Bad Request: invalid file_id").encode());
            return;
        }
        JsonObject file = new JsonObject().put("file_id", fileId).put("file_unique_id", "u" + fileId)
                .put("file_path", stored.path());
        if (stored.announced()) {
            file.put("file_size", stored.bytes().length);
        }
        ok(request, file);
    }

    /** {@code GET /file/bot<token>/<file_path>}: the bytes of the file at that path. */
    private void download(HttpServerRequest request, String rest) {
        int slash = rest.indexOf('/');
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        downloads.add(rest.substring(0, Math.max(0, slash)) + " " + path);
        files.values().stream().filter(f -> f.path().equals(path)).findFirst().ifPresentOrElse(
                f -> request.response().putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(f.bytes())),
                () -> request.response().setStatusCode(404).end());
    }

    /** A multipart method: its text fields and its one file part are recorded; answered as Telegram does. */
    private void upload(HttpServerRequest request, String token, String method) {
        request.setExpectMultipart(true);
        List<Upload> parts = new CopyOnWriteArrayList<>();
        request.uploadHandler(part -> {
            Buffer bytes = Buffer.buffer();
            part.handler(bytes::appendBuffer);
            part.endHandler(end -> parts.add(new Upload(token, method, null, part.name(), part.filename(),
                    part.contentType(), bytes.getBytes())));
        });
        request.endHandler(end -> {
            JsonObject fields = new JsonObject();
            request.formAttributes().forEach(e -> fields.put(e.getKey(), e.getValue()));
            synchronized (calls) {
                calls.add(new Call(token, method, fields, Instant.now()));
            }
            Fault fault = nextFault(token, method);
            if (fault != null) {
                faulted.add(calls.get(calls.size() - 1));
                request.response().setStatusCode(fault.status()).putHeader("Content-Type", "application/json")
                        .end(fault.body());
                return;
            }
            parts.forEach(p -> uploads.add(new Upload(token, method, fields, p.field(), p.fileName(), p.contentType(),
                    p.bytes())));
            ok(request, new JsonObject().put("message_id", messageIds.incrementAndGet())
                    .put("chat", new JsonObject().put("id", fields.getValue("chat_id"))));
        });
    }

    /** Telegram keeps {@code bytes} as file {@code fileId}, served at {@code path} (such as {@code voice/file_1.oga}). */
    public void addFile(String fileId, String path, byte[] bytes) {
        files.put(fileId, new Stored(path, bytes, true));
    }

    /** As {@link #addFile}, but {@code getFile} does not tell its size (Telegram may leave it out). */
    public void addFileOfUnknownSize(String fileId, String path, byte[] bytes) {
        files.put(fileId, new Stored(path, bytes, false));
    }

    /** The file paths fetched from {@code /file/bot<token>/}, in order. */
    public List<String> downloads(String token) {
        return downloads.stream().filter(d -> d.startsWith(token + " ")).map(d -> d.substring(token.length() + 1))
                .toList();
    }

    /** The files the bot of {@code token} sent, in order. */
    public List<Upload> uploads(String token) {
        return uploads.stream().filter(u -> u.token().equals(token)).toList();
    }

    private Fault nextFault(String token, String method) {
        Deque<Fault> queue = faults.get(token + "/" + method);
        synchronized (this) {
            return queue == null ? null : queue.pollFirst();
        }
    }

    private static void ok(HttpServerRequest request, Object result) {
        request.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("ok", true).put("result", result).encode());
    }

    private void getUpdates(HttpServerRequest request, String token, JsonObject body) {
        long offset = body.getLong("offset", 0L);
        long timeout = body.getLong("timeout", 0L);
        synchronized (this) {
            Bot bot = bots.computeIfAbsent(token, k -> new Bot());
            bot.confirmed = Math.max(bot.confirmed, offset);
            bot.updates.removeIf(u -> u.getLong("update_id") < offset);
            if (!bot.updates.isEmpty() || timeout == 0) {
                deliver(bot, request);
                return;
            }
            parkedNow.incrementAndGet();
            long[] timer = new long[1];
            timer[0] = vertx.setTimer(timeout * 1000, t -> release(token, timer[0], true));
            bot.parked.add(new Parked(request, offset, timer[0], Vertx.currentContext()));
            request.connection().closeHandler(closed -> {
                synchronized (this) {
                    if (bot.parked.removeIf(p -> p.timer() == timer[0])) {
                        parkedNow.decrementAndGet();
                        resets.incrementAndGet();
                        vertx.cancelTimer(timer[0]);
                    }
                }
            });
        }
    }

    private synchronized void release(String token, long timer, boolean empty) {
        Bot bot = bots.get(token);
        for (Iterator<Parked> it = bot.parked.iterator(); it.hasNext();) {
            Parked parked = it.next();
            if (parked.timer() == timer) {
                it.remove();
                parkedNow.decrementAndGet();
                JsonArray updates = empty ? new JsonArray() : delivered(bot);
                parked.context().runOnContext(v -> ok(parked.request(), updates));
            }
        }
    }

    /** Answers a poll with every unconfirmed update of {@code bot}, and notes the newest one delivered. */
    private void deliver(Bot bot, HttpServerRequest request) {
        ok(request, delivered(bot));
    }

    /** Every unconfirmed update of {@code bot}, noted as delivered. */
    private static JsonArray delivered(Bot bot) {
        for (JsonObject update : bot.updates) {
            bot.delivered = Math.max(bot.delivered, update.getLong("update_id"));
        }
        return new JsonArray(new ArrayList<>(bot.updates));
    }

    /** A person in chat {@code chat} writes {@code text} to the bot of {@code token}; the update's id. */
    public long push(String token, long chat, String text) {
        return pushMessage(token, chat, new JsonObject().put("text", text));
    }

    /**
     * A person in chat {@code chat} sends the bot of {@code token} a message with {@code content} (its
     * {@code text}, or {@code caption} and {@code photo}, {@code voice}, {@code document}...); the update's id.
     */
    public long pushMessage(String token, long chat, JsonObject content) {
        long id = updateIds.incrementAndGet();
        int messageId = messageIds.incrementAndGet();
        messageOfUpdate.put(id, messageId);
        JsonObject message = new JsonObject().put("message_id", messageId)
                .put("from", new JsonObject().put("id", chat).put("is_bot", false).put("username", "u" + chat))
                .put("chat", new JsonObject().put("id", chat).put("type", "private"))
                .put("date", Instant.now().getEpochSecond());
        message.mergeIn(content);
        JsonObject update = new JsonObject().put("update_id", id).put("message", message);
        synchronized (this) {
            Bot bot = bots.computeIfAbsent(token, k -> new Bot());
            bot.updates.add(update);
            for (Parked parked : List.copyOf(bot.parked)) {
                vertx.cancelTimer(parked.timer());
                release(token, parked.timer(), false);
            }
        }
        return id;
    }

    /** The next {@code method} calls of {@code token} answer these faults, in order. */
    public synchronized void failNext(String token, String method, Fault... next) {
        faults.computeIfAbsent(token + "/" + method, k -> new ArrayDeque<>()).addAll(List.of(next));
    }

    /** The calls answered with a fault, in order. */
    public List<Call> faulted() {
        return List.copyOf(faulted);
    }

    /** Every call made, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String token, String method) {
        return calls.stream().filter(c -> c.token().equals(token) && c.method().equals(method)).toList();
    }

    /** The texts sent to {@code chat} by the bot of {@code token}, in order. */
    public List<String> sent(String token, long chat) {
        return calls(token, "sendMessage").stream().filter(c -> String.valueOf(chat).equals(String.valueOf(c.body()
                .getValue("chat_id")))).map(c -> c.body().getString("text")).toList();
    }

    /** The {@code message_id} of the message pushed as update {@code update}. */
    public int messageId(long update) {
        return messageOfUpdate.get(update);
    }

    /** Whether the bot confirmed update {@code id} (asked for a later offset). */
    public synchronized boolean confirmed(String token, long id) {
        Bot bot = bots.get(token);
        return bot != null && bot.confirmed > id;
    }

    /** Whether update {@code id} was given to the bot in an answer to {@code getUpdates}. */
    public synchronized boolean delivered(String token, long id) {
        Bot bot = bots.get(token);
        return bot != null && bot.delivered >= id;
    }

    /** Long polls waiting now. */
    public int parked() {
        return parkedNow.get();
    }

    /** Long polls the service gave up before they were answered. */
    public int resets() {
        return resets.get();
    }

    public synchronized int parked(String token) {
        Bot bot = bots.get(token);
        return bot == null ? 0 : bot.parked.size();
    }

    @Override
    public void close() {
        vertx.close();
    }
}
