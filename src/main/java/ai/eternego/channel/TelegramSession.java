package ai.eternego.channel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import ai.eternego.channel.TelegramPlatform.Answer;
import ai.eternego.core.Blocking;
import ai.eternego.store.MediaKind;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One bot's long poll: {@code deleteWebhook}, {@code setMyCommands}, then {@code getUpdates} for ever, one
 * call in flight and no thread held. Each update is handed to the sink in order; once the sink's answer
 * succeeded the next offset is written to her workspace, and only then is the next update handled, so a
 * restart (even a kill) skips none. The update at the offset a restart begins from, and one offered again
 * after a failure, may have been taken already: it is handed over as offered before, and the sink, which
 * knows what it kept, takes it once. 409, 429, 5xx and a broken network
 * are waited out (429 for {@code retry_after}, the others with a doubling backoff): the poll never dies
 * while the session is open.
 */
final class TelegramSession implements ChatSession {

    private static final Logger LOG = Logger.getLogger(TelegramSession.class);
    private static final String OFFSET = "offset";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    /** A file moves slower than a message: this long without a byte gives it up. */
    private static final Duration FILE_TIMEOUT = Duration.ofSeconds(120);
    /** Telegram's limit for a caption. */
    private static final int MAX_CAPTION = 1024;
    /** What a {@code file_path} of {@code getFile} looks like ({@code voice/file_12.oga}); it becomes a URL path. */
    private static final Pattern FILE_PATH = Pattern.compile("[A-Za-z0-9_./-]{1,512}");

    private final TelegramPlatform platform;
    private final Context context;
    private final String token;
    private final String bot;
    private final ChannelMemory memory;
    private final IncomingSink sink;
    private final Set<Long> timers = ConcurrentHashMap.newKeySet();
    private final Set<String> typingNow = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;
    private volatile boolean connected;
    private volatile String lastError;
    private volatile Cancellable inFlight;
    private long offset;
    /** The newest update that may have been taken without its offset written. */
    private long doubt = -1;
    private int failures;

    TelegramSession(TelegramPlatform platform, Context context, String token, ChannelMemory memory, IncomingSink sink) {
        this.platform = platform;
        this.context = context;
        this.token = token;
        this.bot = TelegramPlatform.fingerprint(token);
        this.memory = memory;
        this.sink = sink;
    }

    void begin() {
        Blocking.run(this::rememberedOffset).subscribe().with(known -> {
            offset = known;
            doubt = known;
            prepare();
        }, failure -> {
            trouble("her channel's memory cannot be read; old messages may come again");
            prepare();
        });
    }

    /** The offset written for this bot, or 0 (Telegram's oldest unconfirmed update). */
    private long rememberedOffset() {
        Optional<String> kept = memory.read(OFFSET);
        if (kept.isEmpty()) {
            return 0;
        }
        JsonObject json = new JsonObject(kept.get());
        return bot.equals(json.getString("bot")) ? json.getLong(OFFSET, 0L) : 0;
    }

    /** Removes a webhook (it makes {@code getUpdates} fail with 409), sets her commands, then polls. */
    private void prepare() {
        watch(platform.call(context, token, "deleteWebhook", new JsonObject().put("drop_pending_updates", false), SEND_TIMEOUT)
                .subscribe().with(answer -> {
                    if (!answer.ok()) {
                        later(refused(answer), this::prepare);
                        return;
                    }
                    watch(platform.call(context, token, "setMyCommands", commands(), SEND_TIMEOUT).subscribe().with(set -> {
                        if (!set.ok()) {
                            trouble("Telegram did not take her commands (" + set.description() + ")");
                        }
                        poll();
                    }, failure -> {
                        trouble(TelegramPlatform.words(failure));
                        poll();
                    }));
                }, failure -> {
                    disconnected(failure);
                    later(backoff(), this::prepare);
                }));
    }

    private static JsonObject commands() {
        JsonArray list = new JsonArray()
                .add(new JsonObject().put("command", "start").put("description", "Say hello to her"))
                .add(new JsonObject().put("command", "stop").put("description", "Stop her"))
                .add(new JsonObject().put("command", "restart").put("description", "Restart her"))
                .add(new JsonObject().put("command", "hello").put("description", "Repeat her last message"));
        return new JsonObject().put("commands", list);
    }

