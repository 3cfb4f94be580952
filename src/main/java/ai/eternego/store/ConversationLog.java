package ai.eternego.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

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
 */
@ApplicationScoped
public class ConversationLog {

    public static final String FILE = "conversation.jsonl";
    public static final String HISTORY = "history";
    public static final String BRIEFING = "briefing.md";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private static final Logger LOG = Logger.getLogger(ConversationLog.class);

    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final ObjectMapper json;

    public ConversationLog(HomeLayout layout, PersonaLocks locks, ObjectMapper json) {
        this.layout = layout;
        this.locks = locks;
        this.json = json.copy().configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, true);
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
        byte[] bytes;
        try {
            bytes = (json.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a conversation line could not be written", e);
        }
        locks.locked(id, () -> {
            try {
                AtomicFiles.append(file, bytes, false);
            } catch (IOException e) {
                throw Disk.failure("keep her conversation", e);
            }
            return file;
        });
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
                AtomicFiles.append(history.resolve(name), day.toString().getBytes(StandardCharsets.UTF_8), true);
                AtomicFiles.append(history.resolve(BRIEFING),
                        ("- " + at.format(ISO) + ": " + name + "\n").getBytes(StandardCharsets.UTF_8), true);
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

    /** Every line, oldest first; a line that cannot be read (a torn last line after a crash) is skipped. */
    public List<ConversationLine> read(String id) {
        Path file = layout.homeDir(id).resolve(FILE);
        List<ConversationLine> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        List<String> raw;
        try {
            raw = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String text : raw) {
            if (text.isBlank()) {
                continue;
            }
            try {
                ConversationLine line = json.readValue(text, ConversationLine.class);
                if (line.role() != null && line.content() != null) {
                    lines.add(line);
                }
            } catch (JsonProcessingException e) {
                LOG.warnf("Persona %s: a line of her conversation could not be read and is skipped", id);
            }
        }
        return lines;
    }
}
