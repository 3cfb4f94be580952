package ai.eternego.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Her heartbeats, one JSON line each in {@code home/health.jsonl}. The file is kept bounded: past
 * {@link #LIMIT} bytes its older half is dropped, by an atomic rewrite.
 */
@ApplicationScoped
public class HealthLog {

    static final long LIMIT = 256 * 1024;

    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final ObjectMapper json;

    public HealthLog(HomeLayout layout, PersonaLocks locks, ObjectMapper json) {
        this.layout = layout;
        this.locks = locks;
        this.json = json;
    }

    /** Appends one beat as a compact JSON line, flushed to disk. */
    public void append(String id, Object beat) {
        Path health = layout.homeDir(id).resolve(HomeLayout.HEALTH);
        byte[] line;
        try {
            line = (json.writeValueAsString(beat) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        locks.locked(id, () -> {
            try {
                if (Files.isRegularFile(health) && Files.size(health) + line.length > LIMIT) {
                    List<String> lines = Files.readAllLines(health, StandardCharsets.UTF_8);
                    List<String> kept = lines.subList(lines.size() / 2, lines.size());
                    AtomicFiles.write(health, (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                try (FileChannel channel = FileChannel.open(health, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE)) {
                    AtomicFiles.restrict(health);
                    channel.write(ByteBuffer.wrap(line));
                    channel.force(false);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    /** Her most recent heartbeat lines, oldest first, at most {@code limit}. */
    public List<String> recent(String id, int limit) {
        Path health = layout.homeDir(id).resolve(HomeLayout.HEALTH);
        if (!Files.isRegularFile(health)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(health, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            return lines.subList(Math.max(0, lines.size() - limit), lines.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
