package ai.eternego.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.config.EternegoConfig;
import ai.eternego.core.Blocking;
import ai.eternego.core.PersonaId;
import ai.eternego.core.Refusal;
import ai.eternego.store.AtomicFiles;
import ai.eternego.store.ConversationLog;
import ai.eternego.store.Disk;
import ai.eternego.store.HomeLayout;
import ai.eternego.store.PersonaLocks;
import ai.eternego.store.RecordStore;
import io.smallrye.mutiny.Uni;

/**
 * Her memory on view: what she knows (her identity files and her lessons), her calendar (history and
 * destiny between two dates), and a person's correction of one file she knows, saved atomically under
 * her lock and read at her next turn.
 */
@ApplicationScoped
public class Knowledge {

    static final String DESTINY = "destiny";
    static final String MEANINGS = "meanings";
    static final String LESSONS = "lessons";
    private static final Pattern NAME = Pattern.compile("^([a-z]+)-(\\d{4})-(\\d{2})-(\\d{2})(?:-(\\d{2})-(\\d{2}))?");
    private static final Pattern BRIEFING = Pattern.compile(
            "^-\\s*(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[.\\d]*[+\\-]\\d{2}:\\d{2}):\\s*(.+?\\.md)\\s*$");
    private static final List<String> HISTORY_KINDS = List.of("conversation", "schedule", "reminder");
    private static final List<String> DESTINY_KINDS = List.of("schedule", "reminder");

    private final RecordStore records;
    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final ObjectMapper json;
    private final int maxFileBytes;

    public Knowledge(RecordStore records, HomeLayout layout, PersonaLocks locks, ObjectMapper json,
            EternegoConfig config) {
        this.records = records;
        this.layout = layout;
        this.locks = locks;
        this.json = json;
        this.maxFileBytes = config.memory().maxFileBytes();
    }

