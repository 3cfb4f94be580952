package ai.eternego.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.eternego.api.ApiException;

/**
 * A persona being built outside the live tree: her home, workspace, diary and sealed key, laid out
 * like the live tree under a private staging directory. Nothing here is visible until
 * {@link #commit()}; {@link #discard()} removes every trace.
 */
public final class Staging implements AutoCloseable {

    private final PersonaStore store;
    private final String id;
    private final Path dir;
    private boolean committed;

    Staging(PersonaStore store, String id, Path dir) {
        this.store = store;
        this.id = id;
        this.dir = dir;
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
     * here is a 409 and nothing moves.
     */
    public void commit() {
        store.locked(id, () -> {
            if (store.exists(id)) {
                throw ApiException.conflict("A persona with id " + id + " already lives here.");
            }
            Path key = store.keyFile(id);
            Path diary = store.diaryDir(id);
            try {
                AtomicFiles.createDirectories(key.getParent());
                AtomicFiles.createDirectories(diary.getParent());
                AtomicFiles.createDirectories(store.personaDir(id).getParent());
                AtomicFiles.deleteTree(diary);
                AtomicFiles.move(keyFile(), key);
                AtomicFiles.move(diaryFile().getParent(), diary);
                AtomicFiles.move(personaDir(), store.personaDir(id));
                committed = true;
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
        discard();
    }

    public boolean committed() {
        return committed;
    }

    /** Removes the staging directory and everything in it. */
    public void discard() {
        try {
            AtomicFiles.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        discard();
    }
}
