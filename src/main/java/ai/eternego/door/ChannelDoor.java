package ai.eternego.door;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import ai.eternego.agent.AgentSupervisor;
import ai.eternego.agent.LifeFollower;
import ai.eternego.agent.TimeSource;
import ai.eternego.channel.Attachment;
import ai.eternego.channel.ChannelStatus;
import ai.eternego.channel.ChannelType;
import ai.eternego.channel.ChannelWatch;
import ai.eternego.channel.ChatPlatform;
import ai.eternego.channel.ChatSession;
import ai.eternego.channel.Incoming;
import ai.eternego.channel.SendRefused;
import ai.eternego.channel.SessionState;
import ai.eternego.channel.TextParts;
import ai.eternego.config.EternegoConfig;
import ai.eternego.core.Blocking;
import ai.eternego.core.Refusal;
import ai.eternego.persona.Conversation;
import ai.eternego.persona.Departed;
import ai.eternego.persona.Perception;
import ai.eternego.persona.PersonaEvent;
import ai.eternego.record.ChannelRecord;
import ai.eternego.record.ConversationLine;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.AtomicFiles;
import ai.eternego.store.HomeLayout;
import ai.eternego.store.MediaKind;
import ai.eternego.store.MediaStore;
import ai.eternego.store.RecordStore;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

/**
 * Runs her chat channels while she lives: when her agent starts, one session per channel of her record is
 * opened on its platform (one per bot token in the whole service); when it stops they close after a short
 * linger, so that a restart (an update of her organs) keeps a channel whose token did not change connected;
 * the service's shutdown closes them all. Each message from the chat her channel is paired to goes to her
 * one inbox; an unpaired channel gives its first chat a pairing code and hears nothing; other chats are
 * dropped unanswered. A file from the paired chat (a photo, a voice, a document) is fetched and handed to her
 * organs ({@link Perception}). Her replies go back, once per turn, through a persisted outbox, cut in parts,
 * followed by her voice or drawing when her line carries one; while she thinks the chat sees her typing.
 */
@ApplicationScoped
public class ChannelDoor implements LifeFollower, ChannelWatch {

    private static final Logger LOG = Logger.getLogger(ChannelDoor.class);
    private static final int TYPING_TICKS = 30;

    private final Conversation conversation;
    private final Perception perception;
    private final MediaStore media;
    private final AgentSupervisor supervisor;
    private final RecordStore records;
    private final HomeLayout layout;
    private final Pairing pairing;
    private final Instance<ChatPlatform> platforms;
    private final Vertx vertx;
    private final TimeSource clock;
    private final EternegoConfig.Channels config;
    private final Map<String, Line> lines = new ConcurrentHashMap<>();
    private final Map<String, String> clashes = new ConcurrentHashMap<>();
    private final Map<String, Cancellable> followed = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;

    public ChannelDoor(Conversation conversation, Perception perception, MediaStore media, AgentSupervisor supervisor,
            RecordStore records, HomeLayout layout, Pairing pairing, Instance<ChatPlatform> platforms, Vertx vertx,
            TimeSource clock, EternegoConfig config) {
        this.conversation = conversation;
        this.perception = perception;
        this.media = media;
        this.supervisor = supervisor;
        this.records = records;
        this.layout = layout;
        this.pairing = pairing;
        this.platforms = platforms;
        this.vertx = vertx;
        this.clock = clock;
        this.config = config.channels();
    }

    /** One of her channels while it is open: its session, its outbox, what it last did. */
    private final class Line {
        final String id;
        final ChannelType type;
        final String token;
        final Outbox outbox;
        final Map<String, Long> typing = new ConcurrentHashMap<>();
        volatile ChatSession session;
        volatile Long linger;
        volatile Instant lastIn;
        volatile Instant lastOut;
        volatile String lastError;
        final int maxLength;

        Line(String id, ChannelType type, String token, ChatPlatform platform) {
            this.id = id;
            this.type = type;
            this.token = token;
            this.maxLength = platform.maxMessageLength();
            WorkspaceMemory memory = new WorkspaceMemory(layout, id, type.key());
            this.outbox = new Outbox(memory);
            outbox.load();
            this.session = platform.open(token, memory, message -> receive(this, message));
        }
    }

