package ai.eternego.agent;

import java.time.ZonedDateTime;

/**
 * Follows her days: every CDI bean implementing it is told of each heartbeat of her running agent and of
 * each sleep, on a worker thread (file work and waiting are allowed). It must never throw: a follower's
 * failure is logged and the others are still told, and it never stops her beat or her sleep.
 */
public interface DayFollower {

    /** A heartbeat of her running agent, after her routines, at {@code now} on her clock. */
    default void beat(String id, ZonedDateTime now) {
    }

    /**
     * She is about to sleep at {@code at}: her day's conversation is still in {@code conversation.jsonl};
     * once this returns, it moves to her history and her diary is written. Called without her lock held.
     */
    default void beforeSleep(String id, ZonedDateTime at) {
    }
}
