package ai.eternego.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.core.PersonaId;
import ai.eternego.core.Refusal;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The diaries of deleted personas: {@code archive/<id>.diary}, each with an optional sidecar
 * {@code archive/<id>.json} {@code {"id", "name", "date"}} that says whose it was and when she was
 * archived. Without a sidecar her name is unknown and the date is the diary's modification time.
 */
@ApplicationScoped
public class Archives {

    private static final String DIARY = ".diary";

    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final ObjectMapper json;

    public Archives(HomeLayout layout, PersonaLocks locks, ObjectMapper json) {
        this.layout = layout;
        this.locks = locks;
        this.json = json;
    }

    /** One archived diary: her id, her name (null when unknown), when it was archived, its size in bytes. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Archive(@JsonProperty("id") String id, @JsonProperty("name") String name,
            @JsonProperty("date") String date, @JsonProperty("size") long size) {
    }

    /** Every archived diary, sorted by name (case-insensitive, unknown names last), then by date. */
    public List<Archive> list() {
        Path dir = layout.archiveDir();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Archive> archives = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String fileName = file.getFileName().toString();
                if (!fileName.endsWith(DIARY)) {
                    continue;
                }
                String id = fileName.substring(0, fileName.length() - DIARY.length());
                if (PersonaId.isCanonical(id) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    archives.add(read(id, file));
                }
            }
        } catch (IOException e) {
            throw Disk.failure("list the archive", e);
        }
        archives.sort(Comparator.comparing(Archive::name, Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER))
                .thenComparing(Archive::date));
        return archives;
    }

    private Archive read(String id, Path diary) throws IOException {
        String name = null;
        String date = null;
        Path sidecar = layout.archiveNote(id);
        if (Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS)) {
            try {
                JsonNode about = json.readTree(sidecar.toFile());
                if (about.path("id").isMissingNode() || id.equals(about.path("id").asText())) {
                    name = about.path("name").isTextual() ? about.path("name").asText() : null;
                    date = about.path("date").isTextual() ? about.path("date").asText() : null;
                }
            } catch (IOException e) {
                // A sidecar that is not JSON says nothing: the diary is listed on its own.
            }
        }
        if (date == null) {
            date = Files.getLastModifiedTime(diary, LinkOption.NOFOLLOW_LINKS).toInstant().toString();
        }
        return new Archive(id, name, date, Files.size(diary));
    }

    /** Removes her archived diary and its sidecar; an unknown id is refused as not found. */
    public void delete(String id) {
        PersonaId.require(id);
        locks.locked(id, () -> {
            try {
                if (!Files.deleteIfExists(layout.archiveFile(id))) {
                    throw Refusal.notFound("Archive not found.");
                }
                Files.deleteIfExists(layout.archiveNote(id));
                return null;
            } catch (IOException e) {
                throw Disk.failure("remove the archived diary", e);
            }
        });
    }
}