    private void poll() {
        if (!open) {
            return;
        }
        Duration wait = platform.config().pollTimeout();
        JsonObject body = new JsonObject().put(OFFSET, offset).put("limit", 100).put("timeout", wait.toSeconds())
                .put("allowed_updates", new JsonArray().add("message"));
        watch(platform.call(context, token, "getUpdates", body, wait.plusSeconds(15)).subscribe().with(answer -> {
            try {
                updates(answer);
            } catch (RuntimeException unexpected) {
                // an answer of another shape than the Bot API's: the poll goes on
                connected = false;
                trouble("Telegram answered something that is not a list of updates");
                later(backoff(), this::poll);
            }
        }, failure -> {
                    disconnected(failure);
                    later(backoff(), this::poll);
                }));
    }

    private void updates(Answer answer) {
        if (!open) {
            return;
        }
        if (!answer.ok()) {
            later(refused(answer), this::poll);
            return;
        }
        connected = true;
        failures = 0;
        JsonArray result = answer.body().getJsonArray("result", new JsonArray());
        handle(result, 0);
    }

    /** Hands update {@code index} to the sink, writes the next offset, then goes on; a failure polls again later. */
    private void handle(JsonArray updates, int index) {
        if (!open) {
            return;
        }
        if (index >= updates.size()) {
            poll();
            return;
        }
        JsonObject update = updates.getJsonObject(index);
        long id = update.getLong("update_id", -1L);
        if (id < offset) {
            handle(updates, index + 1);
            return;
        }
        Incoming message;
        try {
            message = incoming(update, id <= doubt);
        } catch (RuntimeException unreadable) {
            // a message of a shape she cannot read is passed over, so that it does not stop her channel
            message = null;
        }
        Uni<Void> handled = message == null ? Uni.createFrom().voidItem() : sink.receive(message);
        watch(handled.chain(() -> Blocking.run(() -> {
            memory.write(OFFSET, new JsonObject().put("bot", bot).put(OFFSET, id + 1).encode());
            return null;
        })).subscribe().with(done -> {
            offset = id + 1;
            handle(updates, index + 1);
        }, failure -> {
            doubt = Math.max(doubt, id);
            // said (without its message, which may hold a URL) so that a message offered again is never silent
            trouble("a message could not be taken in (" + failure.getClass().getSimpleName()
                    + "); it is offered again");
            later(backoff(), this::poll);
        }));
    }

    /**
     * The message of an update, or {@code null} for an update that is not one. Text, or a caption, and its file;
     * its id is the message's {@code message_id}.
     */
    private static Incoming incoming(JsonObject update, boolean offeredBefore) {
        JsonObject message = update.getJsonObject("message");
        if (message == null || message.getJsonObject("chat") == null) {
            return null;
        }
        Object chat = message.getJsonObject("chat").getValue("id");
        String text = message.getString("text", message.getString("caption"));
        JsonObject from = message.getJsonObject("from");
        boolean fromBot = from != null && from.getBoolean("is_bot", false);
        Attachment attachment = attachment(message);
        Object id = message.getValue("message_id");
        return chat == null ? null
                : new Incoming(String.valueOf(chat), id == null ? null : String.valueOf(id), text, fromBot,
                        attachment == null ? List.of() : List.of(attachment), offeredBefore);
    }

