package ai.eternego.channel;

/**
 * A chat platform her channels run on (Telegram, Discord), seen the same way by the door that runs her
 * channels: open one session per bot token, which delivers every incoming message to a sink and sends
 * her words back. Each platform implements this once; the Discord gateway client is adapted onto it.
 */
public interface ChatPlatform {

    /** The platform this opens sessions on. */
    ChannelType type();

    /** The most characters one message may hold on this platform; longer replies are sent in parts. */
    int maxMessageLength();

    /**
     * Opens a session for {@code token} and starts receiving at once, in the background: it never blocks.
     * {@code memory} keeps what the session must remember across restarts (such as Telegram's offset);
     * every incoming message goes to {@code sink}, and the session moves past a message only once the
     * sink's answer succeeded (a failed answer is offered again later).
     */
    ChatSession open(String token, ChannelMemory memory, IncomingSink sink);
}
