package ai.eternego.channel;

/** Whether a session is connected now, and the last trouble it met, in words ({@code null} when none). */
public record SessionState(boolean connected, String lastError) {
}
