package ai.eternego.persona;

import java.util.List;

import ai.eternego.channel.ChannelStatus;
import ai.eternego.record.PersonaRecord;

/** Her record, whether her agent runs now, and how her channels are doing. */
public record PersonaState(PersonaRecord record, boolean running, List<ChannelStatus> channels) {

    public PersonaState {
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /** Her state when her channels are not asked about: each as her record has it, not connected. */
    public PersonaState(PersonaRecord record, boolean running) {
        this(record, running, record.channels() == null ? List.of() : record.channels().stream()
                .map(c -> new ChannelStatus(c.type(), c.name() == null ? "" : c.name(), c.verifiedAt() != null,
                        false, null, null, null))
                .toList());
    }
}
