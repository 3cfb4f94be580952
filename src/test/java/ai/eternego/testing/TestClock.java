package ai.eternego.testing;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import ai.eternego.agent.TimeSource;

/**
 * The clock her routines follow, in tests: the real one until a test {@link #set}s a time, then that
 * time (in UTC) until {@link #reset()}.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestClock extends TimeSource {

    private volatile Instant fixed;

    public void set(Instant at) {
        fixed = at;
    }

    public void reset() {
        fixed = null;
    }

    @Override
    public Instant now() {
        Instant at = fixed;
        return at != null ? at : Instant.now();
    }

    @Override
    public ZoneId zone() {
        return fixed != null ? ZoneOffset.UTC : super.zone();
    }
}
