package ai.eternego.persona;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.agent.AgentSupervisor;
import ai.eternego.agent.Beat;
import ai.eternego.channel.ChannelWatch;
import ai.eternego.core.Blocking;
import ai.eternego.core.PersonaId;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.DiaryKeeper;
import ai.eternego.store.HealthLog;
import ai.eternego.store.RecordStore;
import io.smallrye.mutiny.Uni;

/** What can be asked of personas without changing anything: list them, read one, diagnose one. */
@ApplicationScoped
public class PersonaQueries {

    private static final int RECENT_BEATS = 20;

    private final RecordStore records;
    private final HealthLog health;
    private final DiaryKeeper diaries;
    private final AgentSupervisor supervisor;
    private final ObjectMapper json;
    private final ChannelWatch channels;

    public PersonaQueries(RecordStore records, HealthLog health, DiaryKeeper diaries, AgentSupervisor supervisor,
            ObjectMapper json, ChannelWatch channels) {
        this.channels = channels;
        this.records = records;
        this.health = health;
        this.diaries = diaries;
        this.supervisor = supervisor;
        this.json = json;
    }

    public Uni<List<PersonaState>> list() {
        return Blocking.run(() -> records.list().stream().map(this::state).toList());
    }

    public Uni<PersonaState> view(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> state(records.require(id)));
    }

    /** Her state now; blocking. */
    PersonaState state(PersonaRecord record) {
        return new PersonaState(record, supervisor.isRunning(record.id()), channels.statuses(record));
    }

    public Uni<Diagnosis> diagnose(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> {
            PersonaRecord record = records.require(id);
            List<Beat> beats = new ArrayList<>();
            for (String line : health.recent(id, RECENT_BEATS)) {
                try {
                    beats.add(json.readValue(line, Beat.class));
                } catch (IOException e) {
                    // A line from another implementation's health file: not one of our beats.
                }
            }
            Instant lastDiary;
            try {
                lastDiary = diaries.lastWritten(id);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Diagnosis(id, record.status(), supervisor.isRunning(id), beats, lastDiary,
                    supervisor.sickness(id).orElse(null), supervisor.nextRecovery(id).orElse(null),
                    channels.statuses(record));
        });
    }
}
