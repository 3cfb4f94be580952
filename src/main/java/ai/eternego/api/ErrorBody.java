package ai.eternego.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import ai.eternego.config.Redact;

/**
 * Every error leaves as {@code {"detail": "..."}} (the seed's shape); validation errors add one
 * {@code {field, message}} per offending field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(@JsonProperty("detail") String detail, @JsonProperty("errors") List<FieldError> errors) {

    /** Details pass through {@link Redact}: a secret that slipped into a sentence never leaves. */
    public ErrorBody {
        detail = Redact.text(detail);
    }

    public record FieldError(@JsonProperty("field") String field, @JsonProperty("message") String message) {
    }

    public static ErrorBody of(String detail) {
        return new ErrorBody(detail, null);
    }
}
