package ai.eternego.channel;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One bot's life on Discord: a gateway session that stays connected while it is open, and the REST calls
 * that answer. It fetches {@code /gateway/bot}, opens the WebSocket with {@code ?v=10&encoding=json}, beats
 * its heart (the first beat after a random part of the interval, then every interval), IDENTIFYs, and after
 * any drop RESUMEs on {@code resume_gateway_url} with the last sequence; a beat that was not acknowledged
 * means a zombie connection, closed and resumed. Only the close codes that need the owner (a refused token,
 * intents not allowed, …) stop it, with a sentence saying what to do; everything else is retried with backoff.
 * All its state lives on one Vert.x event loop: no thread is held per bot.
 */
public final class DiscordSession {

    private static final Logger LOG = Logger.getLogger(DiscordSession.class);

    /** GUILD_MESSAGES, so a mention in a server reaches her; DIRECT_MESSAGES; MESSAGE_CONTENT (privileged). */
    static final int INTENTS = (1 << 9) | (1 << 12) | (1 << 15);
    static final String QUERY = "v=10&encoding=json";
    /** Discord's longest message content. */
    static final int LIMIT = 2000;
    /** The close code for a connection she leaves meaning to resume it (1000 and 1001 end the session). */
    static final int RESUMABLE_CLOSE = 4000;
    private static final int REMEMBERED_MESSAGES = 1024;
    private static final int RESUME_ATTEMPTS = 3;
    private static final long MOST_BACKOFF_MS = 60_000;
    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");

    static final String BAD_TOKEN = "Discord refused her bot's token: give her a new one";
    static final String NO_CONTENT_INTENT = "enable MESSAGE_CONTENT for this bot in the Developer Portal"
            + " (Bot, Privileged Gateway Intents), then start her channel again";

