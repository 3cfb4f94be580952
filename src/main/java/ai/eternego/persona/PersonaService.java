package ai.eternego.persona;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.eternego.agent.AgentSupervisor;
import ai.eternego.config.EternegoConfig;
import ai.eternego.core.Blocking;
import ai.eternego.core.Refusal;
import ai.eternego.diary.Bip39;
import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.DiaryReader;
import ai.eternego.metrics.Meters;
import ai.eternego.organ.OrganPreparer;
import ai.eternego.organ.Preparation;
import ai.eternego.organ.Progress;
import ai.eternego.organ.ProgressSink;
import ai.eternego.record.Organ;
import ai.eternego.record.OrganRecord;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.AtomicFiles;
import ai.eternego.store.DiaryKeeper;
import ai.eternego.store.Disk;
import ai.eternego.store.HomeLayout;
import ai.eternego.store.PersonaLocks;
import ai.eternego.store.RecordStore;
import ai.eternego.store.Staging;
import io.smallrye.mutiny.Uni;

/**
 * Brings personas into being. Each operation reads top to bottom: prepare every organ and channel
 * concurrently, persist her whole (staged, then moved into place), then start her agent.
 */
@ApplicationScoped
public class PersonaService {

    private static final Logger LOG = Logger.getLogger(PersonaService.class);

    /** The folders of a new home, as upstream Eternego lays them out. */
    static final List<String> HOME_FOLDERS = List.of("history", "destiny", "meanings", "lessons", "training",
            "media");
    static final String DEFAULT_ROUTINES = "{\"routines\":[{\"spec\":\"sleep\",\"time\":\"00:00\",\"recurrence\":\"daily\"}]}\n";

    private final OrganPreparer preparer;
    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final RecordStore records;
    private final DiaryKeeper diaries;
    private final AgentSupervisor supervisor;
    private final DiaryReader.Limits limits;
    private final Meters meters;

    public PersonaService(OrganPreparer preparer, HomeLayout layout, PersonaLocks locks, RecordStore records,
            DiaryKeeper diaries, AgentSupervisor supervisor, Meters meters, EternegoConfig config) {
        this.meters = meters;
        this.preparer = preparer;
        this.layout = layout;
        this.locks = locks;
        this.records = records;
        this.diaries = diaries;
        this.supervisor = supervisor;
        this.limits = DiaryReader.Limits.of(config.diary());
    }

    /** Create: prepare → persist → start. A start failure is refused as such, and she stays. */
    public Uni<Born> create(NewPersona persona, ProgressSink progress) {
        String id = UUID.randomUUID().toString();
        return Blocking.run(() -> {
            ChannelOwners.requireFree(records, id, persona.channels());
            return id;
        }).chain(free -> preparer.prepareAll(id, persona.organs(), persona.channels(), progress))
                .chain(prepared -> Blocking.run(() -> persistNew(id, persona.name(), prepared, progress))
                        .onFailure().call(() -> undoMind(id, prepared)))
                .call(born -> supervisor.start(id).onFailure().transform(failure -> new BornButNotStarted(
                        "The persona was created but failed to start: " + AgentSupervisor.reason(failure), born)))
                .invoke(born -> LOG.infof("Persona %s was born", id))
                .invoke(born -> meters.birth("create", "ok"))
                .onFailure().invoke(failure -> meters.birth("create", Meters.outcome(failure)));
    }

    private Born persistNew(String id, String name, Preparation prepared, ProgressSink progress) {
        progress.emit(Progress.of("persona", "saving"));
        String phrase = Bip39.generate();
        DiaryKey key = DiaryKey.derive(phrase, id);
        PersonaRecord record = PersonaRecord.of(id, name, prepared.organs(), PersonaRecord.VERSION,
                prepared.baseModel(), LocalDate.now().toString(), "active", PersonaRecord.DEFAULT_IDLE_TIMEOUT,
                prepared.channels());
        try (Staging staging = Staging.open(layout, locks, id)) {
            for (String folder : HOME_FOLDERS) {
                AtomicFiles.createDirectories(staging.home().resolve(folder));
            }
            AtomicFiles.write(staging.home().resolve(HomeLayout.ROUTINES),
                    DEFAULT_ROUTINES.getBytes(StandardCharsets.UTF_8));
            settle(staging, record, key);
        } catch (IOException e) {
            throw Disk.failure("save her", e);
        }
        progress.emit(Progress.of("persona", "saved"));
        return new Born(record, phrase);
    }

