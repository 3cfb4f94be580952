package ai.eternego.metrics;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import ai.eternego.core.Refusal;
import ai.eternego.store.RecordStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * What the service counts for {@code /q/metrics} (Prometheus), beside the HTTP requests by route and
 * status that Quarkus counts itself: creates and migrates by outcome, personas by status, heartbeat
 * faults by organ and provider. Every door reaches the domain, and the domain counts here.
 */
@ApplicationScoped
public class Meters {

    static final List<String> STATUSES = List.of("active", "hibernate", "sick");

    private final MeterRegistry registry;
    private final RecordStore records;

    public Meters(MeterRegistry registry, RecordStore records) {
        this.registry = registry;
        this.records = records;
    }

    void personasByStatus(@Observes StartupEvent event) {
        for (String status : STATUSES) {
            // read at each scrape; records are cached by file identity, so this costs a stat per persona
            Gauge.builder("eternego.personas", records, r -> r.list().stream()
                    .filter(p -> status.equals(p.status())).count())
                    .tag("status", status).description("Personas on this machine by status").register(registry);
        }
    }

    /** A create or a migrate ended: {@code ok}, or the refusal's kind in lower case. */
    public void birth(String operation, String outcome) {
        registry.counter("eternego.births", "operation", operation, "outcome", outcome).increment();
    }

    /** How a failed create or migrate is counted: the refusal's kind, or {@code error}. */
    public static String outcome(Throwable failure) {
        return failure instanceof Refusal refusal ? refusal.kind().name().toLowerCase(Locale.ROOT) : "error";
    }

    /** An organ did not answer a heartbeat. */
    public void heartbeatFault(String organ, String provider) {
        registry.counter("eternego.heartbeat.faults", "organ", organ, "provider", provider).increment();
    }
}