    private final Vertx vertx;
    private final Context context;
    private final DiscordRest rest;
    private final String token;
    private final DiscordListener listener;
    private final Supplier<BasicWebSocketConnector> connectors;
    private final Consumer<DiscordSession> forget;
    private final long connectTimeoutMs;
    private final long helloTimeoutMs;
    private final Map<String, Boolean> seen = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_MESSAGES;
        }
    };

    private Link link;
    private String sessionId;
    private String resumeUrl;
    private Long sequence;
    private String selfId;
    private int failures;
    private long retryTimer = -1;
    private boolean closed;
    private boolean stopped;
    private volatile DiscordState state = DiscordState.STARTING;

    DiscordSession(Vertx vertx, Context context, DiscordRest rest, String token, DiscordListener listener,
            Supplier<BasicWebSocketConnector> connectors, Consumer<DiscordSession> forget, long connectTimeoutMs,
            long helloTimeoutMs) {
        this.vertx = vertx;
        this.context = context;
        this.rest = rest;
        this.token = token;
        this.listener = listener;
        this.connectors = connectors;
        this.forget = forget;
        this.connectTimeoutMs = connectTimeoutMs;
        this.helloTimeoutMs = helloTimeoutMs;
    }

    /** One WebSocket connection and its heartbeat; events of a connection that is no longer hers are ignored. */
    private static final class Link {
        final boolean resuming;
        WebSocketClientConnection connection;
        long heartbeat = -1;
        long interval;
        boolean acked = true;

        Link(boolean resuming) {
            this.resuming = resuming;
        }
    }

    // ---- the API ------------------------------------------------------------------------------

    /** Where the session stands, in words. */
    public DiscordState state() {
        return state;
    }

    /**
     * Sends {@code text} to the channel, cut into ordered parts under 2000 characters, mentioning nobody
     * ({@code allowed_mentions: {"parse": []}}). Completes once every part was accepted; fails with a
     * {@link DiscordFault} in words at the first part Discord refuses (the later parts are not sent).
     * A blank text sends nothing. Nothing is sent until the Uni is subscribed to, once per subscription;
     * the replies of one session go out in the order they were subscribed.
     */
    public Uni<Void> send(String channelId, String text) {
        if (!validChannel(channelId)) {
            return Uni.createFrom().failure(new DiscordFault("that is not a Discord channel id", false));
        }
        return rest.createMessages(channelId, TextParts.split(text, LIMIT));
    }

    /**
     * Sends the file at {@code file} to the channel as one message with {@code files[0]}, with {@code caption}
     * (or none) as its content; a caption over 2000 characters goes first as messages, its last part with
     * the file. Retried and refused as {@link #send} is; the file is read from the disk at each attempt.
     */
    public Uni<Void> sendFile(String channelId, Path file, String contentType, String caption) {
        if (!validChannel(channelId)) {
            return Uni.createFrom().failure(new DiscordFault("that is not a Discord channel id", false));
        }
        return rest.createFileMessage(channelId, TextParts.split(caption, LIMIT), file, contentType);
    }

    /**
     * Streams the file a person attached into {@code target} (created or replaced), counting it against
     * {@code maxBytes}: a file Discord says or turns out to be larger is refused in words and nothing is left
     * at {@code target}. Only an http(s) address is fetched, and her token is never sent with it.
     */
    public Uni<Void> download(Attachment attachment, Path target, long maxBytes) {
        String tooLarge = "it is larger than " + megabytes(maxBytes) + "; send a smaller one";
        if (attachment.size() > maxBytes) {
            return Uni.createFrom().failure(new DiscordFault(tooLarge, false));
        }
        URI uri = fileUri(attachment.ref());
        if (uri == null) {
            return Uni.createFrom().failure(new DiscordFault("Discord gave no usable address for that file", false));
        }
        return rest.download(uri.toString(), target, maxBytes, tooLarge);
    }

    private static URI fileUri(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null
                    && uri.getRawUserInfo() == null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }

    /** Shows her typing in the channel for about ten seconds (call again to keep it up). */
    public Uni<Void> typing(String channelId) {
        if (!validChannel(channelId)) {
            return Uni.createFrom().failure(new DiscordFault("that is not a Discord channel id", false));
        }
        return rest.typing(channelId);
    }

    /** Ends the session for good: the connection is closed, timers cancelled, calls not yet made fail. */
    public Uni<Void> close() {
        return Uni.createFrom().emitter(done -> context.runOnContext(v -> {
            if (closed) {
                done.complete(null);
                return;
            }
            closed = true;
            cancelRetry();
            rest.close();
            forget.accept(this);
            change(false, "closed", state.lastError());
            Link current = link;
            link = null;
            if (current == null || current.connection == null || current.connection.isClosed()) {
                done.complete(null);
                return;
            }
            cancelHeartbeat(current);
            current.connection.close(CloseReason.NORMAL).subscribe()
                    .with(ok -> done.complete(null), failure -> done.complete(null));
        }));
    }

    private static boolean validChannel(String channelId) {
        return channelId != null && SNOWFLAKE.matcher(channelId).matches();
    }

    // ---- connecting ---------------------------------------------------------------------------

    void start() {
        onContext(this::connect);
    }

    private void connect() {
        retryTimer = -1;
        if (closed || stopped) {
            return;
        }
        if (sessionId != null && resumeUrl != null && sequence != null) {
            change(false, "resuming", state.lastError());
            open(resumeUrl, true);
            return;
        }
        change(false, "connecting", state.lastError());
        rest.gatewayBot().subscribe().with(
                answer -> onContext(() -> gatewayFound(answer)),
                failure -> onContext(() -> gatewayUnknown(failure)));
    }

    private void gatewayFound(JsonObject answer) {
        if (closed || stopped) {
            return;
        }
        JsonObject limit = answer.getJsonObject("session_start_limit");
        if (limit != null && limit.getInteger("remaining", 1) == 0) {
            long wait = Math.max(1000, limit.getLong("reset_after", 60_000L));
            retryIn(wait, "Discord allows no more sessions for this bot today; waiting for the limit to reset");
            return;
        }
        String url = answer.getString("url");
        if (gatewayUri(url) == null) {
            retryLater("Discord gave no usable gateway address");
            return;
        }
        open(url, false);
    }

    private void gatewayUnknown(Throwable failure) {
        if (closed || stopped) {
            return;
        }
        if (failure instanceof DiscordFault fault && fault.fatal()) {
            stop(BAD_TOKEN);
            return;
        }
        retryLater(failure instanceof DiscordFault fault ? fault.getMessage() : "Discord did not answer");
    }

    private void open(String url, boolean resuming) {
        URI uri = gatewayUri(url);
        if (uri == null) {
            forgetSession();
            retryLater("Discord gave no usable gateway address");
            return;
        }
        Link opening = new Link(resuming);
        link = opening;
        opening.heartbeat = vertx.setTimer(helloTimeoutMs, t -> onContext(() -> noHello(opening)));
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        connectors.get()
                .baseUri(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "?" + QUERY))
                .path(path)
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .customizeOptions((connect, client) -> {
                    connect.setConnectTimeout(connectTimeoutMs).setTimeout(helloTimeoutMs);
                    client.setMaxMessageSize(4 << 20).setMaxFrameSize(1 << 20);
                })
                .onTextMessage((connection, text) -> onContext(() -> frame(opening, connection, text)))
                .onClose((connection, reason) -> onContext(() -> gone(opening, reason)))
                .onError((connection, error) -> LOG.debugf("Discord gateway error: %s", error.getClass().getSimpleName()))
                .connect().subscribe().with(
                        connection -> onContext(() -> opened(opening, connection)),
                        failure -> onContext(() -> unreachable(opening, failure)));
    }

    /** The URL Discord gave, as a WebSocket address without its query; null when it is not one. */
    private static URI gatewayUri(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme) || uri.getRawAuthority() == null) {
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** A connection that never said HELLO (or never opened) is let go and tried again. */
    private void noHello(Link opening) {
        opening.heartbeat = -1;
        if (opening != link || closed || opening.interval > 0) {
            return;
        }
        drop(opening, new CloseReason(RESUMABLE_CLOSE, "no hello"));
        retryLater("the Discord gateway did not say hello");
    }

    private void opened(Link opened, WebSocketClientConnection connection) {
        if (opened != link || closed) {
            connection.close(new CloseReason(RESUMABLE_CLOSE, "superseded")).subscribe().with(ok -> { }, failure -> { });
            return;
        }
        opened.connection = connection;
    }

    private void unreachable(Link failed, Throwable failure) {
        if (failed != link || closed) {
            return;
        }
        link = null;
        cancelHeartbeat(failed);
        LOG.debugf("Discord gateway unreachable: %s", failure.getClass().getSimpleName());
        if (failed.resuming && failures + 1 >= RESUME_ATTEMPTS) {
            forgetSession();
        }
        retryLater("could not reach the Discord gateway");
    }

    // ---- frames -------------------------------------------------------------------------------

    private void frame(Link from, WebSocketClientConnection connection, String text) {
        if (from != link || closed) {
            return;
        }
        if (from.connection == null) {
            from.connection = connection;
        }
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            LOG.debug("Discord gateway sent a frame that is not a JSON object; ignored");
            return;
        }
        int op = frame.getValue("op") instanceof Number number ? number.intValue() : -1;
        switch (op) {
            case 0 -> dispatch(frame);
            case 1 -> beat(from);
            case 7 -> leave(from, "Discord asked her to reconnect");
            case 9 -> invalidSession(from, Boolean.TRUE.equals(frame.getValue("d")));
            case 10 -> hello(from, frame.getJsonObject("d"));
            case 11 -> acknowledged(from);
            default -> LOG.debugf("Discord gateway op %d ignored", op);
        }
    }

    private void hello(Link from, JsonObject d) {
        long interval = d == null ? 0 : d.getLong("heartbeat_interval", 0L);
        if (interval <= 0) {
            leave(from, "Discord's hello carried no heartbeat interval");
            return;
        }
        from.interval = interval;
        cancelHeartbeat(from);
        long first = (long) (interval * ThreadLocalRandom.current().nextDouble());
        from.heartbeat = vertx.setTimer(Math.max(1, first), t -> onContext(() -> heartbeat(from)));
        if (from.resuming && sessionId != null && sequence != null) {
            send(from, new JsonObject().put("op", 6).put("d", new JsonObject()
                    .put("token", token).put("session_id", sessionId).put("seq", sequence)));
        } else {
            send(from, new JsonObject().put("op", 2).put("d", new JsonObject()
                    .put("token", token)
                    .put("intents", INTENTS)
                    .put("properties", new JsonObject()
                            .put("os", System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT))
                            .put("browser", "eternego")
                            .put("device", "eternego"))));
        }
    }

    /** The timed beat: a beat not acknowledged since the last one means the connection is a zombie. */
    private void heartbeat(Link from) {
        if (from != link || closed) {
            return;
        }
        if (!from.acked) {
            LOG.info("Discord gateway: no heartbeat ACK since the last beat; resuming on a new connection");
            leave(from, "the Discord connection stopped answering");
            return;
        }
        from.acked = false;
        beat(from);
        from.heartbeat = vertx.setTimer(from.interval, t -> onContext(() -> heartbeat(from)));
    }

    /** An ACK on a live session: the connection has proved itself, so the next failure is retried at once. */
    private void acknowledged(Link from) {
        from.acked = true;
        if (state.connected()) {
            failures = 0;
        }
    }

    private void beat(Link from) {
        send(from, new JsonObject().put("op", 1).put("d", sequence));
    }

    private void invalidSession(Link from, boolean resumable) {
        if (resumable) {
            leave(from, "Discord invalidated the session; resuming");
            return;
        }
        forgetSession();
        drop(from, CloseReason.NORMAL);
        retryIn(1000 + ThreadLocalRandom.current().nextLong(4001), "Discord invalidated the session");
    }

    private void dispatch(JsonObject frame) {
        Object s = frame.getValue("s");
        if (s instanceof Number number) {
            sequence = number.longValue();
        }
        JsonObject d = frame.getValue("d") instanceof JsonObject object ? object : new JsonObject();
        String type = frame.getString("t", "");
        switch (type) {
            case "READY" -> {
                sessionId = d.getString("session_id");
                resumeUrl = gatewayUri(d.getString("resume_gateway_url")) == null ? null : d.getString("resume_gateway_url");
                JsonObject user = d.getJsonObject("user");
                selfId = user == null ? null : user.getString("id");
                change(true, "connected", null);
            }
            case "RESUMED" -> change(true, "connected", null);
            case "MESSAGE_CREATE" -> heard(d);
            default -> {
            }
        }
    }

    private void heard(JsonObject d) {
        JsonObject author = d.getJsonObject("author");
        String id = d.getString("id");
        String channelId = d.getString("channel_id");
        if (author == null || id == null || channelId == null) {
            return;
        }
        String authorId = author.getString("id");
        if (author.getBoolean("bot", false) || authorId == null || authorId.equals(selfId)) {
            return;
        }
        String guildId = d.getString("guild_id");
        if (guildId != null && !mentionsHer(d.getJsonArray("mentions"))) {
            return;
        }
        String content = d.getString("content", "");
        int flags = d.getInteger("flags", 0);
        List<Attachment> attachments = attachments(d.getJsonArray("attachments"), (flags & DiscordMessage.VOICE) != 0);
        if (content.isEmpty() && attachments.isEmpty()) {
            return;
        }
        if (seen.put(id, Boolean.TRUE) != null) {
            LOG.debug("Discord gateway replayed a message already delivered; ignored");
            return;
        }
        DiscordMessage message = new DiscordMessage(id, channelId, guildId, authorId, author.getString("username"),
                content, attachments, flags);
        try {
            listener.message(message);
        } catch (RuntimeException e) {
            LOG.warnf("Discord listener failed on a message: %s", e.getClass().getSimpleName());
        }
    }

    private boolean mentionsHer(JsonArray mentions) {
        if (mentions == null || selfId == null) {
            return false;
        }
        for (Object mention : mentions) {
            if (mention instanceof JsonObject user && selfId.equals(user.getString("id"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The files of a message, described: an image by its {@code image/*} type, the audio of a voice message
     * as VOICE, other audio as AUDIO, a PDF, plain text or markdown as DOCUMENT, anything else as OTHER.
     * An attachment without a URL cannot be fetched and is left out.
     */
    private static List<Attachment> attachments(JsonArray array, boolean voiceMessage) {
        List<Attachment> attachments = new ArrayList<>();
        if (array == null) {
            return attachments;
        }
        for (Object item : array) {
            if (item instanceof JsonObject a && a.getValue("url") instanceof String url) {
                String type = a.getValue("content_type") instanceof String t ? t : null;
                long size = a.getValue("size") instanceof Number n ? n.longValue() : -1;
                String name = a.getValue("filename") instanceof String f ? f : null;
                attachments.add(new Attachment(kind(type, voiceMessage), url, type, size, name));
            }
        }
        return attachments;
    }

    static Attachment.Kind kind(String contentType, boolean voiceMessage) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (type.startsWith("image/")) {
            return Attachment.Kind.IMAGE;
        }
        if (type.startsWith("audio/")) {
            return voiceMessage ? Attachment.Kind.VOICE : Attachment.Kind.AUDIO;
        }
        return switch (type) {
            case "application/pdf", "text/plain", "text/markdown" -> Attachment.Kind.DOCUMENT;
            default -> Attachment.Kind.OTHER;
        };
    }

    // ---- leaving a connection -----------------------------------------------------------------

    /** Closes the connection herself (never with 1000, so the session stays resumable) and goes on as told. */
    private void leave(Link from, String why) {
        drop(from, new CloseReason(RESUMABLE_CLOSE, "resuming"));
        failures++;
        retryIn(failures == 1 ? 0 : backoff(), why);
    }

    /**
     * Lets go of a connection at once, without waiting for the closing handshake (a zombie may never
     * complete it): its later events are ignored.
     */
    private void drop(Link from, CloseReason reason) {
        cancelHeartbeat(from);
        if (link == from) {
            link = null;
        }
        if (from.connection != null && !from.connection.isClosed()) {
            from.connection.close(reason).subscribe().with(ok -> { }, failure -> { });
        }
    }

    /** A connection Discord closed, or that dropped: decide what comes next. */
    private void gone(Link from, CloseReason reason) {
        if (from != link || closed) {
            return;
        }
        link = null;
        cancelHeartbeat(from);
        int code = reason == null ? 1006 : reason.getCode();
        LOG.debugf("Discord gateway closed with code %d", code);
        switch (code) {
            case 4004 -> stop(BAD_TOKEN);
            case 4010 -> stop("Discord refused the shard she asked for; report this bug");
            case 4011 -> stop("the bot is in too many servers for one connection (sharding required)");
            case 4012 -> stop("Discord refused the gateway version; report this bug");
            case 4013 -> stop("Discord refused the intents she asked for; report this bug");
            case 4014 -> stop(NO_CONTENT_INTENT);
            case 4007, 4009 -> {
                forgetSession();
                retryLater("Discord ended the session (code " + code + "); identifying again");
            }
            default -> retryLater("the Discord connection closed (code " + code + ")");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Retries after a failure: within a second the first time, then backing off up to a minute. */
    private void retryLater(String why) {
        failures++;
        retryIn(failures == 1 ? ThreadLocalRandom.current().nextLong(1000) : backoff(), why);
    }

    /** Half to all of 1 s doubled for each failure since she was last connected, at most a minute. */
    private long backoff() {
        long backoff = Math.min(MOST_BACKOFF_MS, 1000L << Math.min(16, failures - 1));
        return backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
    }

    private void retryIn(long delay, String why) {
        cancelRetry();
        if (closed || stopped) {
            return;
        }
        if (delay <= 0) {
            change(false, sessionId != null ? "resuming" : "connecting", why);
            onContext(this::connect);
            return;
        }
        long seconds = Math.max(1, Math.round(delay / 1000.0));
        change(false, "reconnecting in " + seconds + " s" + (why == null ? "" : ": " + why), why);
        retryTimer = vertx.setTimer(delay, t -> onContext(this::connect));
    }

    private void stop(String sentence) {
        stopped = true;
        cancelRetry();
        if (link != null) {
            drop(link, CloseReason.NORMAL);
        }
        LOG.warnf("Discord channel stopped: %s", sentence);
        change(false, "stopped: " + sentence, sentence);
    }

    private void forgetSession() {
        sessionId = null;
        resumeUrl = null;
        sequence = null;
    }

    private void send(Link to, JsonObject frame) {
        if (to.connection == null || to.connection.isClosed()) {
            return;
        }
        to.connection.sendText(frame.encode()).subscribe().with(ok -> { },
                failure -> LOG.debugf("Discord gateway op %d not sent: %s", frame.getInteger("op"),
                        failure.getClass().getSimpleName()));
    }

    private void change(boolean connected, String words, String lastError) {
        DiscordState next = new DiscordState(connected, stopped, words, lastError);
        if (next.equals(state)) {
            return;
        }
        state = next;
        try {
            listener.state(next);
        } catch (RuntimeException e) {
            LOG.warnf("Discord listener failed on a state change: %s", e.getClass().getSimpleName());
        }
    }

    private void cancelHeartbeat(Link from) {
        if (from.heartbeat >= 0) {
            vertx.cancelTimer(from.heartbeat);
            from.heartbeat = -1;
        }
    }

    private void cancelRetry() {
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
        }
    }

    /** Runs {@code work} on the session's event loop; a failure in it is logged and never ends the session. */
    private void onContext(Runnable work) {
        context.runOnContext(v -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warnf("Discord session: %s; reconnecting", e.getClass().getSimpleName());
                if (closed || stopped) {
                    return;
                }
                if (link != null) {
                    drop(link, new CloseReason(RESUMABLE_CLOSE, "resuming"));
                }
                if (retryTimer < 0) {
                    retryLater("an internal error; reconnecting");
                }
            }
        });
    }
}