    /**
     * Writes her record, her sealed key and her first diary into the staging area, then moves it
     * into place. Shared by create and migrate.
     */
    void settle(Staging staging, PersonaRecord record, DiaryKey key) throws IOException {
        AtomicFiles.createDirectories(staging.workspace());
        AtomicFiles.write(staging.home().resolve(HomeLayout.CONFIG), records.toJson(record));
        diaries.seal(staging, key);
        diaries.write(staging.home(), staging.diaryFile(), key);
        staging.commit();
    }

    /**
     * Migrate, cheapest refusal first and nothing written until everything is known to be good: the
     * file name, the phrase's words, the whole diary's HMAC, the id being free, her organs and
     * channels prepared, her home unpacked into staging and checked, then moved into place.
     */
    public Uni<PersonaRecord> migrate(Migration migration, ProgressSink progress) {
        String id = DiaryName.personaId(migration.fileName());
        Path upload = migration.diary();
        Bip39.requireCount(migration.phrase());
        return Blocking.run(() -> {
            progress.emit(Progress.of("diary", "opening"));
            DiaryKey key = openingKey(upload, migration.phrase(), id);
            if (records.exists(id)) {
                throw Refusal.conflict("A persona with id " + id + " already lives here; delete her first or keep her.");
            }
            ChannelOwners.requireFree(records, id, migration.channels());
            locks.claim(id, "This persona is already being migrated; wait for that request to finish.");
            return key;
        }).chain(key -> preparer.prepareAll(id, migration.organs(), migration.channels(), progress)
                .chain(prepared -> Blocking.run(() -> restore(id, upload, key, prepared, progress))
                        .onFailure().call(() -> undoMind(id, prepared)))
                .eventually(() -> locks.release(id)))
                .call(record -> "hibernate".equals(record.status()) ? Uni.createFrom().voidItem()
                        : supervisor.start(id).onFailure().transform(failure -> Refusal.failedToStart(
                                "The persona was migrated but failed to start: " + AgentSupervisor.reason(failure))))
                .invoke(record -> LOG.infof("Persona %s migrated here", id))
                .invoke(record -> meters.birth("migrate", "ok"))
                .onFailure().invoke(failure -> meters.birth("migrate", Meters.outcome(failure)));
    }

    /** Her key if the phrase, as given or normalised (lower case, single spaces), opens the whole diary; else a refusal. */
    private DiaryKey openingKey(Path diary, String phrase, String id) {
        try {
            DiaryKey key = DiaryKey.derive(phrase, id);
            if (DiaryReader.verify(diary, key)) {
                return key;
            }
            String normalised = Bip39.normalize(phrase);
            if (!normalised.equals(phrase)) {
                key = DiaryKey.derive(normalised, id);
                if (DiaryReader.verify(diary, key)) {
                    return key;
                }
            }
        } catch (IOException e) {
            throw Disk.failure("read the uploaded diary", e);
        }
        // Upstream phrases were picked from word lists that are not always the BIP-39 one, so a word
        // outside the list is only pointed out once the phrase has failed to open the diary.
        Bip39.requireWords(phrase);
        throw Refusal.invalid(DiaryReader.DOES_NOT_OPEN);
    }

    private PersonaRecord restore(String id, Path diary, DiaryKey key, Preparation prepared, ProgressSink progress) {
        progress.emit(Progress.of("diary", "unpacking"));
        try (Staging staging = Staging.open(layout, locks, id)) {
            AtomicFiles.createDirectories(staging.home());
            DiaryReader.extractVerified(diary, key, staging.home(), limits);
            Memories old = Memories.read(staging.home().resolve(HomeLayout.CONFIG), id);
            PersonaRecord record = PersonaRecord.of(id, old.name(), prepared.organs(), old.version(),
                    prepared.baseModel(), old.birthday(), old.status(), old.idleTimeout(), prepared.channels());
            if (!Files.isRegularFile(staging.home().resolve(HomeLayout.ROUTINES))) {
                AtomicFiles.write(staging.home().resolve(HomeLayout.ROUTINES),
                        DEFAULT_ROUTINES.getBytes(StandardCharsets.UTF_8));
            }
            progress.emit(Progress.of("persona", "saving"));
            settle(staging, record, key);
            progress.emit(Progress.of("persona", "saved"));
            return record;
        } catch (IOException e) {
            throw Disk.failure("restore her", e);
        }
    }

    private Uni<Void> undoMind(String id, Preparation prepared) {
        OrganRecord mind = prepared.organs().get(Organ.THINKING);
        if (mind == null || !mind.isLocal()) {
            return Uni.createFrom().voidItem();
        }
        return preparer.forgetMind(id, mind.url()).onFailure().recoverWithNull().replaceWithVoid();
    }
}
