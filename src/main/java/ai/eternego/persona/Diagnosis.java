package ai.eternego.persona;

import java.time.Instant;
import java.util.List;

import ai.eternego.agent.Beat;

/** How she is: her status, whether she runs, her recent heartbeats and when her last diary was written. */
public record Diagnosis(String id, String status, boolean running, List<Beat> heartbeats, Instant lastDiary) {
}
