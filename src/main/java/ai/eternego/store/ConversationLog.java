package ai.eternego.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * to the disk before the append returns. Written ASCII-escaped, as upstream writes it. Blocking: callers
 * run it on a worker.
 */
@ApplicationScoped
public class ConversationLog {

    public static final String FILE = "conversation.jsonl";

    private static final Logger LOG = Logger.getLogger(ConversationLog.class);

    private final HomeLayout layout;
    private final ObjectMapper json;

    public ConversationLog(HomeLayout layout, ObjectMapper json) {
        this.layout = layout;
        this.json = json.copy().configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, true);
    }

    /** Appends {@code line} and forces it to the disk (and, for a new file, its directory entry). */
    public void append(String id, ConversationLine line) {
        Path file = layout.homeDir(id).resolve(FILE);
        try {
            byte[] bytes = (json.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            boolean fresh = !Files.exists(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                if (fresh) {
                    AtomicFiles.restrict(file);
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (fresh) {
                AtomicFiles.syncDirectory(file.getParent());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a conversation line could not be written", e);
        } catch (IOException e) {
            throw Disk.failure("keep her conversation", e);
        }
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