    /**
     * The file a message carries: the largest size of a photo (Telegram sends them as JPEG), a voice message,
     * an audio file, or a document (an image or audio sent as a document is one by its type); a video or a
     * sticker is OTHER. {@code null} when the message has none.
     */
    static Attachment attachment(JsonObject message) {
        JsonArray photo = message.getJsonArray("photo");
        if (photo != null && !photo.isEmpty()) {
            JsonObject largest = photo.getJsonObject(photo.size() - 1);
            return file(Attachment.Kind.IMAGE, largest, "image/jpeg");
        }
        JsonObject voice = message.getJsonObject("voice");
        if (voice != null) {
            return file(Attachment.Kind.VOICE, voice, "audio/ogg");
        }
        JsonObject audio = message.getJsonObject("audio");
        if (audio != null) {
            return file(Attachment.Kind.AUDIO, audio, "audio/mpeg");
        }
        JsonObject document = message.getJsonObject("document");
        if (document != null) {
            String type = document.getString("mime_type", "application/octet-stream");
            Attachment.Kind kind = type.startsWith("image/") ? Attachment.Kind.IMAGE
                    : type.startsWith("audio/") ? Attachment.Kind.AUDIO : Attachment.Kind.DOCUMENT;
            return file(kind, document, type);
        }
        for (String other : List.of("video", "video_note", "animation", "sticker")) {
            JsonObject file = message.getJsonObject(other);
            if (file != null) {
                return file(Attachment.Kind.OTHER, file, "application/octet-stream");
            }
        }
        return null;
    }

    private static Attachment file(Attachment.Kind kind, JsonObject file, String defaultType) {
        return new Attachment(kind, file.getString("file_id"), file.getString("mime_type", defaultType),
                file.getLong("file_size", -1L), file.getString("file_name"));
    }

    /**
     * {@code getFile} gives the file's path, then its bytes are streamed to {@code target}. A file Telegram says
     * is larger than {@code maxBytes} is refused before it is fetched; Telegram's refusal (a file over its
     * 20 MB, one it no longer has) is said in words; a broken network fails as it is.
     */
    @Override
    public Uni<Void> download(Attachment attachment, Path target, long maxBytes) {
        if (attachment.size() > maxBytes) {
            return Uni.createFrom().failure(tooLarge(maxBytes));
        }
        if (attachment.ref() == null || attachment.ref().isBlank()) {
            return Uni.createFrom().failure(new SendRefused("Telegram did not say which file this is", false));
        }
        return platform.call(context, token, "getFile", new JsonObject().put("file_id", attachment.ref()), SEND_TIMEOUT)
                .chain(answer -> {
                    if (!answer.ok()) {
                        return Uni.createFrom().failure(new SendRefused("Telegram would not give the file ("
                                + answer.description() + ")", false));
                    }
                    JsonObject file = answer.body().getJsonObject("result", new JsonObject());
                    String path = file.getString("file_path");
                    if (path == null || !FILE_PATH.matcher(path).matches() || path.contains("..")) {
                        return Uni.createFrom().failure(new SendRefused("Telegram gave no usable path for the file",
                                false));
                    }
                    if (file.getLong("file_size", -1L) > maxBytes) {
                        return Uni.createFrom().failure(tooLarge(maxBytes));
                    }
                    return platform.fetch(context, token, path, target, maxBytes, FILE_TIMEOUT);
                });
    }

    private static SendRefused tooLarge(long maxBytes) {
        return new SendRefused("the file is larger than " + TelegramPlatform.megabytes(maxBytes)
                + "; send a smaller one", false);
    }

    /**
     * An image as {@code sendPhoto}, Ogg/Opus audio as {@code sendVoice} (Telegram plays only that as a voice
     * message), any other audio and documents as {@code sendDocument}; multipart, the caption cut to 1024.
     */
    @Override
    public Uni<Void> sendFile(String chatId, MediaKind kind, Path file, String contentType, String caption) {
        String bare = MediaKind.bare(contentType);
        String field = switch (kind) {
            case IMAGE -> "photo";
            case AUDIO -> "audio/ogg".equals(bare) || "audio/opus".equals(bare) ? "voice" : "document";
            case DOCUMENT -> "document";
        };
        String method = "send" + Character.toUpperCase(field.charAt(0)) + field.substring(1);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("chat_id", chatId);
        if (caption != null && !caption.isBlank()) {
            fields.put("caption", caption.length() > MAX_CAPTION ? caption.substring(0, MAX_CAPTION) : caption);
        }
        return deliver(method, () -> platform.upload(context, token, method, fields, field, file, bare, FILE_TIMEOUT));
    }

