package ai.eternego.channel;

/**
 * Told what happens on a Discord session. Called on the session's event loop, one call at a time and in the
 * order things happened: it must not block (hand work to her inbox). An exception it throws is logged and
 * never ends the session.
 */
public interface DiscordListener {

    /** A person wrote to her: a direct message, or a mention of her in a server channel. Never twice. */
    void message(DiscordMessage message);

    /** The session's state changed (connected, resuming, stopped with what the owner must do, …). */
    void state(DiscordState state);
}
