package ai.eternego.persona;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Set;
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
import ai.eternego.api.PersonaUpdateRequest;
import ai.eternego.channel.ChannelSpec;
import ai.eternego.channel.ChannelType;
import ai.eternego.organ.Organ;
import ai.eternego.organ.OrganPreparer;
import ai.eternego.organ.OrganSpec;
import ai.eternego.organ.Preparation;
import ai.eternego.organ.ProgressSink;
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

    /** Stops her; stopping a persona who is not running is a 409 and changes nothing. */
    public Uni<Changed> stop(String id) {
        PersonaId.require(id);
        return Blocking.run(() -> store.require(id)).chain(record -> {
            // A sick persona is not running: her recovery is left alone (hibernate stops that).
            if (!supervisor.isRunning(id) || !supervisor.stop(id)) {
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

    /**
     * Changes her name, status, organs and channels. Every declared organ and channel is prepared as at
     * create, concurrently; nothing changes unless all of them prepare. The record is saved atomically
     * under her lock; her agent restarts when her organs or channels changed while she runs,
     * {@code hibernate} stops her and {@code active} starts her.
     */
    public Uni<Changed> update(String id, PersonaUpdateRequest request) {
        PersonaId.require(id);
        Change change = Change.of(request);
        return Blocking.run(() -> {
            store.require(id);
            store.claim(id, "She is being changed by another request; try again in a moment.");
            return id;
        }).chain(claimed -> preparer.prepareForUpdate(id, change.organs(), change.channels(), ProgressSink.NONE)
                .chain(prepared -> Blocking.run(() -> save(id, change, prepared)))
                .call(saved -> forgetOldMind(saved))
                .chain(saved -> settleAgent(id, change, saved))
                .eventually(() -> store.release(id)))
                .chain(() -> view(id)).map(v -> new Changed("She is updated.", v));
    }

    /** What an update asks for, checked before anything is prepared or written. */
    record Change(String name, String status, List<OrganSpec> organs, List<Organ> cleared, List<ChannelSpec> channels,
            List<ChannelType> clearedChannels) {

        static Change of(PersonaUpdateRequest request) {
            if (request == null) {
                throw ApiException.unprocessable("The request body is required: a JSON object.");
            }
            if (!request.unknownFields().isEmpty()) {
                throw ApiException.unprocessable("The request is not valid: " + String.join(", ",
                        request.unknownFields()) + (request.unknownFields().size() == 1 ? " is not a field" : " are not fields")
                        + " of an update (name, status, an organ object such as thinking, clear_<organ>, telegram_token, "
                        + "discord_token, clear_telegram, clear_discord).");
            }
            if ("sick".equals(request.status)) {
                throw ApiException.badRequest("Only her supervisor marks her sick; a person may set her status to "
                        + "active or hibernate.");
            }
            List<OrganSpec> organs = request.organs();
            List<Organ> cleared = request.cleared();
            for (Organ organ : cleared) {
                if (organs.stream().anyMatch(o -> o.organ() == organ)) {
                    throw ApiException.badRequest(organ.key() + ": declare it or clear it, not both.");
                }
            }
            List<ChannelSpec> channels = request.channels();
            List<ChannelType> clearedChannels = request.clearedChannels();
            for (ChannelType type : clearedChannels) {
                if (channels.stream().anyMatch(c -> c.type() == type)) {
                    throw ApiException.badRequest(type.key() + ": give a token or clear it, not both.");
                }
            }
            if (request.name == null && request.status == null && organs.isEmpty() && cleared.isEmpty() && channels.isEmpty()
                    && clearedChannels.isEmpty()) {
                throw ApiException.badRequest("Nothing to update: send name, status, an organ, a clear_<organ> flag or a "
                        + "channel token.");
            }
            return new Change(request.name, request.status, organs, cleared, channels, clearedChannels);
        }

        boolean partsChange() {
            return !organs.isEmpty() || !cleared.isEmpty() || !channels.isEmpty() || !clearedChannels.isEmpty();
        }
    }

    /** The record before and after an update. */
    record Saved(PersonaRecord before, PersonaRecord after) {
    }

    private Saved save(String id, Change change, Preparation prepared) {
        return store.locked(id, () -> {
            PersonaRecord before = store.require(id);
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
            channels.addAll(prepared.channels());
            String baseModel = prepared.organs().containsKey(Organ.THINKING) ? prepared.baseModel() : before.baseModel();
            String status = change.status() == null ? before.status() : change.status();
            String name = change.name() == null ? before.name() : change.name();
            PersonaRecord after = PersonaRecord.of(id, name, organs, before.version(), baseModel,
                    before.birthday(), status, before.idleTimeout(), channels);
            if (!after.equals(before)) {
                store.saveRecord(after);
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
        return supervisor.start(id).onFailure().transform(f -> f instanceof ApiException a ? a
                : new ApiException(500, "She was updated but failed to start: " + AgentSupervisor.reason(f)));
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
