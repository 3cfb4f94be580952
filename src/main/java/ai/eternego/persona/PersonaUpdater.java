package ai.eternego.persona;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.agent.AgentSupervisor;
import ai.eternego.core.Blocking;
import ai.eternego.core.PersonaId;
import ai.eternego.core.Refusal;
import ai.eternego.organ.OrganPreparer;
import ai.eternego.organ.Preparation;
import ai.eternego.organ.ProgressSink;
import ai.eternego.record.ChannelRecord;
import ai.eternego.record.Organ;
import ai.eternego.record.OrganRecord;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.PersonaLocks;
import ai.eternego.store.RecordStore;
import io.smallrye.mutiny.Uni;

import org.jboss.logging.Logger;

/**
 * Changes her name, status, organs and channels. Every declared organ and channel is prepared as at create,
 * concurrently; nothing changes unless all of them prepare. The record is saved atomically under her
 * lock; her agent restarts when her organs or channels changed while she runs, {@code hibernate} stops
 * her and {@code active} starts her.
 */
@ApplicationScoped
public class PersonaUpdater {

    private static final Logger LOG = Logger.getLogger(PersonaUpdater.class);

    private final RecordStore records;
    private final PersonaLocks locks;
    private final OrganPreparer preparer;
    private final AgentSupervisor supervisor;
    private final PersonaQueries queries;

    public PersonaUpdater(RecordStore records, PersonaLocks locks, OrganPreparer preparer, AgentSupervisor supervisor,
            PersonaQueries queries) {
        this.records = records;
        this.locks = locks;
        this.preparer = preparer;
        this.supervisor = supervisor;
        this.queries = queries;
    }

    public Uni<Done> update(String id, Change change) {
        PersonaId.require(id);
        return Blocking.run(() -> {
            records.require(id);
            ChannelOwners.requireFree(records, id, change.channels());
            locks.claim(id, "She is being changed by another request; try again in a moment.");
            return id;
        }).chain(claimed -> preparer.prepareForUpdate(id, change.organs(), change.channels(), ProgressSink.NONE)
                .chain(prepared -> Blocking.run(() -> save(id, change, prepared)))
                .call(this::forgetOldMind)
                .chain(saved -> settleAgent(id, change, saved))
                .eventually(() -> locks.release(id)))
                .invoke(() -> LOG.infof("Persona %s was updated", id))
                .chain(() -> queries.view(id)).map(state -> new Done("She is updated.", state));
    }

    /** The record before and after an update. */
    private record Saved(PersonaRecord before, PersonaRecord after) {
    }

    /** Merges the change into her record: what is declared replaces, what is cleared goes, the rest stays. */
    private Saved save(String id, Change change, Preparation prepared) {
        return locks.locked(id, () -> {
            PersonaRecord before = records.require(id);
            Map<Organ, OrganRecord> organs = new EnumMap<>(Organ.class);
            organs.putAll(before.organs());
            change.cleared().forEach(organs::remove);
            organs.putAll(prepared.organs());
            List<ChannelRecord> channels = new ArrayList<>();
            Set<String> replaced = new HashSet<>();
            change.clearedChannels().forEach(t -> replaced.add(t.key()));
            prepared.channels().forEach(c -> replaced.add(c.type()));
            if (before.channels() != null) {
                before.channels().stream().filter(c -> !replaced.contains(c.type())).forEach(channels::add);
            }
            for (ChannelRecord declared : prepared.channels()) {
                // the same bot given again stays paired to its chat
                channels.add(before.channels() == null ? declared : before.channels().stream()
                        .filter(c -> c.type().equals(declared.type()) && c.credentials() != null
                                && declared.credentials().token().equals(c.credentials().token()))
                        .findFirst().orElse(declared));
            }
            String baseModel = prepared.organs().containsKey(Organ.THINKING) ? prepared.baseModel() : before.baseModel();
            String status = change.status() == null ? before.status() : change.status();
            String name = change.name() == null ? before.name() : change.name();
            PersonaRecord after = PersonaRecord.of(id, name, organs, before.version(), baseModel,
                    before.birthday(), status, before.idleTimeout(), channels);
            if (!after.equals(before)) {
                records.save(after);
            }
            return new Saved(before, after);
        });
    }

    /** A local Mind she no longer uses (now a cloud one, or registered in another Ollama) is forgotten. */
    private Uni<Void> forgetOldMind(Saved saved) {
        OrganRecord old = saved.before().thinking();
        OrganRecord now = saved.after().thinking();
        if (old == null || !old.isLocal() || old.url() == null
                || (now != null && now.isLocal() && old.url().equals(now.url()))) {
            return Uni.createFrom().voidItem();
        }
        return preparer.forgetMind(saved.after().id(), old.url()).onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> settleAgent(String id, Change change, Saved saved) {
        String status = saved.after().status();
        if ("hibernate".equals(status)) {
            supervisor.stop(id);
            return Uni.createFrom().voidItem();
        }
        boolean running = supervisor.isRunning(id);
        boolean restart = running && change.partsChange();
        boolean start = !running && "active".equals(change.status());
        if (!restart && !start) {
            return Uni.createFrom().voidItem();
        }
        if (restart) {
            supervisor.stop(id);
        }
        return supervisor.start(id).onFailure().transform(f -> f instanceof Refusal r ? r
                : Refusal.failedToStart("She was updated but failed to start: " + AgentSupervisor.reason(f)));
    }
}
