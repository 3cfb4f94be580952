package ai.eternego.provider;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import ai.eternego.provider.OrganFault.Kind;

/**
 * Translates whatever a vendor call failed with into an {@link OrganFault} whose reason a person
 * can act on. The vendor's exception is dropped: its message may name the request URL, and the
 * Telegram token lives in that URL.
 */
public final class Faults {

    public static final String UNAVAILABLE = "the provider did not answer; try again";
    public static final String KEY_REFUSED = "the API key was refused";

    /**
     * Who was called and how its refusals read.
     *
     * @param vendor   the vendor's name as people know it ({@code OpenAI}, {@code Ollama})
     * @param url      the base URL that was called (shown without user info or query)
     * @param refused  the sentence for 401/403
     * @param notFound the sentence for 404
     */
    public record Call(String vendor, String url, String refused, String notFound) {

        public static Call model(String vendor, String url, String model) {
            return new Call(vendor, url, KEY_REFUSED, "no such model: " + model);
        }
    }

    private Faults() {
    }

    public static OrganFault translate(Throwable failure, Call call) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OrganFault fault) {
                return fault;
            }
            if (t instanceof VendorStatus status) {
                return forStatus(status.status(), call);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return unreachable(call);
            }
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return new OrganFault(Kind.UNAVAILABLE, UNAVAILABLE);
            }
        }
        return new OrganFault(Kind.REJECTED,
                "the server at " + BaseUrl.display(call.url()) + " did not answer like " + call.vendor());
    }

    public static OrganFault forStatus(int status, Call call) {
        if (status == 401 || status == 403) {
            return new OrganFault(Kind.REFUSED, call.refused());
        }
        if (status == 404) {
            return new OrganFault(Kind.NO_MODEL, call.notFound());
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new OrganFault(Kind.UNAVAILABLE, UNAVAILABLE);
        }
        return new OrganFault(Kind.REJECTED, call.vendor() + " refused the request (HTTP " + status + ")");
    }

    public static OrganFault unreachable(Call call) {
        return new OrganFault(Kind.UNREACHABLE, "could not reach " + call.vendor() + " at " + BaseUrl.display(call.url()));
    }
}
