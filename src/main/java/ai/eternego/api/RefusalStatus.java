package ai.eternego.api;

import ai.eternego.core.Refusal;

/** The one place where a domain refusal becomes an HTTP status. */
final class RefusalStatus {

    private RefusalStatus() {
    }

    static int of(Refusal refusal) {
        return switch (refusal.kind()) {
            case INVALID, NOT_PREPARED -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case TOO_MANY -> 429;
            case MALFORMED -> 422;
            case FAILED_TO_START, DISK_FAILED -> 500;
            case NO_SPACE -> 507;
        };
    }
}
