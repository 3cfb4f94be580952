package ai.eternego.channel;

import io.smallrye.mutiny.Uni;

/**
 * A messaging platform her channels run on. Each platform has exactly one adapter, which owns every
 * call made to it; {@link ChannelClients#adapter(ChannelType)} is the one place that picks it.
 */
public interface ChannelAdapter {

    /** Succeeds when the token belongs to a bot; fails with an {@code OrganFault} otherwise. */
    Uni<Void> verify(String token);
}
