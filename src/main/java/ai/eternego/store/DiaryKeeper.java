package ai.eternego.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.config.EternegoConfig;
import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.DiaryWriter;
import ai.eternego.diary.KeyVault;

/**
 * Writes her diaries. The newest is always {@code diary/<id>/<id>.diary} and always complete: a new
 * diary is written beside it and renamed over it. The one it replaces stays as a generation
 * ({@code <id>.<UTC time>.diary}); only the newest few generations are kept.
 */
@ApplicationScoped
public class DiaryKeeper {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final KeyVault vault;
    private final int generations;

    public DiaryKeeper(HomeLayout layout, PersonaLocks locks, KeyVault vault, EternegoConfig config) {
        this.layout = layout;
        this.locks = locks;
        this.vault = vault;
        this.generations = Math.max(1, config.diary().generations());
    }

    /** Seals her diary key under the machine key into the staging area. */
    public void seal(Staging staging, DiaryKey key) throws IOException {
        AtomicFiles.write(staging.keyFile(), vault.seal(staging.id(), key));
    }

    /** Writes a diary of {@code home} to {@code target}, whole or not at all. */
    public void write(Path home, Path target, DiaryKey key) throws IOException {
        AtomicFiles.write(target, out -> DiaryWriter.write(home, out, key));
    }

    /** Her diary key, unsealed from the key store. */
    public DiaryKey key(String id) throws IOException {
        return vault.open(id, Files.readAllBytes(layout.keyFile(id)));
    }

    /** Writes her newest diary now, keeping the previous one as a generation; returns its path. Blocking. */
    public Path writeNewest(String id) {
        return locks.locked(id, () -> {
            Path newest = layout.diaryFile(id);
            Path kept = null;
            try {
                DiaryKey key = key(id);
                if (Files.isRegularFile(newest)) {
                    Path generation = newest.resolveSibling(
                            id + "." + STAMP.format(Files.getLastModifiedTime(newest).toInstant()) + ".diary");
                    if (!Files.exists(generation)) {
                        keepAsGeneration(newest, generation);
                        kept = generation;
                    }
                }
                write(layout.homeDir(id), newest, key);
                kept = null;
                prune(id);
                return newest;
            } catch (IOException e) {
                // the new diary did not make it: the newest is still the previous one, so the
                // generation just made of it goes again and her diaries are exactly as they were
                if (kept != null) {
                    try {
                        Files.deleteIfExists(kept);
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw Disk.failure("write her diary", e);
            }
        });
    }

    /**
     * Writes a diary of her home as it is now into the temporary area and returns it, touching none of
     * her kept diaries: an export changes nothing. The caller removes the file once it is sent; what a
     * crash leaves there goes at the next start.
     */
    public Path writeAside(String id) {
        return locks.locked(id, () -> {
            Path aside = layout.tempDir().resolve("exports").resolve(id + "." + UUID.randomUUID() + ".diary");
            try {
                write(layout.homeDir(id), aside, key(id));
                return aside;
            } catch (IOException e) {
                throw Disk.failure("write her diary", e);
            }
        });
    }

    /** When her newest diary was written, if she has one. */
    public Instant lastWritten(String id) throws IOException {
        Path newest = layout.diaryFile(id);
        return Files.isRegularFile(newest) ? Files.getLastModifiedTime(newest).toInstant() : null;
    }

    /** The older generations of her diary, newest first. */
    public List<Path> olderGenerations(String id) throws IOException {
        List<Path> older = new ArrayList<>();
        Path dir = layout.diaryDir(id);
        if (!Files.isDirectory(dir)) {
            return older;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, id + ".*.diary")) {
            files.forEach(older::add);
        }
        older.sort(Collections.reverseOrder());
        return older;
    }

    private static void keepAsGeneration(Path newest, Path generation) throws IOException {
        try {
            Files.createLink(generation, newest);
        } catch (UnsupportedOperationException | IOException e) {
            AtomicFiles.write(generation, out -> Files.copy(newest, out));
        }
    }

    private void prune(String id) throws IOException {
        List<Path> older = olderGenerations(id);
        for (Path stale : older.subList(Math.min(older.size(), generations - 1), older.size())) {
            Files.deleteIfExists(stale);
        }
    }
}
