package ai.eternego.agent;

import java.time.Duration;
import java.util.List;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import ai.eternego.config.EternegoConfig;
import ai.eternego.core.Blocking;
import ai.eternego.core.Refusal;
import ai.eternego.metrics.Meters;
import ai.eternego.organ.OrganPreparer;
import ai.eternego.provider.OrganFault;
import ai.eternego.record.OrganRecord;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.ConversationLog;
import ai.eternego.store.DiaryKeeper;
import ai.eternego.store.HealthLog;
import ai.eternego.store.HomeLayout;
import ai.eternego.store.HomeRecovery;
import ai.eternego.store.PersonaLocks;
import ai.eternego.store.RecordStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Keeps one agent per running persona. Personas whose status is {@code active} start with the
 * service, a bounded number at a time; each running agent beats on its own timer; a sick persona is
 * retried with capped exponential backoff; stopping the service stops every agent.
 */
@ApplicationScoped
public class AgentSupervisor {

    private static final Logger LOG = Logger.getLogger(AgentSupervisor.class);

    private final RecordStore records;
    private final PersonaLocks locks;
    private final HealthLog health;
    private final HomeLayout layout;
    private final HomeRecovery recovery;
    private final DiaryKeeper diaries;
    private final ConversationLog conversations;
    private final Meters meters;
    private final OrganPreparer preparer;
    private final EternegoConfig config;
    private final Vertx vertx;
    private final TimeSource clock;
    private final Instance<LifeFollower> followers;
    private final Instance<DayFollower> days;
    private final Map<String, Agent> agents = new ConcurrentHashMap<>();
    private final Map<String, Long> recoveries = new ConcurrentHashMap<>();
    private final Map<String, String> sickness = new ConcurrentHashMap<>();
    private final Map<String, String> failedRecoveries = new ConcurrentHashMap<>();
    private final Map<String, Instant> nextRecovery = new ConcurrentHashMap<>();

    public AgentSupervisor(RecordStore records, PersonaLocks locks, HealthLog health, HomeLayout layout,
            HomeRecovery recovery, DiaryKeeper diaries, ConversationLog conversations, Meters meters,
            OrganPreparer preparer, EternegoConfig config, Vertx vertx, TimeSource clock,
            Instance<LifeFollower> followers, Instance<DayFollower> days) {
        this.followers = followers;
        this.days = days;
        this.conversations = conversations;
        this.meters = meters;
        this.records = records;
        this.locks = locks;
        this.health = health;
        this.layout = layout;
        this.recovery = recovery;
        this.diaries = diaries;
        this.preparer = preparer;
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
    }

    void boot(@Observes StartupEvent event) {
        recovery.recover();
        List<PersonaRecord> all = records.list();
        List<String> active = all.stream().filter(r -> "active".equals(r.status())).map(PersonaRecord::id).toList();
        // A persona who was sick when the service stopped is retried as if she had just fallen sick.
        all.stream().filter(r -> "sick".equals(r.status())).forEach(r -> {
            sickness.put(r.id(), "she was sick when the service stopped");
            scheduleRecovery(r.id(), config.agent().heartbeat());
        });
        Multi.createFrom().iterable(active)
                .onItem().transformToUni(id -> start(id).onFailure().invoke(failure -> LOG.warnf(
                        "Persona %s could not start: %s", id, reason(failure))).onFailure().recoverWithNull())
                .merge(Math.max(1, config.agent().bootConcurrency()))
                .collect().asList()
                .subscribe().with(done -> LOG.infof("Started %d of %d active personas", agents.size(), active.size()));
    }

    void shutdown(@Observes ShutdownEvent event) {
        recoveries.values().forEach(vertx::cancelTimer);
        recoveries.clear();
        agents.keySet().forEach(this::halt);
    }

    /** Starts her agent; a running persona is left as she is. */
    public Uni<Void> start(String id) {
        return Blocking.run(() -> {
            cancelRecovery(id);
            sickness.remove(id);
            failedRecoveries.remove(id);
            if (agents.containsKey(id)) {
                return null;
            }
            PersonaRecord record = records.require(id);
            try {
                diaries.key(id);
            } catch (Exception e) {
                throw new IllegalStateException("her diary key cannot be opened on this machine", e);
            }
            Agent agent = new Agent(record, this, clock);
            if (agents.putIfAbsent(id, agent) == null) {
                agent.begin(vertx, config.agent().heartbeat());
                tell(follower -> follower.started(record));
            }
            return null;
        });
    }

    /** Stops her agent; {@code false} when she was not running. */
    public boolean stop(String id) {
        cancelRecovery(id);
        // a sick persona stopped for good (hibernated, deleted) is no longer waiting to recover
        sickness.remove(id);
        failedRecoveries.remove(id);
        return halt(id);
    }

    public boolean isRunning(String id) {
        return agents.containsKey(id);
    }

    public Agent agent(String id) {
        return agents.get(id);
    }

    private boolean halt(String id) {
        Agent agent = agents.remove(id);
        if (agent == null) {
            return false;
        }
        agent.end(vertx);
        tell(follower -> follower.stopped(id, null));
        return true;
    }

    private void tell(Consumer<LifeFollower> news) {
        for (LifeFollower follower : followers) {
            try {
                news.accept(follower);
            } catch (RuntimeException e) {
                LOG.warnf("A follower of her life failed: %s", reason(e));
            }
        }
    }

    /** Tells her {@link DayFollower}s of a heartbeat; blocking. */
    void beat(String id, ZonedDateTime now) {
        tellDay(day -> day.beat(id, now));
    }

