package ai.eternego.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import ai.eternego.api.ApiException;
import ai.eternego.config.EternegoConfig;
import ai.eternego.persona.PersonaId;
import ai.eternego.persona.PersonaRecord;

/**
 * Her files on disk, the one place that writes them. Layout under ETERNEGO_HOME:
 *
 * <pre>
 * personas/&lt;id&gt;/home/config.json     her record
 * personas/&lt;id&gt;/home/routines.json   her routines
 * personas/&lt;id&gt;/home/...             her files (history/, destiny/, meanings/, ...)
 * personas/&lt;id&gt;/workspace/          scratch space, not in the diary
 * diary/&lt;id&gt;/&lt;id&gt;.diary               the newest diary, older generations beside it
 * keys/&lt;id&gt;.key                      her diary key, sealed under the machine key
 * staging/                           personas being built; emptied at start
 * archive/&lt;id&gt;.diary                 the newest diary of a deleted persona
 * </pre>
 *
 * A persona exists when {@code personas/<id>} exists: that directory is the last thing moved into
 * place, atomically, after her key and her diary. Writers of one persona are serialised.
 */
@ApplicationScoped
public class PersonaStore {

    private static final Logger LOG = Logger.getLogger(PersonaStore.class);
    public static final String CONFIG = "config.json";
    public static final String ROUTINES = "routines.json";
    public static final String HEALTH = "health.jsonl";
    static final long HEALTH_LIMIT = 256 * 1024;

    private final Path root;
    private final ObjectMapper json;
    private final ObjectMapper compact;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Parsed> parsed = new ConcurrentHashMap<>();

    public PersonaStore(EternegoConfig config, ObjectMapper json) {
        this.root = config.home().toAbsolutePath();
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
        this.compact = json;
    }

    public Path root() {
        return root;
    }

    public Path personaDir(String id) {
        return root.resolve("personas").resolve(PersonaId.require(id));
    }

    public Path homeDir(String id) {
        return personaDir(id).resolve("home");
    }

    public Path workspaceDir(String id) {
        return personaDir(id).resolve("workspace");
    }

    public Path diaryDir(String id) {
        return root.resolve("diary").resolve(PersonaId.require(id));
    }

    public Path diaryFile(String id) {
        return diaryDir(id).resolve(id + ".diary");
    }

    public Path keyFile(String id) {
        return root.resolve("keys").resolve(PersonaId.require(id) + ".key");
    }

    public Path archiveFile(String id) {
        return root.resolve("archive").resolve(PersonaId.require(id) + ".diary");
    }

    public Path stagingRoot() {
        return root.resolve("staging");
    }

    public Path tempDir() {
        return root.resolve("tmp");
    }

    public boolean exists(String id) {
        return Files.isDirectory(personaDir(id));
    }

    /**
     * Her record as on disk now. Parsed records are remembered with the identity of the file they came
     * from (inode, time, size): every write replaces the file by a rename, so a changed record is always
     * a different file and is parsed again; listing a thousand personas costs a thousand stats.
     */
    public Optional<PersonaRecord> read(String id) {
        Path config = homeDir(id).resolve(CONFIG);
        BasicFileAttributes file;
        try {
            file = Files.readAttributes(config, BasicFileAttributes.class);
        } catch (IOException absent) {
            parsed.remove(id);
            return Optional.empty();
        }
        if (!file.isRegularFile()) {
            parsed.remove(id);
            return Optional.empty();
        }
        Parsed known = parsed.get(id);
        if (known != null && known.same(file)) {
            return Optional.of(known.record());
        }
        try {
            PersonaRecord record = json.readValue(config.toFile(), PersonaRecord.class);
            parsed.put(id, new Parsed(file.fileKey(), file.lastModifiedTime(), file.size(), record));
            return Optional.of(record);
        } catch (IOException e) {
            throw new UncheckedIOException("her record " + id + " cannot be read", e);
        }
    }

    /** A parsed record and the file it was parsed from. */
    private record Parsed(Object fileKey, FileTime modified, long size, PersonaRecord record) {

        boolean same(BasicFileAttributes file) {
            return fileKey != null && fileKey.equals(file.fileKey()) && modified.equals(file.lastModifiedTime())
                    && size == file.size();
        }
    }

    public PersonaRecord require(String id) {
        return read(id).orElseThrow(ApiException::notFound);
    }

    /** Every persona on disk whose record reads, in id order. */
    public List<PersonaRecord> list() {
        List<PersonaRecord> records = new ArrayList<>();
        for (String id : ids()) {
            try {
                read(id).ifPresent(records::add);
            } catch (UncheckedIOException e) {
                LOG.warnf("Skipping persona %s: her record does not parse", id);
            }
        }
        return records;
    }

