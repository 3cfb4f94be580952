package ai.eternego.persona;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.eternego.agent.AgentSupervisor;
import ai.eternego.config.EternegoConfig;
import ai.eternego.config.Redact;
import ai.eternego.core.Blocking;
import ai.eternego.core.PersonaId;
import ai.eternego.core.Refusal;
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
public class Conversation {

    /** What she knows of herself and her person, in upstream's order, when present in her home. */
    static final List<String> IDENTITY_FILES = List.of("person.md", "traits.md", "wishes.md", "struggles.md",
            "persona-trait.md", "permissions.md", "notes.md");

    private static final Logger LOG = Logger.getLogger(Conversation.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    private static final int CHARS_PER_TOKEN = 4;

    private final RecordStore records;
    private final HomeLayout layout;
    private final ConversationLog log;
    private final AgentSupervisor supervisor;
    private final ProviderClients providers;
    private final EternegoConfig.Conversation config;
    private final ConcurrentHashMap<String, Inbox> inboxes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<MultiEmitter<? super ConversationLine>>> listeners =
            new ConcurrentHashMap<>();

    public Conversation(RecordStore records, HomeLayout layout, ConversationLog log, AgentSupervisor supervisor,
            ProviderClients providers, EternegoConfig config) {
        this.records = records;
        this.layout = layout;
        this.log = log;
        this.supervisor = supervisor;
        this.providers = providers;
        this.config = config.conversation();
    }

    /** One waiting message and whoever waits for her reply. */
    private record Pending(ConversationLine message, Reply reply) {
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
        PersonaId.require(id);
        return Blocking.run(() -> {
            records.require(id);
            if (!supervisor.isRunning(id)) {
                throw Refusal.conflict("She is not running: start her first.");
            }
            if (message == null || message.isBlank()) {
                throw Refusal.invalid("message: say something; it is empty.");
            }
            Inbox inbox = inboxes.computeIfAbsent(id, k -> new Inbox());
            Pending pending;
            synchronized (inbox) {
                ConversationLine line = new ConversationLine(ConversationLine.PERSON, message, channel, now());
                log.append(id, line);
                tell(id, line);
                pending = new Pending(line, new Reply());
                inbox.queue.add(pending);
                inbox.unanswered.add(line);
            }
            answerNext(id, inbox);
            return new Heard(pending.message(), pending.reply());
        });
    }

    /**
     * Every line of her conversation from now on, as it is kept: what she hears and what she says. Checks
     * that she exists before it returns (a refusal, not a failed stream), so it reads the disk: call it
     * from a worker.
     */
    public Multi<ConversationLine> events(String id) {
        PersonaId.require(id);
        records.require(id);
        return Multi.createFrom().emitter(emitter -> {
            Set<MultiEmitter<? super ConversationLine>> hers = listeners.computeIfAbsent(id,
                    k -> ConcurrentHashMap.newKeySet());
            hers.add(emitter);
            emitter.onTermination(() -> hers.remove(emitter));
        });
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

    /** Her Mind answers the turn; what she says (or why she cannot think) is kept as her reply. */
    private Uni<Said> answer(String id, Inbox inbox, List<Pending> turn) {
        return Blocking.run(() -> prompt(id, inbox, turn)).chain(asked -> {
            StringBuilder words = new StringBuilder();
            return providers.chat(asked.provider(), asked.url(), asked.mind().apiKey(), asked.mind().name(),
                    asked.request())
                    .invoke(piece -> {
                        words.append(piece);
                        turn.forEach(pending -> pending.reply().word(piece));
                    })
                    .collect().last()
                    .map(last -> words.toString())
                    .onFailure().recoverWithItem(failure -> cannotThink(id, asked.provider(), failure));
        }).onFailure().recoverWithItem(failure -> cannotThink(id, null, failure))
                .chain(content -> Blocking.run(() -> {
                    ConversationLine reply;
                    synchronized (inbox) {
                        reply = new ConversationLine(ConversationLine.PERSONA, content,
                                turn.get(turn.size() - 1).message().channel(), now());
                        log.append(id, reply);
                        tell(id, reply);
                    }
                    return new Said(reply.content(), reply.time());
                }));
    }

    private record Asked(Provider provider, String url, OrganRecord mind, MindRequest request) {
    }

    /**
     * Her prompt: who she is, what she knows (the identity files present in her home), then as much of
     * the conversation as fits her context (about four characters a token), oldest dropped first; the
     * messages of this turn are always last.
     */
    private Asked prompt(String id, Inbox inbox, List<Pending> turn) {
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
        // her file is read before the waiting messages are: a message heard in between is then either not
        // read yet or known to wait, never taken for her past (and answered twice)
        List<ConversationLine> kept = log.read(id);
        Set<ConversationLine> waiting;
        synchronized (inbox) {
            waiting = Set.copyOf(inbox.unanswered);
        }
        List<MindRequest.Turn> now = turn.stream().map(p -> turn(p.message())).toList();
        long budget = (long) config.contextTokens() * CHARS_PER_TOKEN - (long) config.maxAnswerTokens() * CHARS_PER_TOKEN
                / 2 - system.length() - now.stream().mapToLong(t -> t.content().length()).sum();
        List<MindRequest.Turn> past = kept.stream().filter(line -> !waiting.contains(line))
                .map(Conversation::turn).toList();
        List<MindRequest.Turn> turns = new ArrayList<>(fit(past, budget));
        turns.addAll(now);
        return new Asked(provider, providers.urlFor(provider, mind.url()), mind,
                new MindRequest(system.toString(), turns));
    }

    /** Tells whoever follows her conversation that {@code line} was kept, in the order lines are kept. */
    private void tell(String id, ConversationLine line) {
        Set<MultiEmitter<? super ConversationLine>> hers = listeners.get(id);
        if (hers != null) {
            hers.forEach(listener -> listener.emit(line));
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
        return new MindRequest.Turn(ConversationLine.PERSONA.equals(line.role()) ? MindRequest.ASSISTANT
                : MindRequest.USER, line.content());
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