    private void tellDay(Consumer<DayFollower> news) {
        for (DayFollower day : days) {
            try {
                news.accept(day);
            } catch (RuntimeException e) {
                LOG.warnf("A follower of her days failed: %s", reason(e));
            }
        }
    }

    OrganPreparer preparer() {
        return preparer;
    }

    Meters meters() {
        return meters;
    }

    HealthLog health() {
        return health;
    }

    HomeLayout layout() {
        return layout;
    }

    DiaryKeeper diaries() {
        return diaries;
    }

    /**
     * She sleeps now: her {@link DayFollower}s are told first (she reflects on her day), then the day's
     * conversation moves to her history (dated by her clock) and her diary is written, holding it. Her lock is held throughout, so a message she hears meanwhile waits and is
     * answered after. Returns her newest diary. Blocking.
     */
    public Path sleep(String id) {
        ZonedDateTime at = clock.local();
        tellDay(day -> day.beforeSleep(id, at));
        return locks.locked(id, () -> {
            conversations.keepDay(id, clock.local());
            return diaries.writeNewest(id);
        });
    }

    int sickAfter() {
        return Math.max(1, config.agent().sickAfter());
    }

    /** Called by an agent whose Mind failed too often: she is marked sick, stopped and retried later. */
    void fallSick(Agent agent, String why) {
        String id = agent.id();
        // Only this agent: a person may have restarted her meanwhile, and the new agent is not sick.
        if (!agents.remove(id, agent)) {
            return;
        }
        agent.end(vertx);
        sickness.put(id, why);
        tell(follower -> follower.stopped(id, why));
        LOG.warnf("Persona %s is sick: %s", id, why);
        Blocking.run(() -> {
            locks.locked(id, () -> {
                // A persona hibernated or deleted meanwhile stays as the person left her.
                records.read(id).filter(r -> "active".equals(r.status()))
                        .ifPresent(r -> records.save(r.withStatus("sick")));
                return null;
            });
            return null;
        }).subscribe().with(done -> scheduleRecovery(id, config.agent().heartbeat()),
                failure -> LOG.warnf("Persona %s: could not record her sickness", id));
    }

    private void scheduleRecovery(String id, Duration wait) {
        long timer = vertx.setTimer(Math.max(1, wait.toMillis()), t -> tryRecovery(id, wait));
        recoveries.put(id, timer);
        nextRecovery.put(id, clock.now().plus(wait));
    }

    /** Why she is sick, in words, while she is, and why her last recovery attempt failed, if one did. */
    public Optional<String> sickness(String id) {
        String why = sickness.get(id);
        String failed = failedRecoveries.get(id);
        return why == null ? Optional.empty()
                : Optional.of(failed == null ? why : why + "; her last recovery attempt failed: " + failed);
    }

    /** When her next recovery attempt is (or was, while it runs), until she recovers or is stopped. */
    public Optional<Instant> nextRecovery(String id) {
        return Optional.ofNullable(nextRecovery.get(id));
    }

    private void tryRecovery(String id, Duration lastWait) {
        recoveries.remove(id);
        Blocking.run(() -> records.read(id).orElse(null))
                .chain(record -> {
                    if (record == null || !"sick".equals(record.status())) {
                        return Uni.createFrom().item(false);
                    }
                    return mindBack(record).replaceWith(true)
                            .call(() -> Blocking.run(() -> locks.locked(id, () -> {
                                records.read(id).ifPresent(r -> records.save(r.withStatus("active")));
                                return null;
                            })))
                            .call(() -> start(id));
                })
                .subscribe().with(recovered -> {
                    if (recovered) {
                        nextRecovery.remove(id);
                        sickness.remove(id);
                        failedRecoveries.remove(id);
                        LOG.infof("Persona %s recovered", id);
                    }
                }, failure -> {
                    failedRecoveries.put(id, reason(failure));
                    Duration next = lastWait.multipliedBy(2);
                    if (next.compareTo(config.agent().maxBackoff()) > 0) {
                        next = config.agent().maxBackoff();
                    }
                    scheduleRecovery(id, next);
                });
    }

    /**
     * Her Mind answers again. A local Mind whose registered model vanished from Ollama is registered
     * again from her base model (pulled when Ollama lacks it too), instead of failing forever.
     */
    private Uni<Void> mindBack(PersonaRecord record) {
        OrganRecord mind = record.thinking();
        Uni<Void> check = preparer.check(mind);
        if (!mind.isLocal() || record.baseModel() == null || record.baseModel().isBlank()) {
            return check;
        }
        return check.onFailure(t -> t instanceof OrganFault fault && fault.kind() == OrganFault.Kind.NO_MODEL)
                .recoverWithUni(() -> {
                    LOG.infof("Persona %s: her Mind is gone from Ollama; registering it again from %s", record.id(),
                            record.baseModel());
                    return preparer.restoreMind(record.id(), mind.url(), record.baseModel())
                            .chain(() -> preparer.check(mind));
                });
    }

    private void cancelRecovery(String id) {
        nextRecovery.remove(id);
        Long timer = recoveries.remove(id);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    /** A failure told in words, without the class names of libraries or secrets. */
    public static String reason(Throwable failure) {
        if (failure instanceof Refusal refusal) {
            return refusal.sentence();
        }
        if (failure instanceof OrganFault fault) {
            return fault.reason();
        }
        if (failure instanceof IllegalStateException && failure.getMessage() != null) {
            return failure.getMessage();
        }
        return "an unexpected " + failure.getClass().getSimpleName();
    }
}
