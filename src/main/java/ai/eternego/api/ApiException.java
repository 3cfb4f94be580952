package ai.eternego.api;

/**
 * An error a person can act on: its message is the sentence that reaches her as {@code {"detail": ...}}.
 * Messages never carry a key, a token or a phrase.
 */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public ApiException(int status, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, detail);
    }

    public static ApiException notFound() {
        return new ApiException(404, "Persona not found.");
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, detail);
    }

    public static ApiException unprocessable(String detail) {
        return new ApiException(422, detail);
    }
}
