package ai.eternego.persona;

import java.util.List;

import ai.eternego.channel.ChannelSpec;
import ai.eternego.core.Refusal;
import ai.eternego.record.ChannelRecord;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.RecordStore;

/** One bot, one persona: a bot token another persona here already uses is refused, naming her. */
final class ChannelOwners {

    private ChannelOwners() {
    }

    /** Refuses when a channel of {@code specs} has the token of another persona's channel. Blocking. */
    static void requireFree(RecordStore records, String id, List<ChannelSpec> specs) {
        if (specs == null || specs.isEmpty()) {
            return;
        }
        for (PersonaRecord other : records.list()) {
            if (other.id().equals(id) || other.channels() == null) {
                continue;
            }
            for (ChannelRecord channel : other.channels()) {
                String token = channel.credentials() == null ? null : channel.credentials().token();
                for (ChannelSpec spec : specs) {
                    if (token != null && spec.type().key().equals(channel.type()) && token.equals(spec.token())) {
                        throw Refusal.invalid(spec.type().key() + ": this bot is already used by persona "
                                + other.name() + " (" + other.id() + "); give each persona her own bot.");
                    }
                }
            }
        }
    }
}
