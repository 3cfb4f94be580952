package ai.eternego.channel;

import java.util.List;

import ai.eternego.record.PersonaRecord;

/** Tells how her channels are doing, for the persona view and diagnose. */
public interface ChannelWatch {

    /** The state of every channel of {@code record}, in record order. */
    List<ChannelStatus> statuses(PersonaRecord record);
}