    /** Her identity files present in her home (empty ones left out), then her meanings and lessons. */
    public Uni<KnowledgeView> knowledge(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> {
            records.require(id);
            Path home = layout.homeDir(id);
            Map<String, String> memory = new LinkedHashMap<>();
            for (String name : KnownFiles.NAMES) {
                String text = read(home.resolve(name));
                if (text != null && !text.isBlank()) {
                    memory.put(name, text);
                }
            }
            List<KnowledgeView.Instruction> instruction = new ArrayList<>();
            Map<String, String> intentions = learned(home.resolve(MEANINGS).resolve("learned.json"));
            for (Path file : markdown(home.resolve(MEANINGS))) {
                String stem = stem(file);
                String body = read(file);
                instruction.add(new KnowledgeView.Instruction(MEANINGS + "/" + file.getFileName(),
                        intentions.getOrDefault(stem, heading(body, stem)), body, "meaning"));
            }
            for (Path file : markdown(home.resolve(LESSONS))) {
                String body = read(file);
                instruction.add(new KnowledgeView.Instruction(LESSONS + "/" + file.getFileName(),
                        heading(body, stem(file)), body, "lesson"));
            }
            return new KnowledgeView(memory, instruction);
        });
    }

    /**
     * A person corrects {@code file}, one of {@link KnownFiles#NAMES}: the text replaces it whole,
     * atomically, under her lock. Refused (nothing written) for another name, a text that is not UTF-8 or
     * larger than the limit.
     */
    public Uni<Void> correct(String id, String file, byte[] text) {
        PersonaId.require(id);
        if (!KnownFiles.isKnown(file)) {
            throw Refusal.invalid("file: only " + String.join(", ", KnownFiles.NAMES) + " can be written.");
        }
        if (text == null) {
            throw Refusal.malformed("body: send the new text of the file.");
        }
        if (text.length > maxFileBytes) {
            throw Refusal.tooLarge("The text is too large: keep " + file + " under " + maxFileBytes + " bytes.");
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            throw Refusal.invalid("body: the text must be UTF-8.");
        }
        return Blocking.run(() -> {
            records.require(id);
            locks.locked(id, () -> {
                try {
                    AtomicFiles.write(layout.homeDir(id).resolve(file), text);
                } catch (IOException e) {
                    throw Disk.failure("save " + file, e);
                }
                return null;
            });
            return null;
        });
    }

    /**
     * Her history and destiny whose time (read from the file's name) is in {@code [start, end)}, grouped by
     * kind as upstream's calendar does; a conversation's time is its line in {@code history/briefing.md}.
     * {@code start} and {@code end} are ISO dates ({@code 2025-01-13}) or date-times ({@code 2025-01-13T09:00}).
     */
    public Uni<CalendarView> calendar(String id, String start, String end) {
        PersonaId.require(id);
        LocalDateTime from = instant(start);
        LocalDateTime to = instant(end);
        return Blocking.run(() -> {
            records.require(id);
            Path home = layout.homeDir(id);
            Map<String, String> briefing = briefing(home.resolve(ConversationLog.HISTORY).resolve(ConversationLog.BRIEFING));
            Map<String, List<CalendarView.Entry>> history = groups(HISTORY_KINDS);
            for (Path file : markdown(home.resolve(ConversationLog.HISTORY))) {
                String name = file.getFileName().toString();
                LocalDateTime when = dated(stem(file), history, from, to);
                String body = when == null || name.equals(ConversationLog.BRIEFING) ? null : read(file);
                if (body != null && !body.isBlank()) {
                    history.get(kind(stem(file))).add(new CalendarView.Entry(
                            briefing.getOrDefault(name, when.toString()), ConversationLog.HISTORY + "/" + name, body,
                            null));
                }
            }
            Map<String, List<CalendarView.Entry>> destiny = groups(DESTINY_KINDS);
            for (Path file : markdown(home.resolve(DESTINY))) {
                LocalDateTime when = dated(stem(file), destiny, from, to);
                String content = when == null ? null : read(file);
                if (content != null && !content.isBlank()) {
                    Destiny.Body body = Destiny.Body.parse(content);
                    destiny.get(kind(stem(file))).add(new CalendarView.Entry(when.toString(),
                            DESTINY + "/" + file.getFileName(), body.text(), body.recurrence()));
                }
            }
            return new CalendarView(from.toString(), to.toString(), history, destiny);
        });
    }

    private static Map<String, List<CalendarView.Entry>> groups(List<String> kinds) {
        Map<String, List<CalendarView.Entry>> groups = new LinkedHashMap<>();
        kinds.forEach(kind -> groups.put(kind, new ArrayList<>()));
        return groups;
    }

    /** The time in a file's name when its kind is one of {@code groups} and it lies in {@code [from, to)}. */
    private static LocalDateTime dated(String stem, Map<String, ?> groups, LocalDateTime from, LocalDateTime to) {
        Matcher m = NAME.matcher(stem);
        if (!m.find() || !groups.containsKey(m.group(1))) {
            return null;
        }
        try {
            LocalDateTime when = LocalDateTime.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            return !when.isBefore(from) && when.isBefore(to) ? when : null;
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static String kind(String stem) {
        return stem.substring(0, stem.indexOf('-'));
    }

    static LocalDateTime instant(String text) {
        if (text == null || text.isBlank()) {
            throw Refusal.invalid("start and end must be ISO dates");
        }
        try {
            if (text.length() <= 10) {
                return LocalDate.parse(text).atStartOfDay();
            }
            // an offset is accepted and dropped: the names of her files carry her local time
            return java.time.format.DateTimeFormatter.ISO_DATE_TIME.parse(text, LocalDateTime::from);
        } catch (DateTimeParseException e) {
            throw Refusal.invalid("start and end must be ISO dates");
        }
    }

    private static Map<String, String> briefing(Path file) {
        Map<String, String> times = new HashMap<>();
        String text = read(file);
        if (text != null) {
            for (String line : text.split("\n")) {
                Matcher m = BRIEFING.matcher(line.strip());
                if (m.matches()) {
                    times.put(m.group(2), m.group(1));
                }
            }
        }
        return times;
    }

    /** {@code meanings/learned.json} read backwards: the meaning's file stem → the intention it answers. */
    private Map<String, String> learned(Path file) {
        Map<String, String> byMeaning = new HashMap<>();
        String text = read(file);
        if (text == null) {
            return byMeaning;
        }
        try {
            JsonNode map = json.readTree(text);
            map.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    byMeaning.put(e.getValue().asText(), e.getKey());
                }
            });
        } catch (IOException e) {
            // a learned.json we cannot read names no intention: each meaning is named by its heading
        }
        return byMeaning;
    }

    /** The first {@code # heading} of a markdown text, else {@code fallback}. */
    private static String heading(String body, String fallback) {
        if (body != null) {
            for (String line : body.split("\n")) {
                if (line.startsWith("# ")) {
                    return line.substring(2).strip();
                }
            }
        }
        return fallback;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - 3);
    }

    /** The {@code .md} files directly in {@code dir}, by name; none when it is absent. */
    static List<Path> markdown(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".md") && Files.isRegularFile(f))
                    .sorted(Comparator.comparing(f -> f.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a file, or {@code null} when it is absent; bytes that are not UTF-8 are replaced. */
    static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
