package ai.eternego.persona;

import java.time.Instant;
import java.util.List;

import ai.eternego.agent.Beat;

/**
 * How she is: her status, whether she runs, her recent heartbeats, when her last diary was written, and
 * while she is sick, why (in words) and when her next recovery attempt is.
 */
public record Diagnosis(String id, String status, boolean running, List<Beat> heartbeats, Instant lastDiary,
        String sickness, Instant nextRecovery) {
}