    public List<String> ids() {
        Path personas = root.resolve("personas");
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(personas)) {
            return ids;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(personas)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (PersonaId.isCanonical(name) && Files.isDirectory(dir)) {
                    ids.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ids.sort(null);
        return ids;
    }

    public byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves her record atomically. */
    public void saveRecord(PersonaRecord record) {
        writeHomeFile(record.id(), CONFIG, toJson(record));
    }

    /** Writes one file of her home atomically, under her lock. */
    public void writeHomeFile(String id, String relative, byte[] bytes) {
        Path target = homeDir(id).resolve(relative).normalize();
        if (!target.startsWith(homeDir(id))) {
            throw new IllegalArgumentException("not a file of her home: " + relative);
        }
        locked(id, () -> {
            try {
                AtomicFiles.write(target, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    /**
     * Appends one line to her {@code health.jsonl}. The file is kept bounded: past
     * {@link #HEALTH_LIMIT} bytes its older half is dropped, by an atomic rewrite.
     */
    public void appendHealth(String id, Object beat) {
        Path health = homeDir(id).resolve(HEALTH);
        byte[] line = (new String(toCompactJson(beat), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        locked(id, () -> {
            try {
                if (Files.isRegularFile(health) && Files.size(health) + line.length > HEALTH_LIMIT) {
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

    /** Her most recent heartbeats, oldest first, at most {@code limit}. */
    public List<String> recentHealth(String id, int limit) {
        Path health = homeDir(id).resolve(HEALTH);
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

    private byte[] toCompactJson(Object value) {
        try {
            return compact.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code work} while holding her writer lock. */
    public <T> T locked(String id, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Claims an id for a create, migrate or delete in flight; a second claim of the same id is a 409
     * until {@link #release(String)}.
     */
    public void claim(String id, String conflictDetail) {
        if (!busy.add(id)) {
            throw ApiException.conflict(conflictDetail);
        }
    }

    public void release(String id) {
        busy.remove(id);
    }

    /** A fresh staging area for one persona; {@link Staging#commit()} moves it into place. */
    public Staging stage(String id) {
        try {
            Path dir = stagingRoot().resolve(UUID.randomUUID().toString());
            AtomicFiles.createDirectories(dir);
            return new Staging(this, id, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Takes her out of this machine: her persona directory is first moved out of the live tree
     * (atomically, so she is never listed half-deleted), then her key, her diaries and that
     * directory are removed. With {@code keepDiary}, her newest diary is kept as
     * {@code archive/<id>.diary}. Returns the archived diary, if any.
     */
    public Optional<Path> retire(String id, boolean keepDiary) {
        return locked(id, () -> {
            try {
                Path gone = stagingRoot().resolve(UUID.randomUUID().toString());
                AtomicFiles.createDirectories(gone);
                AtomicFiles.move(personaDir(id), gone.resolve("persona"));
                Optional<Path> archived = Optional.empty();
                if (keepDiary && Files.isRegularFile(diaryFile(id))) {
                    AtomicFiles.createDirectories(archiveFile(id).getParent());
                    AtomicFiles.move(diaryFile(id), archiveFile(id));
                    archived = Optional.of(archiveFile(id));
                } else if (!keepDiary) {
                    // A purge leaves nothing of her, an archive of an earlier deletion included.
                    Files.deleteIfExists(archiveFile(id));
                }
                Files.deleteIfExists(keyFile(id));
                AtomicFiles.deleteTree(diaryDir(id));
                AtomicFiles.deleteTree(gone);
                return archived;
            } catch (IOException e) {
                throw Disk.failure("delete her", e);
            }
        });
    }

    /** Removes what an interrupted create or migrate left behind. Called once, at start. */
    public void recover() {
        try {
            AtomicFiles.createDirectories(root);
            AtomicFiles.restrict(root);
            AtomicFiles.deleteTree(stagingRoot());
            AtomicFiles.deleteTree(tempDir());
            AtomicFiles.createDirectories(stagingRoot());
            AtomicFiles.createDirectories(tempDir().resolve("uploads"));
            removeOrphans(root.resolve("keys"), ".key");
            removeOrphans(root.resolve("diary"), "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy " + root, e);
        }
    }

    private void removeOrphans(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.endsWith(suffix)) {
                    continue;
                }
                String id = name.substring(0, name.length() - suffix.length());
                if (PersonaId.isCanonical(id) && !exists(id)) {
                    LOG.infof("Removing %s left by an interrupted create or migrate", entry.getFileName());
                    AtomicFiles.deleteTree(entry);
                }
            }
        }
    }
}
