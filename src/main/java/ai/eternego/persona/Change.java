package ai.eternego.persona;

import java.util.List;

import ai.eternego.channel.ChannelSpec;
import ai.eternego.channel.ChannelType;
import ai.eternego.core.Refusal;
import ai.eternego.organ.OrganSpec;
import ai.eternego.record.Organ;

/**
 * A change to a persona, checked before anything is prepared or written: a new name and a new status
 * ({@code null} keeps hers), organs declared anew, optional organs cleared, channels given a new token,
 * channels cleared.
 */
public record Change(String name, String status, List<OrganSpec> organs, List<Organ> cleared,
        List<ChannelSpec> channels, List<ChannelType> clearedChannels) {

    public Change {
        requireSettableStatus(status);
        organs = List.copyOf(organs);
        cleared = List.copyOf(cleared);
        channels = List.copyOf(channels);
        clearedChannels = List.copyOf(clearedChannels);
        for (Organ organ : cleared) {
            if (organs.stream().anyMatch(o -> o.organ() == organ)) {
                throw Refusal.invalid(organ.key() + ": declare it or clear it, not both.");
            }
        }
        for (ChannelType type : clearedChannels) {
            if (channels.stream().anyMatch(c -> c.type() == type)) {
                throw Refusal.invalid(type.key() + ": give a token or clear it, not both.");
            }
        }
        if (name == null && status == null && organs.isEmpty() && cleared.isEmpty() && channels.isEmpty()
                && clearedChannels.isEmpty()) {
            throw Refusal.invalid("Nothing to update: send name, status, an organ, a clear_<organ> flag or a "
                    + "channel token.");
        }
    }

    /** {@code sick} belongs to her supervisor; a person may set active or hibernate (or leave it). */
    public static void requireSettableStatus(String status) {
        if ("sick".equals(status)) {
            throw Refusal.invalid("Only her supervisor marks her sick; a person may set her status to "
                    + "active or hibernate.");
        }
    }

    /** Whether her organs or channels change (a running agent then restarts). */
    boolean partsChange() {
        return !organs.isEmpty() || !cleared.isEmpty() || !channels.isEmpty() || !clearedChannels.isEmpty();
    }
}
