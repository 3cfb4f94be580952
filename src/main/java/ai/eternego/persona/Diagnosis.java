package ai.eternego.persona;

import java.time.Instant;
import java.util.List;

import ai.eternego.agent.Beat;
import ai.eternego.channel.ChannelStatus;

/**
 * How she is: her status, whether she runs, her recent heartbeats, when her last diary was written, while
 * she is sick, why (in words) and when her next recovery attempt is, and how each of her channels is doing.
 */
public record Diagnosis(String id, String status, boolean running, List<Beat> heartbeats, Instant lastDiary,
        String sickness, Instant nextRecovery, List<ChannelStatus> channels) {
}
