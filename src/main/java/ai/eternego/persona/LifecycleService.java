package ai.eternego.persona;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.agent.AgentSupervisor;
import ai.eternego.agent.Beat;
import ai.eternego.api.ApiException;
import ai.eternego.config.EternegoConfig;
import ai.eternego.organ.OrganPreparer;
import ai.eternego.store.PersonaStore;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** After she exists: read her, start and stop her, let her sleep, delete her. */
@ApplicationScoped
public class LifecycleService {

    private static final int RECENT_BEATS = 20;

    private final PersonaStore store;
    private final AgentSupervisor supervisor;
    private final DiaryKeeper diaries;
    private final OrganPreparer preparer;
    private final EternegoConfig config;
    private final ObjectMapper json;

    public LifecycleService(PersonaStore store, AgentSupervisor supervisor, DiaryKeeper diaries,
            OrganPreparer preparer, EternegoConfig config, ObjectMapper json) {
        this.store = store;
        this.supervisor = supervisor;
        this.diaries = diaries;
        this.preparer = preparer;
        this.config = config;
        this.json = json;
    }

    public Uni<List<PersonaView>> list() {
        return Blocking.run(() -> store.list().stream().map(r -> PersonaView.of(r, supervisor.isRunning(r.id())))
                .toList());
    }

    public Uni<PersonaView> view(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> PersonaView.of(store.require(id), supervisor.isRunning(id)));
    }

    public Uni<Diagnosis> diagnose(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> {
            PersonaRecord record = store.require(id);
            List<Beat> beats = new ArrayList<>();
            for (String line : store.recentHealth(id, RECENT_BEATS)) {
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
            return new Diagnosis(id, record.status(), supervisor.isRunning(id), beats,
                    lastDiary == null ? null : lastDiary.toString());
        });
    }

    /** Starts her; a running persona is left running and the answer says so. */
    public Uni<Changed> start(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> store.require(id)).chain(record -> {
            if (supervisor.isRunning(id)) {
                return view(id).map(v -> new Changed("She is already running.", v));
            }
            return markStatus(id, "active")
                    .chain(() -> supervisor.start(id))
                    .onFailure().transform(f -> f instanceof ApiException a ? a
                            : new ApiException(500, "She could not start: " + AgentSupervisor.reason(f)))
                    .chain(() -> view(id)).map(v -> new Changed("She is running.", v));
        });
    }

    /** Stops her; stopping a persona who is not running is a 409. */
    public Uni<Changed> stop(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> store.require(id)).chain(record -> {
            if (!supervisor.stop(id)) {
                throw ApiException.conflict("She is not running; start her first.");
            }
            return view(id).map(v -> new Changed("She is stopped.", v));
        });
    }

    public Uni<Changed> restart(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> store.require(id)).chain(record -> {
            supervisor.stop(id);
            return markStatus(id, "active").chain(() -> supervisor.start(id))
                    .onFailure().transform(f -> f instanceof ApiException a ? a
                            : new ApiException(500, "She could not restart: " + AgentSupervisor.reason(f)))
                    .chain(() -> view(id)).map(v -> new Changed("She restarted.", v));
        });
    }

    /** She writes her diary now. */
    public Uni<Slept> sleep(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> {
            store.require(id);
            Path diary = diaries.writeNewest(id);
            return new Slept("She slept: her diary is written.", diary.getFileName().toString(),
                    Instant.now().toString());
        });
    }

    /** Writes her diary now and hands back its path, for export. */
    public Uni<Path> freshDiary(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> {
            store.require(id);
            return diaries.writeNewest(id);
        });
    }

    /**
     * Deletes her: she stops, her home, workspace, key and registered Ollama model go; her newest diary
     * is kept as {@code archive/<id>.diary} unless {@code purge}.
     */
    public Uni<Deleted> delete(String id, boolean purge) {
        PersonaId.require(id);
        return Blocking.run(() -> {
            PersonaRecord record = store.require(id);
            store.claim(id, "She is being changed by another request; try again in a moment.");
            return record;
        }).chain(record -> Blocking.run(() -> {
            try {
                supervisor.stop(id);
                return store.retire(id, !purge);
            } finally {
                store.release(id);
            }
        }).call(archived -> forgetMind(record))
                .map(archived -> new Deleted("She is deleted.",
                        archived.map(p -> store.root().relativize(p).toString()).orElse(null))));
    }

    private Uni<Void> forgetMind(PersonaRecord record) {
        OrganRecord mind = record.thinking();
        if (mind == null || !mind.isLocal() || mind.url() == null) {
            return Uni.createFrom().voidItem();
        }
        return preparer.forgetMind(record.id(), mind.url()).onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> markStatus(String id, String status) {
        return Blocking.run(() -> store.locked(id, () -> {
            PersonaRecord record = store.require(id);
            if (!status.equals(record.status())) {
                store.saveRecord(record.withStatus(status));
            }
            return null;
        }));
    }

    /** The default base URL of each provider and channel. */
    public Map<String, String> providers() {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("local", config.providers().ollama().url());
        urls.put("anthropic", config.providers().anthropic().url());
        urls.put("openai", config.providers().openai().url());
        urls.put("xai", config.providers().xai().url());
        urls.put("gemini", config.providers().gemini().url());
        return urls;
    }

    @RegisterForReflection
    public record Changed(@JsonProperty("detail") String detail, @JsonProperty("persona") PersonaView persona) {
    }

    @RegisterForReflection
    public record Slept(@JsonProperty("detail") String detail, @JsonProperty("diary") String diary,
            @JsonProperty("written_at") String writtenAt) {
    }

    @RegisterForReflection
    public record Deleted(@JsonProperty("detail") String detail, @JsonProperty("kept_diary") String keptDiary) {
    }

    @RegisterForReflection
    public record Diagnosis(@JsonProperty("id") String id, @JsonProperty("status") String status,
            @JsonProperty("running") boolean running, @JsonProperty("heartbeats") List<Beat> heartbeats,
            @JsonProperty("last_diary") String lastDiary) {
    }
}
