package ai.eternego.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.store.AtomicFiles;
import ai.eternego.store.HomeLayout;
import ai.eternego.store.PersonaLocks;

/**
 * The ways of doing things she has learned, in upstream's files: {@code meanings/<name>.md} holds the way,
 * {@code meanings/learned.json} ({@code {"<intention>": "<name>"}}, indent 2) says which meaning answers which
 * intention, and {@code lessons/<name>.md} ({@code # <intention>}, a blank line, the way) keeps what her teacher
 * taught. A meaning upstream wrote without an entry in {@code learned.json} answers the intention of its
 * {@code # heading}. An intention matches when the words are the same, whatever their case and spacing.
 * Names from a migrated {@code learned.json} are path-checked: only a file directly inside {@code meanings/} is
 * read. Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class Lessons {

    static final String LEARNED = "learned.json";
    private static final Pattern NAME = Pattern.compile("[^/\\\\.][^/\\\\]{0,200}");

    /** One learned way: the intention it answers, its file (home-relative) and its text. */
    public record Lesson(String intention, String file, String body) {
    }

    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final ObjectMapper json;

    public Lessons(HomeLayout layout, PersonaLocks locks, ObjectMapper json) {
        this.layout = layout;
        this.locks = locks;
        this.json = json;
    }

    /** The way she learned for {@code need}, if she has one. */
    public Optional<Lesson> find(String id, String need) {
        String wanted = key(need);
        return locks.locked(id, () -> Optional.ofNullable(index(id).get(wanted))
                .map(found -> new Lesson(found.intention(), home(found.file()), Knowledge.read(found.file()))));
    }

    /** The intentions she has a way for, in the order she learned them (upstream's headings after). */
    public List<String> intentions(String id) {
        return locks.locked(id, () -> index(id).values().stream().map(Known::intention).toList());
    }

    private record Known(String intention, Path file) {
    }

    /** Every intention she has a way for, by its {@link #key}: {@code learned.json}'s first, then headings. */
    private Map<String, Known> index(String id) {
        Path meanings = layout.homeDir(id).resolve(Knowledge.MEANINGS);
        Map<String, String> learned;
        try {
            learned = learned(meanings.resolve(LEARNED));
        } catch (IOException unreadable) {
            // an index that cannot be read names no meaning; keep() will not overwrite it
            learned = Map.of();
        }
        Map<String, Known> index = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : learned.entrySet()) {
            meaning(meanings, entry.getValue()).ifPresent(file -> index.putIfAbsent(key(entry.getKey()),
                    new Known(entry.getKey(), file)));
        }
        for (Path file : Knowledge.markdown(meanings)) {
            String heading = heading(Knowledge.read(file));
            if (heading != null && !learned.containsValue(stem(file))) {
                index.putIfAbsent(key(heading), new Known(heading, file));
            }
        }
        return index;
    }

    /**
     * Keeps {@code body} as the way to {@code need}: {@code meanings/<uuid>.md}, {@code lessons/<uuid>.md}, then
     * the intention in {@code meanings/learned.json} (written last, so a lesson is known only once it is whole).
     * A {@code learned.json} that cannot be read is not overwritten: nothing is kept.
     */
    public Lesson keep(String id, String need, String body) {
        String intention = need.strip().replaceAll("\\s+", " ");
        String name = UUID.randomUUID().toString();
        String text = body.strip() + "\n";
        Path home = layout.homeDir(id);
        Path meanings = home.resolve(Knowledge.MEANINGS);
        Path lessons = home.resolve(Knowledge.LESSONS);
        return locks.locked(id, () -> {
            try {
                Path index = meanings.resolve(LEARNED);
                Map<String, String> learned = learned(index);
                AtomicFiles.createDirectories(meanings);
                AtomicFiles.createDirectories(lessons);
                AtomicFiles.write(meanings.resolve(name + ".md"), text.getBytes(StandardCharsets.UTF_8));
                AtomicFiles.write(lessons.resolve(name + ".md"),
                        ("# " + intention + "\n\n" + text).getBytes(StandardCharsets.UTF_8));
                learned.put(intention, name);
                AtomicFiles.write(index, indented(learned).getBytes(StandardCharsets.UTF_8));
                return new Lesson(intention, Knowledge.MEANINGS + "/" + name + ".md", text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** {@code learned.json} (never empty here) as upstream writes it ({@code json.dumps(indent=2)}): one intention a line. */
    private String indented(Map<String, String> learned) throws JsonProcessingException {
        StringBuilder out = new StringBuilder("{\n");
        Iterator<Map.Entry<String, String>> entries = learned.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, String> entry = entries.next();
            out.append("  ").append(json.writeValueAsString(entry.getKey())).append(": ")
                    .append(json.writeValueAsString(entry.getValue())).append(entries.hasNext() ? ",\n" : "\n");
        }
        return out.append("}").toString();
    }

    /**
     * The intentions of {@code learned.json} in its order (entries that do not name a meaning by text are
     * skipped); empty when it is absent or blank, an {@link IOException} when it is not a JSON object.
     */
    private Map<String, String> learned(Path file) throws IOException {
        Map<String, String> learned = new LinkedHashMap<>();
        String text = Knowledge.read(file);
        if (text == null || text.isBlank()) {
            return learned;
        }
        JsonNode map = json.readTree(text);
        if (map == null || !map.isObject()) {
            throw new IOException("meanings/learned.json is not a JSON object");
        }
        map.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                learned.put(e.getKey(), e.getValue().asText());
            }
        });
        return learned;
    }

    /** The meaning file called {@code name} ({@code .md} optional), only when it lies directly in {@code meanings/}. */
    private static Optional<Path> meaning(Path meanings, String name) {
        String stem = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
        if (!NAME.matcher(stem).matches() || stem.contains("..")) {
            return Optional.empty();
        }
        Path file = meanings.resolve(stem + ".md").normalize();
        if (!meanings.normalize().equals(file.getParent()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    private static String home(Path file) {
        return Knowledge.MEANINGS + "/" + file.getFileName();
    }

    private static String heading(String body) {
        if (body != null) {
            for (String line : body.split("\n")) {
                if (line.startsWith("# ")) {
                    return line.substring(2).strip();
                }
            }
        }
        return null;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - 3);
    }

    /** An intention as it is compared: its words, lower case, single spaces. */
    static String key(String intention) {
        return intention.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
