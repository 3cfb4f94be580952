package ai.eternego.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.agent.AgentSupervisor;
import ai.eternego.agent.DayFollower;
import ai.eternego.agent.LifeFollower;
import ai.eternego.agent.TimeSource;
import ai.eternego.config.EternegoConfig;
import ai.eternego.config.Redact;
import ai.eternego.core.Blocking;
import ai.eternego.provider.MindRequest;
import ai.eternego.provider.Provider;
import ai.eternego.provider.ProviderClients;
import ai.eternego.record.ConversationLine;
import ai.eternego.record.OrganRecord;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.AtomicFiles;
import ai.eternego.store.ConversationLog;
import ai.eternego.store.HomeLayout;
import ai.eternego.store.PersonaLocks;
import ai.eternego.store.RecordStore;

/**
 * She reflects, as upstream's "consolidate" does: her Mind reads the conversation since her last
 * reflection and answers one JSON object whose fields (identity, traits, wishes, struggles,
 * persona_traits, permissions, context) each replace a file she knows ({@link KnownFiles}); a field left
 * out keeps its file. She reflects before every sleep, and by day once no message came for her record's
 * {@code idle_timeout} seconds (else {@code eternego.memory.idle-timeout}) on her clock; a message heard while she reflects by day drops that
 * reflection. A failed reflection (her Mind failed, or its answer is not such an object) changes no file:
 * the conversation it missed is read again, from her history, at the next one.
 */
@ApplicationScoped
public class Reflection implements DayFollower, LifeFollower {

    static final String STATE = "reflection-state.json";
    private static final Logger LOG = Logger.getLogger(Reflection.class);
    private static final Pattern HISTORY_LINE = Pattern.compile("^\\[([^\\]]+)] (person|persona): (.*)$");
    private static final Pattern DAY_FILE = Pattern.compile("^conversation-(\\d{4}-\\d{2}-\\d{2})\\.md$");
    private static final int CHARS_PER_TOKEN = 4;

    /** What she reflected on last: the time of the newest line, and the newest a day's reflection tried. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record State(@JsonProperty("reflected") String reflected, @JsonProperty("idle_tried") String idleTried) {
    }

    /** One line of her conversation, from her history or her current conversation. */
    record Line(String time, String role, String content) {
    }

    /** The newest line a heartbeat saw, and when on her clock it first saw it. */
    private record Seen(String time, Instant at) {
    }

    private final RecordStore records;
    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final ConversationLog log;
    private final ProviderClients providers;
    private final TimeSource clock;
    private final ObjectMapper json;
    private final Duration idleTimeout;
    private final Duration timeout;
    private final int contextTokens;
    private final Map<String, ReentrantLock> reflecting = new ConcurrentHashMap<>();
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    public Reflection(RecordStore records, HomeLayout layout, PersonaLocks locks, ConversationLog log,
            ProviderClients providers, TimeSource clock, ObjectMapper json, EternegoConfig config) {
        this.records = records;
        this.layout = layout;
        this.locks = locks;
        this.log = log;
        this.providers = providers;
        this.clock = clock;
        this.json = json;
        this.idleTimeout = config.memory().idleTimeout();
        this.timeout = config.memory().reflectionTimeout();
        this.contextTokens = config.conversation().contextTokens();
    }

