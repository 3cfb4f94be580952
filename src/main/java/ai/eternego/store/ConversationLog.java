package ai.eternego.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.record.ConversationLine;

/**
 * Her conversation file, {@code home/conversation.jsonl}: one JSON object a line, appended and flushed
 * to the disk before the append returns. Written ASCII-escaped, as upstream writes it. At her sleep the
 * day's lines move to {@code home/history/} ({@link #keepDay}). Appends and that move hold her
 * {@link PersonaLocks} lock, so a message kept during her sleep waits for it. Blocking: callers run it
 * on a worker.
 * <p>
 * Every turn of hers reads her whole day, so the lines are remembered as last read or written, with the
 * identity of the file they are (inode, time, size), as {@link RecordStore} remembers records: a file
 * changed by anything else (a diary restored, an edit by hand) is another identity and is read again.
 * At most {@link #REMEMBERED_BYTES} of files are remembered together, the least recently read forgotten
 * first.
 */
@ApplicationScoped
public class ConversationLog {

    public static final String FILE = "conversation.jsonl";
    public static final String HISTORY = "history";
    public static final String BRIEFING = "briefing.md";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private static final Logger LOG = Logger.getLogger(ConversationLog.class);
    /**
     * The conversation files remembered together are at most this large: past it, the one read least
     * recently is forgotten (and read again from the disk when asked for), so the heap stays small.
     */
    static final long REMEMBERED_BYTES = 16L << 20;

    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final ObjectMapper json;
    private final Remembered known;

    @Inject
    public ConversationLog(HomeLayout layout, PersonaLocks locks, ObjectMapper json) {
        this(layout, locks, json, REMEMBERED_BYTES);
    }

