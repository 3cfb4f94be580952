package ai.eternego.organ;

import java.util.List;
import java.util.Map;

import ai.eternego.record.ChannelRecord;
import ai.eternego.record.Organ;
import ai.eternego.record.OrganRecord;

/**
 * What preparing a persona's declared organs and channels produced: the organ records to save,
 * the human name of a local Mind's base model ({@code ""} for a cloud Mind) and the channel records.
 */
public record Preparation(Map<Organ, OrganRecord> organs, String baseModel, List<ChannelRecord> channels) {
}
