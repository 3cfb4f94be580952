package ai.eternego.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Takes a persona out of this machine, whole, keeping her newest diary in the archive when asked. */
@ApplicationScoped
public class Retirement {

    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final ObjectMapper json;

    public Retirement(HomeLayout layout, PersonaLocks locks, ObjectMapper json) {
        this.layout = layout;
        this.locks = locks;
        this.json = json;
    }

    /** What {@code archive/<id>.json} says of an archived diary. */
    @RegisterForReflection
    @JsonPropertyOrder({ "id", "name", "date" })
    public record ArchiveNote(@JsonProperty("id") String id, @JsonProperty("name") String name,
            @JsonProperty("date") String date) {
    }

    /**
     * Her persona directory is first moved out of the live tree (atomically, so she is never listed
     * half-deleted), then her key, her diaries and that directory are removed. With a {@code name} (she
     * is kept, not purged) her newest diary is kept as {@code archive/<id>.diary}, with
     * {@code archive/<id>.json} telling whose it is and when she left; a purge removes both. Returns the
     * archived diary, if any.
     */
    public Optional<Path> retire(String id, String name) {
        boolean keepDiary = name != null;
        return locks.locked(id, () -> {
            try {
                Path gone = layout.stagingRoot().resolve(UUID.randomUUID().toString());
                AtomicFiles.createDirectories(gone);
                AtomicFiles.move(layout.personaDir(id), gone.resolve("persona"));
                Optional<Path> archived = Optional.empty();
                Path archive = layout.archiveFile(id);
                if (keepDiary && Files.isRegularFile(layout.diaryFile(id))) {
                    AtomicFiles.createDirectories(archive.getParent());
                    AtomicFiles.write(layout.archiveNote(id), json.writeValueAsBytes(
                            new ArchiveNote(id, name, Instant.now().toString())));
                    AtomicFiles.move(layout.diaryFile(id), archive);
                    archived = Optional.of(archive);
                } else if (!keepDiary) {
                    // A purge leaves nothing of her, an archive of an earlier deletion included.
                    Files.deleteIfExists(archive);
                    Files.deleteIfExists(layout.archiveNote(id));
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
