package ai.eternego.persona;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import ai.eternego.agent.AgentSupervisor;
import ai.eternego.core.Blocking;
import ai.eternego.core.PersonaId;
import ai.eternego.core.Refusal;
import ai.eternego.organ.OrganPreparer;
import ai.eternego.record.OrganRecord;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.DiaryKeeper;
import ai.eternego.store.HomeLayout;
import ai.eternego.store.PersonaLocks;
import ai.eternego.store.RecordStore;
import ai.eternego.store.Retirement;
import io.smallrye.mutiny.Uni;

import org.jboss.logging.Logger;

/** What a person does to her after she exists: start, stop, restart, let her sleep, export, delete. */
@ApplicationScoped
public class PersonaCommands {

    private static final Logger LOG = Logger.getLogger(PersonaCommands.class);

    private final RecordStore records;
    private final PersonaLocks locks;
    private final HomeLayout layout;
    private final Retirement retirement;
    private final DiaryKeeper diaries;
    private final AgentSupervisor supervisor;
    private final OrganPreparer preparer;
    private final PersonaQueries queries;
    private final Event<Departed> departures;

    public PersonaCommands(RecordStore records, PersonaLocks locks, HomeLayout layout, Retirement retirement,
            DiaryKeeper diaries, AgentSupervisor supervisor, OrganPreparer preparer, PersonaQueries queries,
            Event<Departed> departures) {
        this.departures = departures;
        this.records = records;
        this.locks = locks;
        this.layout = layout;
        this.retirement = retirement;
        this.diaries = diaries;
        this.supervisor = supervisor;
        this.preparer = preparer;
        this.queries = queries;
    }

    /** Starts her; a running persona is left running and the answer says so. */
    public Uni<Done> start(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> records.require(id)).chain(record -> {
            if (supervisor.isRunning(id)) {
                return done(id, "She is already running.");
            }
            return activate(id, "start", "started", "She is running.");
        });
    }

    /** Stops her; stopping a persona who is not running is a conflict and changes nothing. */
    public Uni<Done> stop(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> records.require(id)).chain(record -> {
            // A sick persona is not running: her recovery is left alone (hibernate stops that).
            if (!supervisor.isRunning(id) || !supervisor.stop(id)) {
                throw Refusal.conflict("She is not running; start her first.");
            }
            LOG.infof("Persona %s was stopped", id);
            return done(id, "She is stopped.");
        });
    }

    public Uni<Done> restart(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> records.require(id)).chain(record -> {
            supervisor.stop(id);
            return activate(id, "restart", "restarted", "She restarted.");
        });
    }

    /** Marks her active and starts her agent; a start that fails is refused in words. */
    private Uni<Done> activate(String id, String verb, String done, String sentence) {
        return markStatus(id, "active")
                .chain(() -> supervisor.start(id))
                .onFailure().transform(f -> f instanceof Refusal r ? r
                        : Refusal.failedToStart("She could not " + verb + ": " + AgentSupervisor.reason(f)))
                .invoke(() -> LOG.infof("Persona %s was %s", id, done))
                .chain(() -> done(id, sentence));
    }

    /** She sleeps now, as at night: her day's conversation goes to her history, then she writes her diary. */
    public Uni<Slept> sleep(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> {
            records.require(id);
            Path diary = supervisor.sleep(id);
            LOG.infof("Persona %s slept: her day is in her history and her diary is written", id);
            return new Slept("She slept: her diary is written.", diary.getFileName().toString(), Instant.now());
        });
    }

    /**
     * A diary of her as she is now, written aside for export: her kept diaries are not touched, so
     * exporting any number of times loses no older generation. The caller removes the file once sent.
     */
    public Uni<Path> exportDiary(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> {
            records.require(id);
            Path diary = diaries.writeAside(id);
            LOG.infof("Persona %s exported her diary", id);
            return diary;
        });
    }

    /**
     * Deletes her: unless {@code purge}, she first writes a diary of her state at this moment, kept as
     * {@code archive/<id>.diary} (so nothing since her last night is lost); then she stops, and her
     * home, workspace, key and registered Ollama model go, and her inbox and followers are forgotten (their
     * streams end). A purge leaves nothing of her.
     */
    public Uni<Deleted> delete(String id, boolean purge) {
        PersonaId.require(id);
        return Blocking.run(() -> {
            PersonaRecord record = records.require(id);
            locks.claim(id, "She is being changed by another request; try again in a moment.");
            return record;
        }).chain(record -> Blocking.run(() -> {
            try {
                if (!purge) {
                    diaries.writeNewest(id);
                }
                supervisor.stop(id);
                departures.fire(new Departed(id));
                return retirement.retire(id, purge ? null : record.name());
            } finally {
                locks.release(id);
            }
        }).call(archived -> forgetMind(record))
                .invoke(archived -> LOG.infof("Persona %s was deleted%s", id, purge ? " and purged" : ""))
                .map(archived -> new Deleted("She is deleted.",
                        archived.map(p -> layout.root().relativize(p).toString()).orElse(null))));
    }

    private Uni<Void> forgetMind(PersonaRecord record) {
        OrganRecord mind = record.thinking();
        if (mind == null || !mind.isLocal() || mind.url() == null) {
            return Uni.createFrom().voidItem();
        }
        return preparer.forgetMind(record.id(), mind.url()).onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> markStatus(String id, String status) {
        return Blocking.run(() -> locks.locked(id, () -> {
            PersonaRecord record = records.require(id);
            if (!status.equals(record.status())) {
                records.save(record.withStatus(status));
            }
            return null;
        }));
    }

    private Uni<Done> done(String id, String sentence) {
        return queries.view(id).map(state -> new Done(sentence, state));
    }
}
