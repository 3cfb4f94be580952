package ai.eternego.channel;

/** A message the platform will never take (or a session closed before it was sent), said in words. */
public class SendRefused extends RuntimeException {

    private final boolean closed;

    public SendRefused(String sentence, boolean closed) {
        super(sentence, null, false, false);
        this.closed = closed;
    }

    /** True when the session closed first: the message may still be sent by the next session. */
    public boolean closed() {
        return closed;
    }
}