    ConversationLog(HomeLayout layout, PersonaLocks locks, ObjectMapper json, long remembered) {
        this.layout = layout;
        this.locks = locks;
        this.json = json.copy().configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, true);
        this.known = new Remembered(remembered);
    }

    /** Appends {@code line} and forces it to the disk (and, for a new file, its directory entry). */
    public void append(String id, ConversationLine line) {
        write(id, line);
        force(id);
    }

    /**
     * Appends {@code line} without waiting for the disk: readers see it at once, and lines written one after
     * the other stay in that order. It is kept for sure only once {@link #force} returns.
     */
    public void write(String id, ConversationLine line) {
        Path file = layout.homeDir(id).resolve(FILE);
        String text;
        try {
            text = json.writeValueAsString(line) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a conversation line could not be written", e);
        }
        locks.locked(id, () -> {
            try {
                Known before = known.remove(id);
                boolean current = before != null && before.same(attributes(file));
                // her memory of the file, when current, tells whether it ends with a whole line without reading it
                AtomicFiles.appendLines(file, text, false, current ? before.whole() : AtomicFiles.endsLine(file));
                BasicFileAttributes after = attributes(file);
                if (current && after != null) {
                    List<ConversationLine> lines = new ArrayList<>(before.lines().size() + 1);
                    lines.addAll(before.lines());
                    lines.add(line);
                    known.put(id, new Known(after, true, Collections.unmodifiableList(lines)));
                }
            } catch (IOException e) {
                throw Disk.failure("keep her conversation", e);
            }
            return file;
        });
    }

    /** The file's identity now, or {@code null} when it is not a file. */
    private static BasicFileAttributes attributes(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.isRegularFile() ? attributes : null;
        } catch (IOException absent) {
            return null;
        }
    }

    /** She is gone: her lines are not remembered any more. */
    public void forget(String id) {
        known.remove(id);
    }

    /**
     * Forces every line written so far to the disk. Not under her lock: a line written meanwhile is forced
     * too, and a sleep that moved the lines to her history has already forced them there.
     */
    public void force(String id) {
        Path file = layout.homeDir(id).resolve(FILE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (NoSuchFileException deleted) {
            // she was deleted meanwhile: there is nothing of hers left to keep
        } catch (IOException e) {
            throw Disk.failure("keep her conversation", e);
        }
    }

    /**
     * Her sleep at {@code at}: the lines of {@code conversation.jsonl} are appended to
     * {@code history/conversation-<date of at>.md} as {@code [time] role: content} (a second sleep on the
     * same day adds to it), a line {@code - <at>: conversation-<date>.md} is added to
     * {@code history/briefing.md}, and the conversation starts empty. Each file is forced to the disk
     * before the next step and the conversation is emptied last: a crash may repeat lines in the history,
     * never lose one. Nothing is written when she heard nothing. Returns the history file's name, or
     * {@code null} when there was nothing to keep.
     */
    public String keepDay(String id, ZonedDateTime at) {
        return locks.locked(id, () -> {
            Path file = layout.homeDir(id).resolve(FILE);
            known.remove(id);
            try {
                if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                    return null;
                }
                StringBuilder day = new StringBuilder();
                for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!text.isBlank()) {
                        day.append(transcript(text)).append('\n');
                    }
                }
                Path history = layout.homeDir(id).resolve(HISTORY);
                if (!Files.isDirectory(history)) {
                    AtomicFiles.createDirectories(history);
                    AtomicFiles.syncDirectory(history.getParent());
                }
                String name = "conversation-" + at.toLocalDate() + ".md";
                AtomicFiles.appendLines(history.resolve(name), day.toString(), true);
                AtomicFiles.appendLines(history.resolve(BRIEFING), "- " + at.format(ISO) + ": " + name + "\n", true);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(0);
                    channel.force(true);
                }
                return name;
            } catch (IOException e) {
                throw Disk.failure("keep her day's conversation in her history", e);
            }
        });
    }

    /** {@code [time] role: content}; a line that cannot be read (torn by a crash) is kept as it was. */
    private String transcript(String text) {
        try {
            ConversationLine line = json.readValue(text, ConversationLine.class);
            if (line.role() != null && line.content() != null) {
                return "[" + line.time() + "] " + line.role() + ": " + line.content();
            }
        } catch (JsonProcessingException e) {
            // kept below as it was written: a line is never lost
        }
        return text;
    }

    /**
     * Every line, oldest first, as a list that cannot be changed; a line that cannot be read (a torn last
     * line after a crash) is skipped.
     */
    public List<ConversationLine> read(String id) {
        Path file = layout.homeDir(id).resolve(FILE);
        BasicFileAttributes now = attributes(file);
        if (now == null) {
            known.remove(id);
            return List.of();
        }
        Known remembered = known.get(id);
        if (remembered != null && remembered.same(now)) {
            return remembered.lines();
        }
        // read after its identity was taken: a line appended meanwhile makes another identity, read again
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException deleted) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ConversationLine> lines = Collections.unmodifiableList(parse(id, new String(data, StandardCharsets.UTF_8)));
        known.put(id, new Known(now, data.length == 0 || data[data.length - 1] == '\n', lines));
        return lines;
    }

    private List<ConversationLine> parse(String id, String text) {
        List<ConversationLine> lines = new ArrayList<>();
        text.lines().forEach(raw -> {
            if (raw.isBlank()) {
                return;
            }
            try {
                ConversationLine line = json.readValue(raw, ConversationLine.class);
                if (line.role() != null && line.content() != null) {
                    lines.add(line);
                }
            } catch (JsonProcessingException e) {
                LOG.warnf("Persona %s: a line of her conversation could not be read and is skipped", id);
            }
        });
        return lines;
    }

    /** Her lines by persona, the least recently read forgotten first once their files pass the bound together. */
    private static final class Remembered {
        private final long bound;
        private final LinkedHashMap<String, Known> byId = new LinkedHashMap<>(16, 0.75f, true);
        private long bytes;

        Remembered(long bound) {
            this.bound = bound;
        }

        synchronized Known get(String id) {
            return byId.get(id);
        }

        synchronized Known remove(String id) {
            Known gone = byId.remove(id);
            if (gone != null) {
                bytes -= gone.size();
            }
            return gone;
        }

        synchronized void put(String id, Known known) {
            remove(id);
            byId.put(id, known);
            bytes += known.size();
            Iterator<Known> eldest = byId.values().iterator();
            while (bytes > bound && eldest.hasNext()) {
                bytes -= eldest.next().size();
                eldest.remove();
            }
        }
    }

    /**
     * Her lines and the identity of the file they were read from or written to; {@code whole} when it ends
     * with a whole line.
     */
    private record Known(Object fileKey, FileTime modified, long size, boolean whole, List<ConversationLine> lines) {

        Known(BasicFileAttributes file, boolean whole, List<ConversationLine> lines) {
            this(file.fileKey(), file.lastModifiedTime(), file.size(), whole, lines);
        }

        boolean same(BasicFileAttributes file) {
            return file != null && fileKey != null && fileKey.equals(file.fileKey())
                    && modified.equals(file.lastModifiedTime()) && size == file.size();
        }
    }
}
