package ai.eternego.agent;

import ai.eternego.core.Refusal;
import ai.eternego.provider.OrganFault;
import ai.eternego.record.Organ;
import ai.eternego.record.OrganRecord;

/** One organ that did not answer a heartbeat, and why, in words: {@code thinking (local): no such model: ...}. */
record Fault(Organ organ, String provider, String words) {

    static Fault of(Organ organ, OrganRecord record, Throwable failure) {
        String why = failure instanceof OrganFault fault ? fault.reason()
                : failure instanceof Refusal refusal ? refusal.sentence()
                        : "an unexpected " + failure.getClass().getSimpleName();
        String provider = record.isLocal() ? "local" : record.provider();
        return new Fault(organ, provider, organ.key() + " (" + provider + "): " + why);
    }
}
