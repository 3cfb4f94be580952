package ai.eternego.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import ai.eternego.core.PersonaId;
import ai.eternego.core.Refusal;
import ai.eternego.record.PersonaRecord;

/** Her record ({@code home/config.json}) and the other files of her home: read, listed, saved atomically. */
@ApplicationScoped
public class RecordStore {

    private static final Logger LOG = Logger.getLogger(RecordStore.class);

    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final ObjectMapper json;
    private final ConcurrentHashMap<String, Parsed> parsed = new ConcurrentHashMap<>();

    public RecordStore(HomeLayout layout, PersonaLocks locks, ObjectMapper json) {
        this.layout = layout;
        this.locks = locks;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * Her record as on disk now. Parsed records are remembered with the identity of the file they came
     * from (inode, time, size): every write replaces the file by a rename, so a changed record is always
     * a different file and is parsed again; listing a thousand personas costs a thousand stats.
     */
    public Optional<PersonaRecord> read(String id) {
        Path config = layout.homeDir(id).resolve(HomeLayout.CONFIG);
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
            if (!id.equals(record.id())) {
                // a record edited by hand (or a stray file) that is not hers is not taken for her
                throw new IOException("her record names another id");
            }
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

    /** Her record, or the refusal that she is not here. */
    public PersonaRecord require(String id) {
        return read(id).orElseThrow(Refusal::personaNotFound);
    }

    public boolean exists(String id) {
        return layout.exists(id);
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

    /** The ids of every persona directory, sorted. */
    public List<String> ids() {
        Path personas = layout.personasDir();
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

    /** Her record as it is written to {@code config.json}: the upstream shape, indented. */
    public byte[] toJson(PersonaRecord record) {
        try {
            return json.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves her record atomically. */
    public void save(PersonaRecord record) {
        writeHomeFile(record.id(), HomeLayout.CONFIG, toJson(record));
    }

    /** Writes one file of her home atomically, under her lock. */
    public void writeHomeFile(String id, String relative, byte[] bytes) {
        Path home = layout.homeDir(id);
        Path target = home.resolve(relative).normalize();
        if (!target.startsWith(home)) {
            throw new IllegalArgumentException("not a file of her home: " + relative);
        }
        locks.locked(id, () -> {
            try {
                AtomicFiles.write(target, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }
}
