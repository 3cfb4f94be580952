package ai.eternego.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * A Discord gateway on loopback that a test steers: it says HELLO with the interval the test chose, ACKs
 * heartbeats (unless told not to), answers IDENTIFY with READY and RESUME with the events missed since the
 * sequence given (then RESUMED), keeps every frame each connection sent, and closes, invalidates or asks to
 * reconnect when the test says so. Events pushed while no connection is live wait for a RESUME, as Discord's do.
 */
final class FakeDiscordGateway implements AutoCloseable {

    static final String BOT_ID = "900000000000000001";

    /** One WebSocket connection: where it went and what the client sent on it. */
    static final class Conn {
        final String path;
        final String query;
        final List<JsonObject> frames = new ArrayList<>();
        final List<Long> frameTimes = new ArrayList<>();
        ServerWebSocket socket;
        boolean live;
        Integer clientCloseCode;
        boolean closed;
        boolean ackless;
        long helloAt;

        Conn(String path, String query) {
            this.path = path;
            this.query = query;
        }

        synchronized List<JsonObject> sent(int op) {
            return frames.stream().filter(f -> f.getInteger("op") == op).toList();
        }

        /** When this very frame (not an equal one: beats repeat) arrived, in {@link System#nanoTime()}. */
        synchronized long timeOf(JsonObject frame) {
            for (int i = 0; i < frames.size(); i++) {
                if (frames.get(i) == frame) {
                    return frameTimes.get(i);
                }
            }
            throw new IllegalArgumentException("not a frame of this connection");
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Conn> conns = new ArrayList<>();
    private final List<JsonObject> events = new ArrayList<>();
    private long heartbeatInterval = 45_000;
    private Integer closeOnIdentify;
    private int replayOverlap;
    private int sessions;
    private String sessionId;
    private long seq;
    private long invalidatedAt;

    FakeDiscordGateway() throws Exception {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .webSocketHandler(this::accept)
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String url() {
        return "ws://127.0.0.1:" + server.actualPort();
    }

    synchronized FakeDiscordGateway heartbeatInterval(long millis) {
        heartbeatInterval = millis;
        return this;
    }

    /** The live connection stops ACKing heartbeats (a zombie); later connections ACK again. */
    synchronized void stopAcking() {
        lastOpen().ackless = true;
    }

    synchronized void closeOnIdentify(int code) {
        closeOnIdentify = code;
    }

    /** A RESUME is answered with this many events from before the sequence it names too (duplicates). */
    synchronized void replayOverlap(int events) {
        replayOverlap = events;
    }

    synchronized List<Conn> conns() {
        return List.copyOf(conns);
    }

    synchronized Conn last() {
        return conns.get(conns.size() - 1);
    }

    synchronized String sessionId() {
        return sessionId;
    }

    synchronized long invalidatedAt() {
        return invalidatedAt;
    }

    /** Every frame of operation {@code op} the client sent, over all connections, in order. */
    synchronized List<JsonObject> sent(int op) {
        List<JsonObject> all = new ArrayList<>();
        for (Conn conn : conns) {
            all.addAll(conn.sent(op));
        }
        return all;
    }

    /** Dispatches an event; it reaches the client now when a connection is live, else on its RESUME. */
    synchronized long push(String type, JsonObject d) {
        return pushTo(liveConn(), type, d);
    }

    private long pushTo(Conn live, String type, JsonObject d) {
        JsonObject event = new JsonObject().put("op", 0).put("t", type).put("s", ++seq).put("d", d);
        events.add(event);
        if (live != null) {
            live.socket.writeTextMessage(event.encode());
        }
        return seq;
    }

    /** Writes {@code text} as it is (a broken frame, say) on the live connection. */
    synchronized void sendRaw(String text) {
        liveConn().socket.writeTextMessage(text);
    }

    /** Dispatches the same event on every live connection (many bots at once). */
    synchronized int broadcast(String type, JsonObject d) {
        int sent = 0;
        for (Conn conn : conns) {
            if (conn.live && !conn.closed) {
                conn.socket.writeTextMessage(new JsonObject().put("op", 0).put("t", type).put("s", ++seq).put("d", d)
                        .encode());
                sent++;
            }
        }
        return sent;
    }

    /** A direct message from a person to the bot. */
    synchronized long pushDirectMessage(String id, String text) {
        return push("MESSAGE_CREATE", message(id, "100000000000000001", null, "300000000000000001", false, text));
    }

    static JsonObject message(String id, String channelId, String guildId, String authorId, boolean bot, String text) {
        JsonObject d = new JsonObject().put("id", id).put("channel_id", channelId)
                .put("author", new JsonObject().put("id", authorId).put("username", "someone").put("bot", bot))
                .put("content", text).put("attachments", List.of()).put("flags", 0).put("mentions", List.of());
        if (guildId != null) {
            d.put("guild_id", guildId);
        }
        return d;
    }

    /** Closes the live connection from the server side with {@code code}; nothing is live afterwards. */
    synchronized void kill(int code) {
        Conn live = lastOpen();
        if (live != null) {
            live.live = false;
            live.socket.close((short) code, "closed by the test");
        }
    }

    synchronized void send(JsonObject frame) {
        lastOpen().socket.writeTextMessage(frame.encode());
    }

    synchronized void invalidSession(boolean resumable) {
        invalidatedAt = System.nanoTime();
        Conn live = lastOpen();
        live.live = false;
        live.socket.writeTextMessage(new JsonObject().put("op", 9).put("d", resumable).encode());
    }

    private Conn liveConn() {
        for (int i = conns.size() - 1; i >= 0; i--) {
            if (conns.get(i).live && !conns.get(i).closed) {
                return conns.get(i);
            }
        }
        return null;
    }

    private Conn lastOpen() {
        for (int i = conns.size() - 1; i >= 0; i--) {
            if (!conns.get(i).closed) {
                return conns.get(i);
            }
        }
        return null;
    }

    private synchronized void accept(ServerWebSocket socket) {
        Conn conn = new Conn(socket.path(), socket.query());
        conn.socket = socket;
        conns.add(conn);
        socket.textMessageHandler(text -> received(conn, new JsonObject(text)));
        socket.closeHandler(v -> {
            synchronized (this) {
                conn.closed = true;
                conn.live = false;
                Short code = socket.closeStatusCode();
                conn.clientCloseCode = code == null ? null : code.intValue();
            }
        });
        conn.helloAt = System.nanoTime();
        socket.writeTextMessage(new JsonObject().put("op", 10)
                .put("d", new JsonObject().put("heartbeat_interval", heartbeatInterval)).encode());
    }

    private synchronized void received(Conn conn, JsonObject frame) {
        synchronized (conn) {
            conn.frames.add(frame);
            conn.frameTimes.add(System.nanoTime());
        }
        switch (frame.getInteger("op")) {
            case 1 -> {
                if (!conn.ackless) {
                    conn.socket.writeTextMessage(new JsonObject().put("op", 11).encode());
                }
            }
            case 2 -> identified(conn);
            case 6 -> resumed(conn, frame.getJsonObject("d"));
            default -> {
            }
        }
    }

    private void identified(Conn conn) {
        if (closeOnIdentify != null) {
            conn.socket.close(closeOnIdentify.shortValue(), "refused by the test");
            return;
        }
        sessionId = "session-" + ++sessions;
        seq = 0;
        events.clear();
        conn.live = true;
        pushTo(conn, "READY", new JsonObject().put("v", 10).put("session_id", sessionId)
                .put("resume_gateway_url", url() + "/resume")
                .put("user", new JsonObject().put("id", BOT_ID).put("username", "her").put("bot", true)));
    }

    private void resumed(Conn conn, JsonObject d) {
        if (!d.getString("session_id", "").equals(sessionId)) {
            conn.socket.writeTextMessage(new JsonObject().put("op", 9).put("d", false).encode());
            return;
        }
        long from = d.getLong("seq") - replayOverlap;
        for (JsonObject event : events) {
            if (event.getLong("s") > from) {
                conn.socket.writeTextMessage(event.encode());
            }
        }
        conn.live = true;
        pushTo(conn, "RESUMED", new JsonObject());
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
