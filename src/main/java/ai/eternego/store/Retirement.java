package ai.eternego.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/** Takes a persona out of this machine, whole, keeping her newest diary in the archive when asked. */
@ApplicationScoped
public class Retirement {

    private final HomeLayout layout;
    private final PersonaLocks locks;

    public Retirement(HomeLayout layout, PersonaLocks locks) {
        this.layout = layout;
        this.locks = locks;
    }

    /**
     * Her persona directory is first moved out of the live tree (atomically, so she is never listed
     * half-deleted), then her key, her diaries and that directory are removed. With {@code keepDiary},
     * her newest diary is kept as {@code archive/<id>.diary}. Returns the archived diary, if any.
     */
    public Optional<Path> retire(String id, boolean keepDiary) {
        return locks.locked(id, () -> {
            try {
                Path gone = layout.stagingRoot().resolve(UUID.randomUUID().toString());
                AtomicFiles.createDirectories(gone);
                AtomicFiles.move(layout.personaDir(id), gone.resolve("persona"));
                Optional<Path> archived = Optional.empty();
                Path archive = layout.archiveFile(id);
                if (keepDiary && Files.isRegularFile(layout.diaryFile(id))) {
                    AtomicFiles.createDirectories(archive.getParent());
                    AtomicFiles.move(layout.diaryFile(id), archive);
                    archived = Optional.of(archive);
                } else if (!keepDiary) {
                    // A purge leaves nothing of her, an archive of an earlier deletion included.
                    Files.deleteIfExists(archive);
                }
                Files.deleteIfExists(layout.keyFile(id));
                AtomicFiles.deleteTree(layout.diaryDir(id));
                AtomicFiles.deleteTree(gone);
                return archived;
            } catch (IOException e) {
                throw Disk.failure("delete her", e);
            }
        });
    }
}
