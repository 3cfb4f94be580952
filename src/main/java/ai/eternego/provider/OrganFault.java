package ai.eternego.provider;

/**
 * A provider could not serve an organ, or a channel's bot could not be proven. The message is a sentence a person can act on and never
 * carries a key, a token or a request URL; no vendor exception is kept as the cause.
 */
public class OrganFault extends RuntimeException {

    /** What went wrong, so callers can tell a person's mistake from a passing outage. */
    public enum Kind {
        /** The key or bot token was refused. */
        REFUSED,
        /** The model does not exist there. */
        NO_MODEL,
        /** The server could not be reached at all. */
        UNREACHABLE,
        /** The server was reached but did not answer in time or failed (429, 5xx). */
        UNAVAILABLE,
        /** The server answered with something else that rules the part out. */
        REJECTED
    }

    private final Kind kind;

    public OrganFault(Kind kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The sentence for a person, e.g. "the API key was refused". */
    public String reason() {
        return getMessage();
    }

    /** Whether trying again later may help (the heartbeat counts these as faults, not as mistakes). */
    public boolean isTransient() {
        return kind == Kind.UNREACHABLE || kind == Kind.UNAVAILABLE;
    }
}