    private static String key(String id, String type) {
        return id + " " + type;
    }

    @Override
    public void started(PersonaRecord record) {
        if (shuttingDown) {
            return;
        }
        String id = record.id();
        List<ChannelRecord> channels = record.channels() == null ? List.of() : record.channels();
        synchronized (this) {
            for (ChannelRecord channel : channels) {
                Optional<ChatPlatform> platform = platform(channel.type());
                String token = channel.credentials() == null ? null : channel.credentials().token();
                if (platform.isEmpty() || token == null || token.isBlank()) {
                    continue;
                }
                String key = key(id, channel.type());
                Line line = lines.get(key);
                if (line != null && line.token.equals(token)) {
                    cancelLinger(line);
                    continue;
                }
                if (line != null) {
                    close(line);
                }
                Optional<Line> other = lines.values().stream().filter(l -> l.token.equals(token) && !l.id.equals(id))
                        .findFirst();
                if (other.isPresent()) {
                    clashes.put(key, "this bot is already used by persona " + other.get().id
                            + "; give each persona her own bot");
                    continue;
                }
                clashes.remove(key);
                try {
                    lines.put(key, new Line(id, platform.get().type(), token, platform.get()));
                } catch (RuntimeException e) {
                    clashes.put(key, "her channel could not be opened: " + AgentSupervisor.reason(e));
                }
            }
            List<String> kept = channels.stream().map(c -> key(id, c.type())).toList();
            lines.values().stream().filter(l -> l.id.equals(id) && !kept.contains(key(id, l.type.key())))
                    .toList().forEach(this::close);
            if (lines.values().stream().anyMatch(l -> l.id.equals(id)) && !followed.containsKey(id)) {
                followed.put(id, conversation.events(id).subscribe().with(event -> {
                    if (event instanceof PersonaEvent.Line said) {
                        said(id, said.line());
                    }
                }, failure -> {
                }));
            }
        }
        lines.values().stream().filter(l -> l.id.equals(id)).forEach(this::pump);
    }

    @Override
    public void stopped(String id, String sickness) {
        List<Line> hers = lines.values().stream().filter(l -> l.id.equals(id)).toList();
        for (Line line : hers) {
            if (shuttingDown) {
                close(line);
                continue;
            }
            synchronized (this) {
                cancelLinger(line);
                line.linger = vertx.setTimer(Math.max(1, config.linger().toMillis()), t -> lingered(line));
            }
        }
    }

    private synchronized void lingered(Line line) {
        line.linger = null;
        if (!supervisor.isRunning(line.id) && lines.get(key(line.id, line.type.key())) == line) {
            close(line);
        }
    }

    /** She is being deleted: her channels close now, before her files go. */
    void departed(@Observes Departed departed) {
        synchronized (this) {
            lines.values().stream().filter(l -> l.id.equals(departed.id())).toList().forEach(this::close);
            clashes.keySet().removeIf(key -> key.startsWith(departed.id() + " "));
        }
    }

    void shutdown(@Observes ShutdownEvent event) {
        shuttingDown = true;
        synchronized (this) {
            List.copyOf(lines.values()).forEach(this::close);
        }
    }

    private synchronized void close(Line line) {
        cancelLinger(line);
        lines.remove(key(line.id, line.type.key()), line);
        line.typing.values().forEach(vertx::cancelTimer);
        line.typing.clear();
        line.session.close();
        line.outbox.pause();
        if (lines.values().stream().noneMatch(l -> l.id.equals(line.id))) {
            Cancellable follow = followed.remove(line.id);
            if (follow != null) {
                follow.cancel();
            }
        }
    }

    private void cancelLinger(Line line) {
        Long timer = line.linger;
        if (timer != null) {
            vertx.cancelTimer(timer);
            line.linger = null;
        }
    }

    private Optional<ChatPlatform> platform(String type) {
        for (ChatPlatform platform : platforms) {
            if (platform.type().key().equals(type)) {
                return Optional.of(platform);
            }
        }
        return Optional.empty();
    }

