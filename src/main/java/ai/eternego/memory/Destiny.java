package ai.eternego.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.record.ConversationLine;
import ai.eternego.store.AtomicFiles;
import ai.eternego.store.ConversationLog;
import ai.eternego.store.Disk;
import ai.eternego.store.HomeLayout;
import ai.eternego.store.PersonaLocks;

/**
 * Her reminders and schedules, {@code destiny/<reminder|schedule>-YYYY-MM-DD-HH-MM-<YYYYmmddHHMMSS>.md},
 * in upstream's names. A due one is fired: moved to {@code history/<stem>-YYYY-MM-DD.md} (the move is the
 * mark that it fired, so it fires once even across a restart), and a recurring one gets its next file in
 * {@code destiny/}, which upstream forgets to write. Blocking.
 */
@ApplicationScoped
public class Destiny {

    private static final Pattern NAME = Pattern.compile(
            "^(reminder|schedule)-(\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2})-(\\d{14})\\.md$");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** A reminder's text without its {@code recurrence:} line, and that recurrence ({@code null} when none). */
    public record Body(String text, String recurrence) {

        public static Body parse(String content) {
            String recurrence = null;
            List<String> lines = new ArrayList<>();
            for (String line : content.split("\n", -1)) {
                String stripped = line.strip();
                if (stripped.toLowerCase(java.util.Locale.ROOT).startsWith("recurrence:")) {
                    String value = stripped.substring("recurrence:".length()).strip().toLowerCase(java.util.Locale.ROOT);
                    recurrence = value.isEmpty() ? null : value;
                } else {
                    lines.add(line);
                }
            }
            return new Body(String.join("\n", lines).strip(), recurrence);
        }

        /** The time after {@code at} when it comes again, when it recurs. */
        Optional<LocalDateTime> after(LocalDateTime at) {
            if (recurrence == null) {
                return Optional.empty();
            }
            return switch (recurrence) {
                case "hourly" -> Optional.of(at.plusHours(1));
                case "daily" -> Optional.of(at.plusDays(1));
                case "weekly" -> Optional.of(at.plusWeeks(1));
                case "monthly" -> Optional.of(at.plusMonths(1));
                default -> Optional.empty();
            };
        }
    }

    /**
     * One that fired: its kind ({@code reminder} or {@code schedule}), what to bring up, and the channel of
     * the conversation where it was set ({@code null} when not known: one written by hand or by upstream).
     */
    public record Fired(String kind, String text, ConversationLine.Channel channel) {
    }

    /** Her workspace file naming the channel each of her destiny files was set on, by file name. */
    static final String CHANNELS = "destiny-channels.json";
    private static final TypeReference<Map<String, ConversationLine.Channel>> BY_NAME = new TypeReference<>() {
    };

    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final ObjectMapper json;

    public Destiny(HomeLayout layout, PersonaLocks locks, ObjectMapper json) {
        this.layout = layout;
        this.locks = locks;
        this.json = json;
    }

    /** The name of a destiny file of {@code kind} due at {@code when}, stamped {@code now}. */
    public static String name(String kind, LocalDateTime when, LocalDateTime now) {
        return kind + "-" + when.format(WHEN) + "-" + now.format(STAMP) + ".md";
    }

    /**
     * Writes a destiny file atomically under her lock; returns its name. The file is upstream's; the
     * {@code channel} it was set on (when known) is kept beside it in her workspace, so that it is
     * brought up there.
     */
    public String save(String id, String kind, LocalDateTime when, String text, String recurrence, LocalDateTime now,
            ConversationLine.Channel channel) {
        String name = name(kind, when, now);
        String content = text.strip() + "\n" + (recurrence == null ? "" : "recurrence: " + recurrence + "\n");
        locks.locked(id, () -> {
            try {
                if (channel != null) {
                    Map<String, ConversationLine.Channel> channels = channels(id);
                    channels.put(name, channel);
                    writeChannels(id, channels);
                }
                AtomicFiles.write(layout.homeDir(id).resolve(Knowledge.DESTINY).resolve(name),
                        content.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw Disk.failure("save her " + kind, e);
            }
            return null;
        });
        return name;
    }

    /** The channels her destiny files were set on, by file name; empty when none is kept (or unreadable). */
    private Map<String, ConversationLine.Channel> channels(String id) {
        Path file = layout.workspaceDir(id).resolve(CHANNELS);
        if (!Files.isRegularFile(file)) {
            return new TreeMap<>();
        }
        try {
            Map<String, ConversationLine.Channel> read = json.readValue(file.toFile(), BY_NAME);
            return read == null ? new TreeMap<>() : new TreeMap<>(read);
        } catch (IOException unreadable) {
            return new TreeMap<>();
        }
    }

    private void writeChannels(String id, Map<String, ConversationLine.Channel> channels) throws IOException {
        Path file = layout.workspaceDir(id).resolve(CHANNELS);
        AtomicFiles.createDirectories(file.getParent());
        AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(channels));
    }

    /**
     * Fires every entry due at {@code now} (her local time), oldest first, each moved to her history before
     * it is returned; a recurring one is written again for its next time after {@code now}.
     */
    public List<Fired> fireDue(String id, LocalDateTime now) {
        Path dir = layout.homeDir(id).resolve(Knowledge.DESTINY);
        List<Fired> fired = new ArrayList<>();
        for (Path file : Knowledge.markdown(dir)) {
            Matcher m = NAME.matcher(file.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            LocalDateTime when;
            try {
                when = LocalDateTime.parse(m.group(2), WHEN);
            } catch (DateTimeException e) {
                continue;
            }
            if (when.isAfter(now)) {
                continue;
            }
            Fired one = locks.locked(id, () -> fire(id, file, m.group(1), when, m.group(3), now));
            if (one != null) {
                fired.add(one);
            }
        }
        return fired;
    }

    private Fired fire(String id, Path file, String kind, LocalDateTime when, String stamp, LocalDateTime now) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            Body body = Body.parse(content);
            String stem = file.getFileName().toString().replaceFirst("\\.md$", "");
            Path history = layout.homeDir(id).resolve(ConversationLog.HISTORY);
            AtomicFiles.createDirectories(history);
            Path target = history.resolve(stem + "-" + now.toLocalDate() + ".md");
            Optional<LocalDateTime> next = body.after(when);
            String name = file.getFileName().toString();
            Map<String, ConversationLine.Channel> channels = channels(id);
            ConversationLine.Channel channel = channels.get(name);
            if (next.isPresent()) {
                LocalDateTime at = next.get();
                while (!at.isAfter(now)) {
                    at = body.after(at).orElseThrow();
                }
                // the next one (named with this one's stamp) is written before this one is marked fired:
                // a crash between the two writes it once, not twice
                Path following = file.resolveSibling(kind + "-" + at.format(WHEN) + "-" + stamp + ".md");
                if (!Files.exists(following)) {
                    if (channel != null) {
                        channels.put(following.getFileName().toString(), channel);
                        writeChannels(id, channels);
                    }
                    AtomicFiles.write(following, content.getBytes(StandardCharsets.UTF_8));
                }
            }
            AtomicFiles.move(file, target);
            if (channels.remove(name) != null) {
                writeChannels(id, channels);
            }
            return new Fired(kind, body.text(), channel);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
