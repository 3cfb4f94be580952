package ai.eternego.provider;

/**
 * A vendor answered with an HTTP error status. Raised by the REST clients' exception mappers
 * instead of the default exception, whose message names the client method and may embed details
 * we never want in a message. {@code error} is the vendor's own error text, kept only where it
 * is known to hold no secret (Ollama).
 */
public class VendorStatus extends RuntimeException {

    private final int status;
    private final String error;

    public VendorStatus(int status, String error) {
        super("HTTP " + status, null, false, false);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    /** The vendor's error text, or {@code null}. */
    public String error() {
        return error;
    }
}
