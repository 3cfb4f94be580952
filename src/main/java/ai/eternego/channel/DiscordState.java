package ai.eternego.channel;

/**
 * Where a Discord session stands, in words a person can read in diagnose.
 *
 * @param connected whether the gateway session is live (READY or RESUMED seen, connection still open)
 * @param stopped whether it has given up for good: only the owner can mend it ({@code lastError} says how)
 * @param words what it is doing: "connecting", "connected", "resuming", "reconnecting in 2 s: …",
 *        "stopped: …", "closed"
 * @param lastError the last thing that went wrong, in words, or null; it never holds the token
 */
public record DiscordState(boolean connected, boolean stopped, String words, String lastError) {

    static final DiscordState STARTING = new DiscordState(false, false, "connecting", null);
}
