package ai.eternego.channel;

/** A channel as a person declares it: its type and bot token. */
public record ChannelSpec(ChannelType type, String token) {
}
