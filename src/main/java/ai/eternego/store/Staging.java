package ai.eternego.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import ai.eternego.core.Refusal;

/**
 * A persona being built outside the live tree: her home, workspace, diary and sealed key, laid out
 * like the live tree under a private staging directory. Nothing here is visible until
 * {@link #commit()}; {@link #close()} removes every trace.
 */
public final class Staging implements AutoCloseable {

    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final String id;
    private final Path dir;

    private Staging(HomeLayout layout, PersonaLocks locks, String id, Path dir) {
        this.layout = layout;
        this.locks = locks;
        this.id = id;
        this.dir = dir;
    }

    /** A fresh staging area for one persona. */
    public static Staging open(HomeLayout layout, PersonaLocks locks, String id) {
        try {
            Path dir = layout.stagingRoot().resolve(UUID.randomUUID().toString());
            AtomicFiles.createDirectories(dir);
            return new Staging(layout, locks, id, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String id() {
        return id;
    }

    public Path personaDir() {
        return dir.resolve("persona");
    }

    public Path home() {
        return personaDir().resolve("home");
    }

    public Path workspace() {
        return personaDir().resolve("workspace");
    }

    public Path diaryFile() {
        return dir.resolve("diary").resolve(id + ".diary");
    }

    public Path keyFile() {
        return dir.resolve(id + ".key");
    }

    /**
     * Moves her key, her diary and finally her persona directory into place. The persona directory
     * moves last and atomically, so she is listed only once she is whole. An id that already lives
     * here is a conflict and nothing moves.
     */
    public void commit() {
        locks.locked(id, () -> {
            if (layout.exists(id)) {
                throw Refusal.conflict("A persona with id " + id + " already lives here.");
            }
            Path key = layout.keyFile(id);
            Path diary = layout.diaryDir(id);
            try {
                AtomicFiles.createDirectories(key.getParent());
                AtomicFiles.createDirectories(diary.getParent());
                AtomicFiles.createDirectories(layout.personaDir(id).getParent());
                AtomicFiles.deleteTree(diary);
                AtomicFiles.move(keyFile(), key);
                AtomicFiles.move(diaryFile().getParent(), diary);
                AtomicFiles.move(personaDir(), layout.personaDir(id));
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(key);
                    AtomicFiles.deleteTree(diary);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new UncheckedIOException(e);
            }
            return null;
        });
        close();
    }

    /** Removes the staging directory and everything in it. */
    @Override
    public void close() {
        try {
            AtomicFiles.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
