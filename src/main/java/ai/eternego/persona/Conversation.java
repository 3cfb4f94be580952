package ai.eternego.persona;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import ai.eternego.agent.Agent;
import ai.eternego.agent.AgentSupervisor;
import ai.eternego.agent.LifeFollower;
import ai.eternego.agent.TimeSource;
import ai.eternego.config.EternegoConfig;
import ai.eternego.config.Redact;
import ai.eternego.core.Blocking;
import ai.eternego.core.EventLoops;
import ai.eternego.core.Items;
import ai.eternego.core.PersonaId;
import ai.eternego.core.Refusal;
import ai.eternego.memory.Abilities;
import ai.eternego.memory.KnownFiles;
import ai.eternego.provider.MindPiece;
import ai.eternego.provider.MindRequest;
import ai.eternego.provider.OrganFault;
import ai.eternego.provider.Provider;
import ai.eternego.provider.ProviderClients;
import ai.eternego.record.ConversationLine;
import ai.eternego.record.OrganRecord;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.ConversationLog;
import ai.eternego.store.HomeLayout;
import ai.eternego.store.RecordStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * She talks. Every persona has one ordered inbox: a message is kept in {@code home/conversation.jsonl}
 * (flushed to the disk) before it is acknowledged, then queued; one worker per persona answers what is
 * queued in order, several waiting messages together in one turn, and keeps her reply when it is whole.
 * When her Mind fails she says so in words, as her reply: nothing is lost. Her reply carries the channel
 * of the newest message she answers, so every door (the page, a chat platform) knows it is its to deliver.
 */
@ApplicationScoped
public class Conversation implements LifeFollower {

    /** What she knows of herself and her person, in upstream's order, when present in her home. */
    static final List<String> IDENTITY_FILES = KnownFiles.NAMES;