    /**
     * A message from her bot's chat: paired chat → her inbox (or a command); unpaired → a pairing code. Her
     * line of it carries the message's id: a message offered before whose line is kept is not heard twice.
     */
    private Uni<Void> receive(Line line, Incoming message) {
        if (message.fromBot()) {
            return Uni.createFrom().voidItem();
        }
        String type = line.type.key();
        ConversationLine.Channel from = new ConversationLine.Channel(type, message.chatId(), message.id());
        return Blocking.run(() -> records.read(line.id).flatMap(r -> Pairing.channel(r, type)).orElse(null))
                .chain(channel -> {
                    if (channel == null) {
                        return Uni.createFrom().voidItem();
                    }
                    if (channel.verifiedAt() == null) {
                        return offerCode(line, message.chatId());
                    }
                    if (!message.chatId().equals(channel.name())) {
                        return Uni.createFrom().voidItem();
                    }
                    line.lastIn = clock.now();
                    if (!message.attachments().isEmpty()) {
                        return perceive(line, message, from)
                                .onFailure().invoke(f -> stopTyping(line, message.chatId()));
                    }
                    if (message.text() == null || message.text().isBlank()) {
                        return Blocking.run(() -> reply(line, message.chatId(),
                                "I can read words, photos, voice messages, audio files and documents here, not this."));
                    }
                    Optional<Uni<Void>> command = command(line, message.chatId(), message.text());
                    if (command.isPresent()) {
                        return command.get();
                    }
                    return unlessKept(line, message, from, () -> {
                        // typing starts before she can answer, so that her answer always stops it
                        startTyping(line, message.chatId());
                        return conversation.hear(line.id, message.text(), from)
                                .onFailure().invoke(f -> stopTyping(line, message.chatId()))
                                .replaceWithVoid()
                                .onFailure(f -> f instanceof Refusal r && r.kind() == Refusal.Kind.INVALID)
                                .recoverWithNull();
                    });
                });
    }

    /** {@code keep}, unless {@code message} was offered before and her line {@code from} is kept already. */
    private Uni<Void> unlessKept(Line line, Incoming message, ConversationLine.Channel from, Supplier<Uni<Void>> keep) {
        if (!message.offeredBefore() || from.message() == null) {
            return keep.get();
        }
        return conversation.keeps(line.id, from).chain(kept -> kept ? Uni.createFrom().voidItem() : keep.get());
    }

    /**
     * The files of a message from her paired chat, one after the other, the message's words as the first
     * one's caption: each is fetched into a file of our own (within the size her media keep for its kind),
     * handed to her with its caption, then deleted. What she cannot take (a kind she keeps none of, a file too
     * large, one the platform will not give, a type her media refuse) is answered in words; a broken network
     * fails, so that the message is offered again. The line of the first file carries the message's id, the
     * next ones the id followed by {@code /2}, {@code /3}...: offered again, a message's files already kept
     * are not taken twice.
     */
    private Uni<Void> perceive(Line line, Incoming message, ConversationLine.Channel from) {
        Uni<Void> all = Uni.createFrom().voidItem();
        List<Attachment> files = message.attachments();
        for (int i = 0; i < files.size(); i++) {
            Attachment file = files.get(i);
            String caption = i == 0 ? message.text() : null;
            ConversationLine.Channel each = i == 0 || from.message() == null ? from
                    : new ConversationLine.Channel(from.type(), from.name(), from.message() + "/" + (i + 1));
            all = all.chain(() -> unlessKept(line, message, each, () -> {
                startTyping(line, from.name());
                return perceive(line, each, file, caption);
            }));
        }
        return all;
    }

