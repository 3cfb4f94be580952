package ai.eternego.agent;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import ai.eternego.record.Organ;
import ai.eternego.core.Blocking;
import ai.eternego.record.OrganRecord;
import ai.eternego.record.PersonaRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The running side of one persona. Each beat checks every organ with its cheapest call (the Mind's
 * faults count, the others are recorded), appends the beat to {@code health.jsonl}, and runs the
 * routines that are due.
 */
public final class Agent {

    private static final Logger LOG = Logger.getLogger(Agent.class);

    private final PersonaRecord record;
    private final AgentSupervisor supervisor;
    private final TimeSource clock;
    private volatile long timer = -1;
    private volatile boolean stopped;
    private int mindFaults;
    private boolean faultsWhileTalking;
    private volatile String lastMindFault;
    private boolean beating;

    Agent(PersonaRecord record, AgentSupervisor supervisor, TimeSource clock) {
        this.record = record;
        this.supervisor = supervisor;
        this.clock = clock;
    }

    public String id() {
        return record.id();
    }

    public PersonaRecord record() {
        return record;
    }

    void begin(Vertx vertx, Duration interval) {
        timer = vertx.setPeriodic(Math.max(1, interval.toMillis()), t -> beat());
    }

    void end(Vertx vertx) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One heartbeat, as the timer runs it. */
    void beat() {
        runBeat().subscribe().with(ran -> {
        }, failure -> LOG.warnf("Persona %s: a heartbeat failed: %s", id(), AgentSupervisor.reason(failure)));
    }

    /**
     * One heartbeat; {@code false} when none ran (she is stopped, or a beat still running when the next
     * is due is not doubled). Package-visible so tests can wait for a beat they asked for.
     */
    Uni<Boolean> runBeat() {
        synchronized (this) {
            if (stopped || beating) {
                return Uni.createFrom().item(false);
            }
            beating = true;
        }
        Instant at = clock.now();
        List<Uni<Fault>> checks = new ArrayList<>();
        for (Map.Entry<Organ, OrganRecord> organ : record.organs().entrySet()) {
            checks.add(supervisor.preparer().check(organ.getValue())
                    .replaceWith((Fault) null)
                    .onFailure().recoverWithItem(t -> Fault.of(organ.getKey(), organ.getValue(), t)));
        }
        return Uni.join().all(checks).andFailFast()
                .map(results -> results.stream().filter(f -> f != null).toList())
                .invoke(faults -> faults.forEach(f -> {
                    supervisor.meters().heartbeatFault(f.organ().key(), f.provider());
                    if (f.organ() == Organ.THINKING) {
                        lastMindFault = f.words();
                    }
                }))
                .map(faults -> faults.stream().map(f -> f.organ().key()).toList())
                .chain(faults -> Blocking.run(() -> {
                    supervisor.health().append(id(), Beat.of(at, faults));
                    return faults;
                }))
                .call(faults -> Blocking.run(() -> {
                    // one time for the whole beat: what comes due after midnight never runs before that night's sleep
                    ZonedDateTime now = clock.local();
                    Routines.runDue(supervisor, id(), now);
                    supervisor.beat(id(), now);
                    return null;
                }))
                .invoke(this::afterBeat)
                .onFailure().invoke(failure -> done())
                .replaceWith(true);
    }

    private void afterBeat(List<String> faults) {
        boolean mindFailed = faults.contains(Organ.THINKING.key());
        synchronized (this) {
            beating = false;
        }
        if (mindFailed) {
            mindFailed(lastMindFault, false);
        } else {
            mindAnswered();
        }
    }

    /**
     * Her Mind answered a turn of her conversation: like a heartbeat it answered, the count of its faults
     * in a row starts again.
     */
    public void conversationAnswered() {
        mindAnswered();
    }

    /**
     * Her Mind failed a turn of her conversation: the fault counts toward sick as a heartbeat's fault
     * does, in the same count.
     */
    public void conversationFailed(Throwable failure) {
        mindFailed(Fault.of(Organ.THINKING, record.thinking(), failure).words(), true);
    }

    private synchronized void mindAnswered() {
        mindFaults = 0;
        faultsWhileTalking = false;
    }

    private void mindFailed(String words, boolean talking) {
        int faults;
        boolean sick;
        boolean onlyBeats;
        synchronized (this) {
            lastMindFault = words;
            faults = ++mindFaults;
            faultsWhileTalking |= talking;
            onlyBeats = !faultsWhileTalking;
            sick = faults >= supervisor.sickAfter() && !stopped;
        }
        if (sick) {
            supervisor.fallSick(this, onlyBeats
                    ? "her Mind did not answer " + faults + " heartbeats in a row (" + words + ")"
                    : "her Mind failed " + faults + " times in a row, the last " + (talking ? "while she talked"
                            : "at a heartbeat") + " (" + words + ")");
        }
    }

    private synchronized void done() {
        beating = false;
    }
}
