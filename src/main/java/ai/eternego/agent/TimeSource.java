package ai.eternego.agent;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import jakarta.enterprise.context.ApplicationScoped;

/** The wall clock and time zone her routines follow; a bean so tests can move time. */
@ApplicationScoped
public class TimeSource {

    public Instant now() {
        return Instant.now();
    }

    public ZoneId zone() {
        return ZoneId.systemDefault();
    }

    public ZonedDateTime local() {
        return now().atZone(zone());
    }
}
