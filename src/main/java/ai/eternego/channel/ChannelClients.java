package ai.eternego.channel;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** The channel table in one place: which adapter serves which platform. */
@ApplicationScoped
public class ChannelClients {

    private final TelegramClient telegram;
    private final DiscordClient discord;

    public ChannelClients(TelegramClient telegram, DiscordClient discord) {
        this.telegram = telegram;
        this.discord = discord;
    }

    /** The adapter that owns every call to the platform of {@code type}: the one place that picks it. */
    public ChannelAdapter adapter(ChannelType type) {
        return switch (type) {
            case TELEGRAM -> telegram;
            case DISCORD -> discord;
        };
    }

    /** Succeeds when the channel's token belongs to a bot; fails with an {@code OrganFault} otherwise. */
    public Uni<Void> verify(ChannelSpec channel) {
        return adapter(channel.type()).verify(channel.token());
    }
}