    @Override
    public Uni<Void> send(String chatId, String text) {
        JsonObject body = new JsonObject().put("chat_id", chatId).put("text", text);
        return deliver("sendMessage", () -> platform.call(context, token, "sendMessage", body, SEND_TIMEOUT));
    }

    /** Makes {@code call} until Telegram takes it, waiting out 429, 5xx and the network; refuses what it never will. */
    private Uni<Void> deliver(String method, Supplier<Uni<Answer>> call) {
        if (!open) {
            return Uni.createFrom().failure(new SendRefused("the channel closed before the message was sent", true));
        }
        return call.get().onItemOrFailure().transformToUni((answer, failure) -> {
            if (failure != null) {
                disconnected(failure);
                return pause(backoff()).chain(() -> deliver(method, call));
            }
            int status = answer.status();
            // a 200 is Telegram's word that it took the message, even when what it said cannot be read:
            // sending it again would show it twice
            if (answer.ok() || status == 200) {
                return Uni.createFrom().voidItem();
            }
            if (status == 429 || status >= 500) {
                return pause(refused(answer)).chain(() -> deliver(method, call));
            }
            if (status == 401 || status == 404) {
                refused(answer);
                return Uni.createFrom().failure(new SendRefused(lastError, true));
            }
            trouble("Telegram refused a message (" + answer.description() + ")");
            return Uni.createFrom().failure(new SendRefused(lastError, false));
        });
    }

    @Override
    public void typing(String chatId) {
        // one "typing" in flight per chat: a slow Telegram is not flooded with them
        if (open && typingNow.add(chatId)) {
            platform.call(context, token, "sendChatAction", new JsonObject().put("chat_id", chatId).put("action", "typing"),
                    SEND_TIMEOUT).subscribe().with(answer -> typingNow.remove(chatId),
                            failure -> typingNow.remove(chatId));
        }
    }

    @Override
    public void close() {
        open = false;
        connected = false;
        timers.forEach(timer -> platform.vertx().cancelTimer(timer));
        timers.clear();
        Cancellable call = inFlight;
        if (call != null) {
            call.cancel();
        }
    }

    @Override
    public SessionState state() {
        return new SessionState(open && connected, lastError);
    }

    /** What Telegram's refusal means for her, in words; how long to wait before the next attempt. */
    private Duration refused(Answer answer) {
        int status = answer.status();
        if (status == 429) {
            trouble("Telegram asked her to slow down for " + answer.retryAfter().toSeconds() + " s");
            return answer.retryAfter();
        }
        connected = false;
        if (status == 409) {
            trouble("another program is reading this bot's messages (Telegram: " + answer.description()
                    + "); stop it, or give her a bot of her own");
        } else if (status == 401 || status == 404) {
            trouble("Telegram does not know this bot (" + answer.description()
                    + "); give her a valid bot from @BotFather");
        } else {
            trouble("Telegram failed (" + answer.description() + ")");
        }
        return backoff();
    }

    private void disconnected(Throwable failure) {
        connected = false;
        trouble(TelegramPlatform.words(failure));
    }

    private void trouble(String words) {
        if (open && !words.equals(lastError)) {
            LOG.infof("A Telegram channel has trouble: %s", words);
        }
        lastError = words;
    }

    private Duration backoff() {
        failures = Math.min(failures + 1, 30);
        Duration base = platform.config().backoff();
        Duration wait = base.multipliedBy(1L << Math.min(failures - 1, 20));
        Duration max = platform.config().maxBackoff();
        return wait.compareTo(max) > 0 ? max : wait;
    }

    private void watch(Cancellable call) {
        inFlight = call;
        if (!open) {
            call.cancel();
        }
    }

    private void later(Duration wait, Runnable next) {
        if (!open) {
            return;
        }
        long[] id = new long[1];
        id[0] = platform.vertx().setTimer(Math.max(1, wait.toMillis()), t -> {
            timers.remove(id[0]);
            next.run();
        });
        timers.add(id[0]);
    }

    private Uni<Void> pause(Duration wait) {
        return Uni.createFrom().emitter(emitter -> platform.vertx().setTimer(Math.max(1, wait.toMillis()),
                t -> emitter.complete(null)));
    }
}