    private static final Logger LOG = Logger.getLogger(Conversation.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    private static final int CHARS_PER_TOKEN = 4;
    /** Her past days take at most this part of her context: a quarter. */
    private static final int PAST_SHARE = 4;
    private static final Pattern DAY = Pattern.compile("conversation-\\d{4}-\\d{2}-\\d{2}\\.md");
    private static final Pattern BRIEFED = Pattern.compile("- .*: (" + DAY.pattern() + ")");
    private static final int MAX_ABILITIES = 3;
    /** Her reply when she only called abilities, and called more than a turn allows. */
    static final String TOO_MANY = "I tried to do too many things at once; ask me again, one thing at a time.";
    /** How recent a message kept and never answered must be to be answered when she starts. */
    private static final Duration RESUMED_WITHIN = Duration.ofDays(1);

    private final RecordStore records;
    private final HomeLayout layout;
    private final ConversationLog log;
    private final AgentSupervisor supervisor;
    private final ProviderClients providers;
    private final Abilities abilities;
    private final Voice voice;
    private final TimeSource clock;
    private final EternegoConfig.Conversation config;
    private final ConcurrentHashMap<String, Inbox> inboxes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<MultiEmitter<? super PersonaEvent>>> listeners =
            new ConcurrentHashMap<>();

    public Conversation(RecordStore records, HomeLayout layout, ConversationLog log, AgentSupervisor supervisor,
            ProviderClients providers, Abilities abilities, Voice voice, TimeSource clock, EternegoConfig config) {
        this.abilities = abilities;
        this.voice = voice;
        this.clock = clock;
        this.records = records;
        this.layout = layout;
        this.log = log;
        this.supervisor = supervisor;
        this.providers = providers;
        this.config = config.conversation();
    }

    /**
     * One waiting message and whoever waits for her reply; {@code door} is the event loop of the door that
     * heard it, or {@code null}: her Mind's answer streams there.
     */
    private record Pending(ConversationLine message, Reply reply, Executor door) {
    }

    /** Her inbox: messages kept but not yet answered, in the order they were kept. */
    private static final class Inbox {
        final Deque<Pending> queue = new ArrayDeque<>();
        final Set<ConversationLine> unanswered = new HashSet<>();
        boolean answering;
    }

    /**
     * She hears {@code message}: it is kept on disk, then queued. {@code channel} is where it came from,
     * or {@code null}. The answer comes when the message is kept; her reply follows in {@link Heard#reply()}.
     */
    public Uni<Heard> hear(String id, String message, ConversationLine.Channel channel) {
        return hear(id, message, channel, null);
    }

    /**
     * She hears {@code message} about a file of hers ({@code media}, or {@code null}): as {@link #hear(String,
     * String, ConversationLine.Channel)}, the line keeping the file's reference. When the file is a voice and
     * she has a mouth, her reply is spoken too (see {@link Voice}).
     */
    public Uni<Heard> hear(String id, String message, ConversationLine.Channel channel, ConversationLine.Media media) {
        PersonaId.require(id);
        Executor door = EventLoops.current();
        return Blocking.run(() -> {
            requireRunning(id);
            if (message == null || message.isBlank()) {
                throw Refusal.invalid("message: say something; it is empty.");
            }
            Pending pending = keep(id, message, channel, media, door);
            return new Heard(pending.message(), pending.reply());
        });
    }

    /** Her record, when she is running; else the refusal a door gives (404, or 409 while she is stopped). Blocking. */
    PersonaRecord requireRunning(String id) {
        PersonaRecord record = records.require(id);
        if (!supervisor.isRunning(id)) {
            throw Refusal.conflict("She is not running: start her first.");
        }
        return record;
    }

    /**
     * Keeps the person's {@code message} on disk as a line, tells her followers, queues it and wakes her
     * inbox: when she is free, her prompt is built here and her Mind asked while the disk keeps the line.
     * This returns once it is kept, and no door shows a word of hers before. Blocking.
     */
    private Pending keep(String id, String message, ConversationLine.Channel channel, ConversationLine.Media media,
            Executor door) {
        Inbox inbox = inboxes.computeIfAbsent(id, k -> new Inbox());
        Pending pending;
        synchronized (inbox) {
            // her time is read under the inbox's lock: lines are written in the order of their times
            ConversationLine line = new ConversationLine(ConversationLine.PERSON, message, channel, now(), media);
            log.write(id, line);
            tell(id, line);
            pending = new Pending(line, new Reply(), door);
            inbox.queue.add(pending);
            inbox.unanswered.add(line);
        }
        answerNext(id, inbox);
        log.force(id);
        return pending;
    }

    /**
     * What happens to her from now on, in the order it happens: every line of her conversation as it is
     * kept (what she hears and what she says) and every change of her status. Checks that she exists
     * before it returns (a refusal, not a failed stream), so it reads the disk: call it from a worker. The
     * stream completes when she is deleted.
     */
    public Multi<PersonaEvent> events(String id) {
        PersonaId.require(id);
        records.require(id);
        return Multi.createFrom().emitter(emitter -> {
            Set<MultiEmitter<? super PersonaEvent>> hers = listeners.computeIfAbsent(id,
                    k -> ConcurrentHashMap.newKeySet());
            hers.add(emitter);
            emitter.onTermination(() -> hers.remove(emitter));
        });
    }

    /** Her agent started: she is running, and answers what she heard before and never answered. */
    @Override
    public void started(PersonaRecord record) {
        String id = record.id();
        tell(id, new PersonaEvent.Status(PersonaEvent.Status.RUNNING, null));
        Blocking.run(() -> resume(id)).subscribe().with(resumed -> {
        }, failure -> LOG.warnf("Persona %s: her unanswered messages could not be read: %s", id,
                Redact.text(String.valueOf(failure.getMessage()))));
    }

    /**
     * The messages kept after her last line in the last {@link #RESUMED_WITHIN} and not waiting in her inbox
     * (the service was killed after they were kept and before she answered them) are queued again, in order,
     * so that none is lost and each is answered once. Lines without a channel (the result of an ability) are
     * not messages; older lines (an old home migrated here ending with the person's words) are her past.
     * Blocking.
     */
    private Void resume(String id) {
        Inbox inbox = inboxes.computeIfAbsent(id, k -> new Inbox());
        Instant since = clock.now().minus(RESUMED_WITHIN);
        boolean queued = false;
        synchronized (inbox) {
            // read under the inbox's lock, as lines are kept: a message heard meanwhile is known to wait
            List<ConversationLine> kept = log.read(id);
            int from = kept.size();
            while (from > 0 && ConversationLine.PERSON.equals(kept.get(from - 1).role())) {
                from--;
            }
            for (ConversationLine line : kept.subList(from, kept.size())) {
                if (line.channel() != null && keptAfter(line, since) && inbox.unanswered.add(line)) {
                    inbox.queue.add(new Pending(line, new Reply(), null));
                    queued = true;
                }
            }
        }
        if (queued) {
            answerNext(id, inbox);
        }
        return null;
    }

    /** Her agent stopped: she is stopped, or sick and why. */
    @Override
    public void stopped(String id, String sickness) {
        tell(id, sickness == null ? new PersonaEvent.Status(PersonaEvent.Status.STOPPED, null)
                : new PersonaEvent.Status(PersonaEvent.Status.SICK, sickness));
    }

    /**
     * She is deleted: her inbox is forgotten and whoever follows her is told the stream is over. A turn
     * she was answering ends on its own.
     */
    void forget(@Observes Departed departed) {
        String id = departed.id();
        inboxes.remove(id);
        log.forget(id);
        Set<MultiEmitter<? super PersonaEvent>> hers = listeners.remove(id);
        if (hers != null) {
            synchronized (hers) {
                hers.forEach(MultiEmitter::complete);
            }
        }
    }

    /** Whether she has an inbox or followers here; a deleted persona has neither. */
    boolean remembers(String id) {
        return inboxes.containsKey(id) || listeners.containsKey(id);
    }

    /**
     * She says {@code text} of her own accord (a reminder come due): kept as her line with {@code channel}
     * (or {@code null}), in order with her replies, and told to whoever follows her conversation. Blocking.
     */
    public ConversationLine say(String id, String text, ConversationLine.Channel channel) {
        return say(id, text, channel, null);
    }

    /**
     * She says {@code text} with a file she made ({@code media}, its source under her {@code media/}), or none:
     * kept as her line like {@link #say(String, String, ConversationLine.Channel)}; the door of {@code channel}
     * sends the file after the words. Blocking.
     */
    public ConversationLine say(String id, String text, ConversationLine.Channel channel, ConversationLine.Media media) {
        Inbox inbox = inboxes.computeIfAbsent(id, k -> new Inbox());
        synchronized (inbox) {
            ConversationLine line = new ConversationLine(ConversationLine.PERSONA, text, channel, now(), media);
            log.append(id, line);
            tell(id, line);
            return line;
        }
    }

    /**
     * She was handed a file she cannot take in (she lacks the organ, or it failed): the person's {@code message}
     * about {@code media} is kept, then her {@code answer} to it, in order with her other lines, without her
     * Mind. The person's line is returned. Blocking.
     */
    public ConversationLine answerAtOnce(String id, String message, ConversationLine.Channel channel,
            ConversationLine.Media media, String answer) {
        Inbox inbox = inboxes.computeIfAbsent(id, k -> new Inbox());
        synchronized (inbox) {
            ConversationLine heard = new ConversationLine(ConversationLine.PERSON, message, channel, now(), media);
            log.append(id, heard);
            tell(id, heard);
            ConversationLine reply = new ConversationLine(ConversationLine.PERSONA, answer, heard.where(), now());
            log.append(id, reply);
            tell(id, reply);
            return heard;
        }
    }

    private static boolean keptAfter(ConversationLine line, Instant since) {
        try {
            return OffsetDateTime.parse(line.time()).toInstant().isAfter(since);
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /**
     * Whether a message from {@code from} (a chat, and the platform's id of the message) is kept in her
     * conversation: a platform offering a message again, after a kill or a failure that came after it was
     * kept, asks before she hears it twice.
     */
    public Uni<Boolean> keeps(String id, ConversationLine.Channel from) {
        PersonaId.require(id);
        return Blocking.run(() -> log.read(id).stream()
                .anyMatch(line -> ConversationLine.PERSON.equals(line.role()) && from.equals(line.channel())));
    }

    /** The last {@code limit} lines of her conversation, oldest first. */
    public Uni<List<ConversationLine>> messages(String id, int limit) {
        PersonaId.require(id);
        if (limit < 1 || limit > 1000) {
            throw Refusal.invalid("limit: must be between 1 and 1000.");
        }
        return Blocking.run(() -> {
            records.require(id);
            List<ConversationLine> lines = log.read(id);
            return List.copyOf(lines.subList(Math.max(0, lines.size() - limit), lines.size()));
        });
    }

    /** Starts the worker of her inbox unless it is busy: it takes every waiting message as one turn. */
    private void answerNext(String id, Inbox inbox) {
        List<Pending> turn;
        synchronized (inbox) {
            if (inbox.answering || inbox.queue.isEmpty()) {
                return;
            }
            inbox.answering = true;
            turn = new ArrayList<>(inbox.queue);
            inbox.queue.clear();
        }
        answer(id, inbox, turn).subscribe().with(kept -> finish(id, inbox, turn, kept, null),
                failure -> finish(id, inbox, turn, null, failure));
    }

    private void finish(String id, Inbox inbox, List<Pending> turn, Said kept, Throwable failure) {
        synchronized (inbox) {
            turn.forEach(pending -> inbox.unanswered.remove(pending.message()));
            inbox.answering = false;
        }
        if (failure != null) {
            LOG.errorf("Persona %s could not keep her reply: %s", id, Redact.text(String.valueOf(failure.getMessage())));
        }
        turn.forEach(pending -> {
            if (failure == null) {
                pending.reply().end(kept);
            } else {
                pending.reply().fail(failure);
            }
        });
        answerNext(id, inbox);
    }

    /**
     * Her Mind answers the turn; what she says (or why she cannot think) is kept as her reply. When the newest
     * message of the turn was a voice, her reply is spoken too and her line carries her voice.
     */
    private Uni<Said> answer(String id, Inbox inbox, List<Pending> turn) {
        ConversationLine newest = turn.get(turn.size() - 1).message();
        Thinking thinking = new Thinking();
        // a reply with a drawing carries the drawing; else a reply to a voice is spoken too
        return think(id, inbox, turn, 0, thinking).onFailure().recoverWithItem(failure -> cannotThink(id, null, failure))
                .chain(content -> thinking.made == null && Voice.isVoice(newest) ? voice.speak(id, newest.where(), content)
                        : Uni.createFrom().item(new Voice.Spoken(content, thinking.made)))
                .chain(spoken -> Blocking.run(() -> {
                    ConversationLine reply;
                    synchronized (inbox) {
                        reply = new ConversationLine(ConversationLine.PERSONA, spoken.content(), newest.where(),
                                now(), spoken.media());
                        log.append(id, reply);
                        tell(id, reply);
                    }
                    return new Said(reply.content(), reply.time(), reply.media());
                }));
    }

    /** Tells her running agent how her Mind did; a persona stopped meanwhile has none to tell. */
    private void agent(String id, Consumer<Agent> news) {
        Agent agent = supervisor.agent(id);
        if (agent != null) {
            news.accept(agent);
        }
    }

    /** What one turn has said, called and made so far, across her thinks. */
    private static final class Thinking {
        /** Her words told to the turn's listeners, across her thinks: her reply when the turn ends. */
        final StringBuilder shown = new StringBuilder();
        /** Her native calls kept in this turn, by {@link #key} of their line: sent back with the vendor's id. */
        final Map<String, MindPiece.ToolCall> calls = new HashMap<>();
        /** The file an ability made in this turn (a drawing), for her reply; or {@code null}. */
        volatile ConversationLine.Media made;
    }

    /**
     * Her Mind's words for the turn. Her abilities are offered as native tools: a call streams whole after
     * her words (words she said before it are hers, and shown). Where a server takes no tools she calls
     * them in upstream's text form: a reply that may still be such a call ({@link Abilities}) is held back
     * from the listeners until it is whole. Either way the call is kept in her conversation in upstream's
     * text form with its TOOL_RESULT (no channel: no door delivers them), and she thinks again, at most
     * {@link #MAX_ABILITIES} times a turn. A file an ability made (a drawing) is kept for her reply.
     */
    private Uni<String> think(String id, Inbox inbox, List<Pending> turn, int depth, Thinking thinking) {
        // her prompt is built on the worker that kept her message or her last line: one thread fewer on the way in
        return Blocking.here(() -> prompt(id, inbox, turn, depth > 0, thinking)).chain(asked -> {
            // what follows the answer keeps her provider, not her prompt: it is not kept while her words stream
            Provider provider = asked.provider();
            StringBuilder words = new StringBuilder();
            List<MindPiece.ToolCall> calls = new ArrayList<>();
            int[] shown = { 0 };
            Executor door = turn.get(turn.size() - 1).door();
            Multi<MindPiece> pieces = providers.think(asked.provider(), asked.url(), asked.mind().apiKey(),
                    asked.mind().name(), asked.request()).runSubscriptionOn(door == null ? Runnable::run : door);
            Uni<Void> answered = Items.each(pieces, piece -> {
                if (piece instanceof MindPiece.Words said) {
                    words.append(said.text());
                    if (!Abilities.mayBeCall(words)) {
                        show(turn, thinking, words, shown);
                    }
                } else if (piece instanceof MindPiece.ToolCall call) {
                    calls.add(call);
                }
            });
            return answered.invoke(() -> agent(id, Agent::conversationAnswered))
                    .chain(() -> {
                        String text = words.toString();
                        boolean more = depth < MAX_ABILITIES;
                        if (more && !calls.isEmpty()) {
                            if (!text.isBlank()) {
                                show(turn, thinking, words, shown);
                            }
                            return useNative(id, inbox, turn, calls, thinking)
                                    .chain(used -> think(id, inbox, turn, depth + 1, thinking));
                        }
                        Optional<Abilities.Call> call = more ? abilities.parse(text) : Optional.empty();
                        if (call.isEmpty()) {
                            show(turn, thinking, words, shown);
                            boolean gaveUp = !calls.isEmpty() && thinking.shown.isEmpty();
                            return Uni.createFrom().item(gaveUp ? TOO_MANY : thinking.shown.toString());
                        }
                        return use(id, inbox, turn, call.get(), text, null, thinking)
                                .chain(used -> think(id, inbox, turn, depth + 1, thinking));
                    })
                    .onFailure().recoverWithItem(failure -> {
                        agent(id, agent -> agent.conversationFailed(failure));
                        return cannotThink(id, provider, failure);
                    });
        });
    }

    /**
     * Tells the turn's listeners the words not told yet; the words of a think after one that already spoke
     * begin a new paragraph.
     */
    private static void show(List<Pending> turn, Thinking thinking, StringBuilder words, int[] shown) {
        String rest = words.substring(shown[0]);
        if (rest.isEmpty()) {
            return;
        }
        if (shown[0] == 0 && !thinking.shown.isEmpty()) {
            rest = "\n\n" + rest.stripLeading();
        }
        shown[0] = words.length();
        thinking.shown.append(rest);
        String told = rest;
        turn.forEach(pending -> pending.reply().word(told));
    }

    /** Her native calls, each kept in upstream's text form and run in turn, at most {@link #MAX_ABILITIES} of them. */
    private Uni<Void> useNative(String id, Inbox inbox, List<Pending> turn, List<MindPiece.ToolCall> calls,
            Thinking thinking) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (MindPiece.ToolCall made : calls.subList(0, Math.min(calls.size(), MAX_ABILITIES))) {
            Abilities.Call call = abilities.call(made);
            all = all.chain(() -> use(id, inbox, turn, call, abilities.text(call), made, thinking));
        }
        return all;
    }

    /**
     * Runs her call in the conversation of the turn's newest message (a reminder is brought up on that channel;
     * her teacher or her imagination may take a while: no thread waits), then keeps the call ({@code text},
     * upstream's form) and its TOOL_RESULT as two lines next to each other, as upstream writes them. A native
     * call is remembered for the turn, to be sent back with its id; a file it made is kept for her reply.
     */
    private Uni<Void> use(String id, Inbox inbox, List<Pending> turn, Abilities.Call call, String text,
            MindPiece.ToolCall made, Thinking thinking) {
        ConversationLine.Channel channel = turn.get(turn.size() - 1).message().where();
        return abilities.use(id, call, clock.local(), channel).chain(used -> Blocking.run(() -> {
            if (used.media() != null) {
                thinking.made = used.media();
            }
            synchronized (inbox) {
                ConversationLine asked = new ConversationLine(ConversationLine.PERSONA, text, null, now());
                log.append(id, asked);
                tell(id, asked);
                if (made != null) {
                    thinking.calls.put(key(asked), made);
                }
                ConversationLine result = new ConversationLine(ConversationLine.PERSON, used.result(), null, now());
                log.append(id, result);
                tell(id, result);
            }
            return null;
        }));
    }

    private static String key(ConversationLine line) {
        return line.time() + "\u0000" + line.content();
    }

    private record Asked(Provider provider, String url, OrganRecord mind, MindRequest request) {
    }

    /**
     * Her prompt: who she is, what she knows (the identity files present in her home), the briefing of her
     * past days (at most a quarter of her context), then as much of today's conversation as fits her
     * context (about four characters a token), oldest dropped first; the messages of this turn are always
     * last (after a call of an ability, her call and its result are). Her abilities go with it as native
     * tools, and in words for a server that refuses tools.
     */
    private Asked prompt(String id, Inbox inbox, List<Pending> turn, boolean followUp, Thinking thinking) {
        PersonaRecord record = records.require(id);
        OrganRecord mind = record.thinking();
        Provider provider = Provider.parse(mind.provider(), "thinking");
        StringBuilder system = new StringBuilder("You are " + record.name() + ", born " + record.birthday()
                + ". You are talking with your person; answer as yourself, in your own words.");
        Path home = layout.homeDir(id);
        for (String name : IDENTITY_FILES) {
            Path file = home.resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                    if (!text.isEmpty()) {
                        system.append("\n\n## ").append(name).append("\n").append(text);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        pastDays(home, (long) config.contextTokens() * CHARS_PER_TOKEN / PAST_SHARE, system);
        String learned = abilities.learned(id);
        if (!learned.isEmpty()) {
            system.append("\n\n").append(learned);
        }
        // her file is read before the waiting messages are: a message heard in between is then either not
        // read yet or known to wait, never taken for her past (and answered twice)
        List<ConversationLine> kept = log.read(id);
        Set<ConversationLine> waiting = new HashSet<>();
        synchronized (inbox) {
            waiting.addAll(inbox.unanswered);
        }
        List<MindRequest.Turn> now = turn.stream().map(p -> turn(p.message())).toList();
        if (followUp) {
            // after a call, the turn's messages are read in place, before her call and its result
            turn.forEach(pending -> waiting.remove(pending.message()));
            now = List.of();
        }
        long budget = (long) config.contextTokens() * CHARS_PER_TOKEN - (long) config.maxAnswerTokens() * CHARS_PER_TOKEN
                / 2 - system.length() - now.stream().mapToLong(t -> t.content().length()).sum();
        List<MindRequest.Turn> past = turns(kept.stream().filter(line -> !waiting.contains(line)).toList(),
                thinking.calls);
        List<MindRequest.Turn> turns = new ArrayList<>(fit(past, budget));
        if (!turns.isEmpty() && turns.get(0).isResult()) {
            // its call was left out: the result is read as words
            turns.set(0, new MindRequest.Turn(MindRequest.USER, turns.get(0).content()));
        }
        turns.addAll(now);
        return new Asked(provider, providers.urlFor(provider, mind.url()), mind,
                new MindRequest(system.toString(), turns, abilities.tools(), abilities.describe()));
    }

    /**
     * The briefing of her past days: the days {@code history/briefing.md} names ({@code - <time>:
     * conversation-YYYY-MM-DD.md}) and any such day file beside it, newest day first, each whole while
     * they fit in {@code budget} characters; the day that does not fit whole gives its newest lines that
     * fit, and older days are left out.
     */
    static void pastDays(Path home, long budget, StringBuilder system) {
        Path history = home.resolve(ConversationLog.HISTORY);
        Set<String> present = names(history);
        if (present.isEmpty()) {
            return;
        }
        TreeSet<String> days = new TreeSet<>(Comparator.reverseOrder());
        try {
            Path briefing = history.resolve(ConversationLog.BRIEFING);
            if (present.contains(ConversationLog.BRIEFING) && Files.isRegularFile(briefing)) {
                for (String line : Files.readAllLines(briefing, StandardCharsets.UTF_8)) {
                    Matcher named = BRIEFED.matcher(line.strip());
                    if (named.matches()) {
                        days.add(named.group(1));
                    }
                }
            }
            present.stream().filter(name -> DAY.matcher(name).matches()).forEach(days::add);
            StringBuilder past = new StringBuilder();
            long left = budget;
            for (String day : days) {
                Path file = history.resolve(day);
                if (left <= 0 || !present.contains(day) || !Files.isRegularFile(file)) {
                    continue;
                }
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (text.isEmpty()) {
                    continue;
                }
                String heading = "\n\n### " + day.substring("conversation-".length(), day.length() - ".md".length()) + "\n";
                left -= heading.length();
                if (text.length() > left) {
                    text = newestLines(text, left);
                    left = 0;
                } else {
                    left -= text.length();
                }
                if (!text.isEmpty()) {
                    past.append(heading).append(text);
                }
            }
            if (!past.isEmpty()) {
                system.append("\n\n## Your past days (your conversations, newest day first)").append(past);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names in {@code dir}; none when it is not a directory. */
    private static Set<String> names(Path dir) {
        String[] names = dir.toFile().list();
        return names == null ? Set.of() : new HashSet<>(Arrays.asList(names));
    }

    /** The newest whole lines of {@code text} within {@code budget} characters. */
    private static String newestLines(String text, long budget) {
        String[] lines = text.split("\n");
        Deque<String> kept = new ArrayDeque<>();
        long left = budget;
        for (int i = lines.length - 1; i >= 0; i--) {
            left -= lines[i].length() + 1;
            if (left < 0) {
                break;
            }
            kept.addFirst(lines[i]);
        }
        return String.join("\n", kept);
    }

    /** Tells whoever follows her that {@code line} was kept, in the order lines are kept. */
    private void tell(String id, ConversationLine line) {
        tell(id, new PersonaEvent.Line(line));
    }

    /** Tells whoever follows her of {@code event}: one at a time, so every follower sees one order. */
    private void tell(String id, PersonaEvent event) {
        Set<MultiEmitter<? super PersonaEvent>> hers = listeners.get(id);
        if (hers != null) {
            synchronized (hers) {
                hers.forEach(listener -> listener.emit(event));
            }
        }
    }

    /** The newest turns of {@code past} whose contents fit in {@code budget} characters, oldest first. */
    static List<MindRequest.Turn> fit(List<MindRequest.Turn> past, long budget) {
        Deque<MindRequest.Turn> kept = new ArrayDeque<>();
        long left = budget;
        for (int i = past.size() - 1; i >= 0; i--) {
            left -= past.get(i).content().length();
            if (left < 0) {
                break;
            }
            kept.addFirst(past.get(i));
        }
        return List.copyOf(kept);
    }

    private static MindRequest.Turn turn(ConversationLine line) {
        return turn(line.role(), line.content());
    }

    private static MindRequest.Turn turn(String role, String content) {
        return new MindRequest.Turn(ConversationLine.PERSONA.equals(role) ? MindRequest.ASSISTANT : MindRequest.USER,
                content);
    }

    /**
     * Her conversation as turns. Her call of an ability (a line of hers with no channel, upstream's
     * {@code {"tools.<name>": {…}}}) followed by its {@code TOOL_RESULT} becomes a native call and its
     * result: with the vendor's id when she made it this turn, else an id made up from its place.
     */
    private List<MindRequest.Turn> turns(List<ConversationLine> lines, Map<String, MindPiece.ToolCall> known) {
        List<MindRequest.Turn> turns = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            ConversationLine line = lines.get(i);
            ConversationLine next = i + 1 < lines.size() ? lines.get(i + 1) : null;
            Optional<Abilities.Call> call = ConversationLine.PERSONA.equals(line.role()) && line.channel() == null
                    && next != null && ConversationLine.PERSON.equals(next.role()) && next.channel() == null
                    ? abilities.parse(line.content()) : Optional.empty();
            if (call.isPresent() && next.content().startsWith("TOOL_RESULT\ntool: " + call.get().name() + "\n")) {
                MindPiece.ToolCall made = known.get(key(line));
                if (made == null) {
                    made = new MindPiece.ToolCall("call_" + i, call.get().name(), abilities.arguments(call.get()));
                }
                turns.add(new MindRequest.Turn(MindRequest.ASSISTANT, line.content(), made));
                turns.add(new MindRequest.Turn(MindRequest.USER, next.content(), made));
                i++;
            } else {
                turns.add(turn(line));
            }
        }
        return turns;
    }

    /** Why she cannot think, in her words: "I can't think right now: my Mind (anthropic) refused my key." */
    private static String cannotThink(String id, Provider provider, Throwable failure) {
        String mind = "my Mind (" + (provider == null || provider.isLocal() ? "local" : provider.key()) + ")";
        String why;
        if (provider != null && failure instanceof OrganFault fault) {
            why = fault.kind() == OrganFault.Kind.REFUSED ? mind + " refused my key." : mind + " failed: " + fault.reason() + ".";
        } else {
            why = "something went wrong inside me.";
        }
        LOG.warnf("Persona %s could not think: %s", id, Redact.text(why));
        return "I can't think right now: " + why;
    }

    private static String now() {
        return OffsetDateTime.now().format(TIME);
    }
}
