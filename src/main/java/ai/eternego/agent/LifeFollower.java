package ai.eternego.agent;

import ai.eternego.record.PersonaRecord;

/**
 * Follows the lives of her agents: her channels, her event stream. Every bean implementing it is told,
 * on the thread that started or stopped her, right after it happened; it must return quickly and never
 * throw (a follower's failure is logged and the others are still told).
 */
public interface LifeFollower {

    /** Her agent started, with the record it runs. */
    default void started(PersonaRecord record) {
    }

    /**
     * Her agent stopped: stopped by a person, by the service's shutdown, or because she fell sick, in
     * which case {@code sickness} says why in words ({@code null} otherwise).
     */
    default void stopped(String id, String sickness) {
    }
}