    @Override
    public void beforeSleep(String id, ZonedDateTime at) {
        ReentrantLock lock = reflecting.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            reflect(id, false);
        } finally {
            lock.unlock();
        }
    }

    /** Her silence is measured again from her next heartbeat after she starts. */
    @Override
    public void stopped(String id, String sickness) {
        seen.remove(id);
    }

    /** By day: once the newest message has waited the idle timeout on her clock, she reflects, off the beat. */
    @Override
    public void beat(String id, ZonedDateTime now) {
        List<ConversationLine> lines = log.read(id);
        if (lines.isEmpty()) {
            seen.remove(id);
            return;
        }
        String newest = lines.get(lines.size() - 1).time();
        Seen last = seen.get(id);
        if (last == null || !last.time().equals(newest)) {
            seen.put(id, new Seen(newest, now.toInstant()));
            return;
        }
        if (Duration.between(last.at(), now.toInstant()).compareTo(idleTimeout(id)) < 0) {
            return;
        }
        ReentrantLock lock = reflecting.computeIfAbsent(id, k -> new ReentrantLock());
        Blocking.run(() -> {
            if (lock.tryLock()) {
                try {
                    reflect(id, true);
                } finally {
                    lock.unlock();
                }
            }
            return null;
        }).subscribe().with(done -> {
        }, failure -> LOG.warnf("Persona %s could not reflect: %s", id, AgentSupervisor.reason(failure)));
    }

    /** Her record's {@code idle_timeout} (seconds), else {@code eternego.memory.idle-timeout}. */
    private Duration idleTimeout(String id) {
        Integer seconds = records.read(id).map(PersonaRecord::idleTimeout).orElse(null);
        return seconds != null && seconds > 0 ? Duration.ofSeconds(seconds) : idleTimeout;
    }

    /** One reflection on what she heard since the last; blocking. */
    private void reflect(String id, boolean byDay) {
        Path statePath = layout.workspaceDir(id).resolve(STATE);
        State state = state(statePath);
        List<Line> lines = since(id, state.reflected());
        if (lines.isEmpty()) {
            return;
        }
        String newest = lines.get(lines.size() - 1).time();
        if (byDay) {
            if (newest.equals(state.idleTried())) {
                return;
            }
            // tried once a day for the same silence: a failure waits for the night, not for the next beat
            save(statePath, new State(state.reflected(), newest));
        }
        Map<String, String> rewritten;
        try {
            String answer = ask(id, lines);
            rewritten = parse(answer);
        } catch (RuntimeException e) {
            LOG.warnf("Persona %s could not reflect; what she knows is unchanged: %s", id,
                    Redact.text(String.valueOf(AgentSupervisor.reason(e))));
            return;
        }
        boolean written = locks.locked(id, () -> {
            if (byDay) {
                List<ConversationLine> now = log.read(id);
                if (now.isEmpty() || !now.get(now.size() - 1).time().equals(newest)) {
                    return false;
                }
            }
            Path home = layout.homeDir(id);
            try {
                for (Map.Entry<String, String> file : rewritten.entrySet()) {
                    AtomicFiles.write(home.resolve(file.getKey()), file.getValue().getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            save(statePath, new State(newest, byDay ? newest : state(statePath).idleTried()));
            return true;
        });
        if (written) {
            LOG.infof("Persona %s reflected: %d of the files she knows rewritten", id, rewritten.size());
        } else {
            LOG.infof("Persona %s heard a message while she reflected: she reflects later", id);
        }
    }

    /** Her Mind's whole answer to the reflection request. */
    private String ask(String id, List<Line> lines) {
        PersonaRecord record = records.require(id);
        OrganRecord mind = record.thinking();
        Provider provider = Provider.parse(mind.provider(), "thinking");
        Path home = layout.homeDir(id);
        StringBuilder system = new StringBuilder("You are " + record.name() + ". You reflect on your conversation with "
                + "your person and rewrite what you know. Answer with one JSON object and nothing else. Its fields "
                + "are markdown texts, each replacing a whole file: identity (person.md: who your person is, facts "
                + "and context), traits (traits.md: your person's traits and habits), wishes (wishes.md: what your "
                + "person wishes for), struggles (struggles.md: what your person struggles with), persona_traits "
                + "(persona-trait.md: your own traits as they grow), permissions (permissions.md: what your person "
                + "allows or forbids you), context (notes.md: what to keep in mind). Keep what is still true, add "
                + "what you learned, drop what is no longer true. Leave out a field whose file needs no change.");
        for (Map.Entry<String, String> field : KnownFiles.BY_FIELD.entrySet()) {
            String text = Knowledge.read(home.resolve(field.getValue()));
            system.append("\n\n## ").append(field.getValue()).append(" (").append(field.getKey()).append(")\n")
                    .append(text == null || text.isBlank() ? "(empty)" : text.strip());
        }
        long budget = (long) contextTokens * CHARS_PER_TOKEN / 2;
        List<String> kept = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0 && budget > 0; i--) {
            Line line = lines.get(i);
            String text = "[" + line.time() + "] " + line.role() + ": " + line.content();
            budget -= text.length() + 1;
            if (budget >= 0) {
                kept.add(0, text);
            }
        }
        MindRequest request = new MindRequest(system.toString(), List.of(new MindRequest.Turn(MindRequest.USER,
                "Your conversation since your last reflection:\n\n" + String.join("\n", kept)
                        + "\n\nAnswer with the JSON object now.")));
        StringBuilder words = new StringBuilder();
        providers.chat(provider, providers.urlFor(provider, mind.url()), mind.apiKey(), mind.name(), request)
                .invoke(words::append).collect().last().await().atMost(timeout);
        return words.toString();
    }

    /** The files her answer rewrites, or a failure when it is not one JSON object of text fields. */
    Map<String, String> parse(String answer) {
        String text = answer.replaceAll("(?s)<think>.*?</think>", "");
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new IllegalStateException("her Mind's reflection was not a JSON object");
        }
        JsonNode object;
        try {
            object = json.readTree(text.substring(start, end + 1));
        } catch (IOException e) {
            throw new IllegalStateException("her Mind's reflection was not valid JSON");
        }
        if (!object.isObject()) {
            throw new IllegalStateException("her Mind's reflection was not a JSON object");
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : KnownFiles.BY_FIELD.entrySet()) {
            JsonNode value = object.get(field.getKey());
            if (value == null || value.isNull()) {
                continue;
            }
            String body;
            if (value.isTextual()) {
                body = value.asText();
            } else if (value.isArray()) {
                StringBuilder list = new StringBuilder();
                for (JsonNode item : value) {
                    if (!item.isTextual()) {
                        throw new IllegalStateException("her Mind's reflection has a list of other things than text");
                    }
                    list.append("- ").append(item.asText().strip()).append('\n');
                }
                body = list.toString();
            } else {
                throw new IllegalStateException("her Mind's reflection field " + field.getKey() + " is not text");
            }
            body = body.strip();
            files.put(field.getValue(), body.isEmpty() ? "" : body + "\n");
        }
        return files;
    }

    /**
     * The lines after {@code after}, from her history and her current conversation; every line when she
     * never reflected (her prompt keeps the newest that fit).
     */
    private List<Line> since(String id, String after) {
        OffsetDateTime from = time(after);
        List<Line> lines = new ArrayList<>();
        Path history = layout.homeDir(id).resolve(ConversationLog.HISTORY);
        for (Path file : Knowledge.markdown(history)) {
            Matcher day = DAY_FILE.matcher(file.getFileName().toString());
            // a day's file is dated by the sleep that wrote it, never before the lines it holds
            LocalDate date = day.matches() ? date(day.group(1)) : null;
            if (date != null && (from == null || !date.isBefore(from.toLocalDate().minusDays(1)))) {
                lines.addAll(historyLines(Knowledge.read(file)));
            }
        }
        log.read(id).forEach(l -> lines.add(new Line(l.time(), l.role(), l.content())));
        if (from == null) {
            return lines;
        }
        return lines.stream().filter(l -> {
            OffsetDateTime at = time(l.time());
            return at != null && at.isAfter(from);
        }).toList();
    }

    /** {@code [time] role: content} lines; a line without that head continues the one before. */
    private static List<Line> historyLines(String text) {
        List<Line> lines = new ArrayList<>();
        for (String raw : text.split("\n")) {
            Matcher m = HISTORY_LINE.matcher(raw);
            if (m.matches()) {
                lines.add(new Line(m.group(1), m.group(2), m.group(3)));
            } else if (!lines.isEmpty() && !raw.isEmpty()) {
                Line before = lines.remove(lines.size() - 1);
                lines.add(new Line(before.time(), before.role(), before.content() + "\n" + raw));
            }
        }
        return lines;
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static OffsetDateTime time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private State state(Path file) {
        if (!Files.isRegularFile(file)) {
            return new State(null, null);
        }
        try {
            return json.readValue(file.toFile(), State.class);
        } catch (IOException e) {
            return new State(null, null);
        }
    }

    private void save(Path file, State state) {
        try {
            AtomicFiles.write(file, json.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
