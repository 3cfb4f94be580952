package ai.eternego.channel;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** Which client proves which channel. */
@ApplicationScoped
public class ChannelClients {

    private final TelegramClient telegram;
    private final DiscordClient discord;

    public ChannelClients(TelegramClient telegram, DiscordClient discord) {
        this.telegram = telegram;
        this.discord = discord;
    }

    /** Succeeds when the channel's token belongs to a bot; fails with an {@code OrganFault} otherwise. */
    public Uni<Void> verify(ChannelSpec channel) {
        return switch (channel.type()) {
            case TELEGRAM -> telegram.verify(channel.token());
            case DISCORD -> discord.verify(channel.token());
        };
    }
}
