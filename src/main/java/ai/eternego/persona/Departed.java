package ai.eternego.persona;

/**
 * A CDI event: she is being deleted, her agent is stopped and her files go next. Whatever follows her (her
 * channels) lets go of her now instead of lingering.
 */
public record Departed(String id) {
}
