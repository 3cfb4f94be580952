package ai.eternego.api;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import ai.eternego.core.EditDistance;
import ai.eternego.core.Refusal;
import ai.eternego.persona.BornButNotStarted;
import ai.eternego.record.PersonaRecord;

/**
 * Turns every failure into {@code {"detail": ...}} with the right status. Stack traces and exception
 * messages of libraries never reach a client (they may carry a URL with a token in it).
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response refused(Refusal refusal) {
        int status = RefusalStatus.of(refusal);
        if (status >= 500) {
            LOG.warnf("Answered %d: %s", status, refusal.sentence());
        }
        return respond(status, ErrorBody.of(refusal.sentence()));
    }

    /** She was born but did not start: the 500 carries her record and her phrase, told only this once. */
    @ServerExceptionMapper
    public Response bornButNotStarted(BornButNotStarted e) {
        LOG.warnf("Answered 500: %s", e.sentence());
        return respond(500, new NotStartedBody(e.sentence(), e.born().persona(), e.born().recoveryPhrase()));
    }

    @io.quarkus.runtime.annotations.RegisterForReflection
    @JsonPropertyOrder({ "detail", "persona", "recovery_phrase" })
    public record NotStartedBody(@JsonProperty("detail") String detail, @JsonProperty("persona") PersonaRecord persona,
            @JsonProperty("recovery_phrase") String recoveryPhrase) {
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<ErrorBody.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new ErrorBody.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(ErrorBody.FieldError::field))
                .distinct()
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        return respond(422, new ErrorBody("The request is not valid: " + detail + ".", errors));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = unknown.getPropertyName();
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of()
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).toList();
            String message = "is not a field" + EditDistance.closest(field, known)
                    .map(f -> "; did you mean " + f + "?").orElse(" of this request");
            return respond(422, new ErrorBody("The request is not valid: " + field + " " + message
                    + (message.endsWith("?") ? "" : "."), List.of(new ErrorBody.FieldError(field, message))));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String message = "has the wrong type; send a " + expected(mapping);
            return respond(422, new ErrorBody("The request is not valid: " + field + " " + message + ".",
                    List.of(new ErrorBody.FieldError(field, message))));
        }
        return respond(422, ErrorBody.of("The request body is not a valid JSON object."));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        String detail;
        if (e instanceof NotFoundException) {
            detail = "Not found: see /q/swagger-ui for the API.";
        } else if (e instanceof NotAllowedException) {
            detail = "This route does not take that method: see /q/swagger-ui for the API.";
        } else if (e instanceof NotSupportedException) {
            detail = "This route does not take that content type: see /q/swagger-ui for the API.";
        } else if (status == 413) {
            detail = "The request is too large.";
        } else if (status < 500) {
            detail = "The request was refused (" + status + ").";
        } else {
            LOG.error("Request failed", e);
            detail = "Something went wrong on our side.";
        }
        return respond(status, ErrorBody.of(detail));
    }

    /** A multipart body the parser cannot read (a header broken by a line break, a bad boundary): the client's fault. */
    @ServerExceptionMapper
    public Response malformedForm(MultipartParser.MalformedMessageException e) {
        LOG.debugf("Refused a malformed multipart form: %s", e.getClass().getSimpleName());
        return respond(400, ErrorBody.of("The multipart form is malformed; send it as curl -F or a browser form does."));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("Request failed", e);
        return respond(500, ErrorBody.of("Something went wrong on our side: " + e.getClass().getSimpleName() + "."));
    }

    private static String expected(JsonMappingException e) {
        if (e instanceof MismatchedInputException mismatch
                && mismatch.getTargetType() != null) {
            Class<?> type = mismatch.getTargetType();
            if (type == String.class) {
                return "string or null";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "boolean";
            }
            if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
                return "number";
            }
            if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
                return "JSON object";
            }
        }
        return "value of the documented type";
    }

    /** The field as people send it: {@code thinking_model}, or {@code thinking.model} inside an organ object. */
    private static String field(ConstraintViolation<?> violation) {
        List<String> names = new java.util.ArrayList<>();
        for (jakarta.validation.Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY && node.getName() != null) {
                names.add(Naming.snake(node.getName()));
            }
        }
        if (names.isEmpty()) {
            String path = violation.getPropertyPath().toString();
            return Naming.snake(path.substring(path.lastIndexOf('.') + 1));
        }
        return String.join(".", names);
    }

    static Response respond(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
