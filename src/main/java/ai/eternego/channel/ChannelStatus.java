package ai.eternego.channel;

import java.time.Instant;

/**
 * One of her channels as it is now: its type, the chat it is paired to ({@code name}, empty until paired),
 * whether it is paired, whether it is connected, when a message last came in and went out, and its last
 * trouble in words. Never its token.
 */
public record ChannelStatus(String type, String name, boolean verified, boolean connected, Instant lastIn,
        Instant lastOut, String lastError) {
}