    private Uni<Void> perceive(Line line, ConversationLine.Channel from, Attachment attachment, String caption) {
        String chat = from.name();
        Optional<MediaKind> kind = kind(attachment);
        if (kind.isEmpty()) {
            stopTyping(line, chat);
            return Blocking.run(() -> reply(line, chat, "I cannot open this kind of file; send me a photo, a voice "
                    + "message, an audio file, or a PDF, text or markdown document."));
        }
        Path target = layout.tempDir().resolve("channels").resolve(UUID.randomUUID() + ".part");
        return Blocking.run(() -> {
            try {
                AtomicFiles.createDirectories(target.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("her channel's download folder could not be made", e);
            }
            return null;
        }).chain(() -> line.session.download(attachment, target, media.limit(kind.get())))
                .chain(() -> perception.perceive(line.id, kind.get(), target, attachment.contentType(), caption,
                        from))
                .replaceWithVoid()
                .onFailure(ChannelDoor::sayable).recoverWithUni(failure -> {
                    stopTyping(line, chat);
                    String words = failure instanceof Refusal refusal ? refusal.sentence() : failure.getMessage();
                    return Blocking.run(() -> reply(line, chat, "I could not take your file: " + words));
                })
                .eventually(() -> Blocking.run(() -> deleteQuietly(target)));
    }

    private static Void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("A downloaded file could not be deleted: %s", e.getClass().getSimpleName());
        }
        return null;
    }

    /** A failure the person can be told of: the platform's refusal, or her media's (type, size). */
    private static boolean sayable(Throwable failure) {
        return failure instanceof SendRefused refused && !refused.closed()
                || failure instanceof Refusal refusal && (refusal.kind() == Refusal.Kind.INVALID
                        || refusal.kind() == Refusal.Kind.TOO_LARGE);
    }

    /** Which of her media an attachment is: a photo an image, a voice or audio file audio, a document by its type. */
    private static Optional<MediaKind> kind(Attachment attachment) {
        return switch (attachment.kind()) {
            case IMAGE -> Optional.of(MediaKind.IMAGE);
            case VOICE, AUDIO -> Optional.of(MediaKind.AUDIO);
            case DOCUMENT -> Optional.of(MediaKind.DOCUMENT);
            case OTHER -> Optional.empty();
        };
    }

    private Uni<Void> offerCode(Line line, String chat) {
        return Blocking.run(() -> pairing.claim(line.id, line.type.key(), chat)).chain(code -> code.isEmpty()
                ? Uni.createFrom().voidItem()
                : line.session.send(chat, "To talk with me here, my owner enters this pairing code on my page: "
                        + code.get() + " (valid " + config.pairingCodeValidity().toMinutes() + " minutes).")
                        .onFailure().invoke(f -> line.lastError = "the pairing code could not be sent: " + f.getMessage())
                        .onFailure().recoverWithNull());
    }

    /** upstream's commands, from the paired chat only: /start, /stop, /restart, /hello. */
    private Optional<Uni<Void>> command(Line line, String chat, String text) {
        String word = text.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        int at = word.indexOf('@');
        if (at > 0) {
            word = word.substring(0, at);
        }
        String id = line.id;
        return switch (word) {
            case "/start" -> Optional.of(Blocking.run(() -> reply(line, chat, "I am here. Write to me.")));
            case "/hello" -> Optional.of(conversation.messages(id, 1000).chain(past -> Blocking.run(() -> reply(line,
                    chat, past.stream().filter(l -> ConversationLine.PERSONA.equals(l.role()))
                            .reduce((a, b) -> b).map(ConversationLine::content)
                            .orElse("I have not said anything yet.")))));
            case "/stop" -> Optional.of(Blocking.run(() -> {
                reply(line, chat, "Stopping. Start me again from my page.");
                supervisor.stop(id);
                return null;
            }));
            case "/restart" -> Optional.of(Blocking.run(() -> {
                reply(line, chat, "Restarting.");
                supervisor.stop(id);
                return null;
            }).chain(() -> supervisor.start(id)));
            default -> Optional.empty();
        };
    }

    /**
     * Her reply was kept: it goes to the chat it answers, if that chat is the one her channel is paired to,
     * and the file she made with it (her voice, a drawing) after the words.
     */
    private void said(String id, ConversationLine kept) {
        if (!ConversationLine.PERSONA.equals(kept.role()) || kept.channel() == null) {
            return;
        }
        Line line = lines.get(key(id, kept.channel().type()));
        if (line == null) {
            return;
        }
        String chat = kept.channel().name();
        stopTyping(line, chat);
        try {
            reply(line, chat, kept.content(), kept.media() == null ? null : kept.media().source());
        } catch (RuntimeException e) {
            line.lastError = "her reply could not be queued: " + AgentSupervisor.reason(e);
            LOG.warnf("Persona %s: a reply on %s could not be queued: %s", id, line.type, AgentSupervisor.reason(e));
        }
    }

    /** Queues {@code text} for {@code chat} when it is her paired chat, then sends. Blocking (the outbox file). */
    private Void reply(Line line, String chat, String text) {
        return reply(line, chat, text, null);
    }

    /** As {@link #reply(Line, String, String)}, then her file {@code media} (relative to her home) when not {@code null}. */
    private Void reply(Line line, String chat, String text, String media) {
        boolean paired = records.read(line.id).flatMap(r -> Pairing.channel(r, line.type.key()))
                .filter(c -> c.verifiedAt() != null && chat.equals(c.name())).isPresent();
        if (paired) {
            line.outbox.add(chat, TextParts.split(text, line.maxLength), media);
            pump(line);
        }
        return null;
    }

    /** Sends the next part of her outbox, then the next, in order, one at a time. */
    private void pump(Line line) {
        Outbox.Entry entry = line.outbox.take();
        if (entry == null) {
            return;
        }
        Uni<Void> next = entry.fileNext() ? sendFile(line, entry) : line.session.send(entry.chat, entry.parts.get(entry.sent));
        next.chain(() -> Blocking.run(() -> {
                    line.outbox.sent(entry);
                    return null;
                }))
                .subscribe().with(done -> {
                    line.lastOut = clock.now();
                    pump(line);
                }, failure -> {
                    if (failure instanceof SendRefused refused && !refused.closed()) {
                        line.lastError = refused.getMessage();
                        Blocking.run(() -> {
                            line.outbox.drop(entry);
                            return null;
                        }).subscribe().with(dropped -> pump(line), f -> line.outbox.pause());
                    } else {
                        line.outbox.pause();
                    }
                });
    }

    /** Sends her file of {@code entry}: a voice as a voice message, a drawing as a photo; path-checked in her media/. */
    private Uni<Void> sendFile(Line line, Outbox.Entry entry) {
        String name = entry.media.startsWith(MediaStore.DIR + "/") ? entry.media.substring(MediaStore.DIR.length() + 1)
                : entry.media;
        return Blocking.run(() -> media.open(line.id, name))
                .onFailure(Refusal.class).transform(gone -> new SendRefused("her file " + name + " is gone", false))
                .chain(file -> line.session.sendFile(entry.chat, MediaKind.ofName(file.name()).orElse(MediaKind.DOCUMENT),
                        file.path(), file.contentType(), null));
    }

    private void startTyping(Line line, String chat) {
        if (line.typing.containsKey(chat)) {
            return;
        }
        line.session.typing(chat);
        int[] ticks = { 0 };
        long timer = vertx.setPeriodic(Math.max(100, config.typingEvery().toMillis()), t -> {
            if (++ticks[0] > TYPING_TICKS) {
                stopTyping(line, chat);
            } else {
                line.session.typing(chat);
            }
        });
        if (line.typing.putIfAbsent(chat, timer) != null) {
            vertx.cancelTimer(timer);
        }
    }

    private void stopTyping(Line line, String chat) {
        Long timer = line.typing.remove(chat);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    @Override
    public List<ChannelStatus> statuses(PersonaRecord record) {
        List<ChannelStatus> statuses = new ArrayList<>();
        if (record.channels() == null) {
            return statuses;
        }
        for (ChannelRecord channel : record.channels()) {
            String key = key(record.id(), channel.type());
            Line line = lines.get(key);
            boolean verified = channel.verifiedAt() != null;
            String name = channel.name() == null ? "" : channel.name();
            if (line == null) {
                String why = clashes.get(key);
                if (why == null && platform(channel.type()).isEmpty()) {
                    why = channel.type() + " channels are not run by this service";
                }
                statuses.add(new ChannelStatus(channel.type(), name, verified, false, null, null, why));
                continue;
            }
            SessionState state = line.session.state();
            String error = line.lastError != null ? line.lastError : state.lastError();
            statuses.add(new ChannelStatus(channel.type(), name, verified, state.connected(), line.lastIn,
                    line.lastOut, error));
        }
        return statuses;
    }
}
