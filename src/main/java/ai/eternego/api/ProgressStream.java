package ai.eternego.api;

import java.util.function.Function;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import ai.eternego.config.Redact;
import ai.eternego.core.Refusal;
import ai.eternego.persona.BornButNotStarted;
import ai.eternego.record.PersonaRecord;
import ai.eternego.organ.ProgressSink;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Runs a long operation and streams it as server-sent events: {@code progress} events as it goes,
 * then one {@code result} event with the body the plain endpoint would answer, or one {@code error}
 * event {@code {"status", "detail"}}.
 */
final class ProgressStream {

    private ProgressStream() {
    }

    static <T> Multi<OutboundSseEvent> of(Sse sse, Function<ProgressSink, Uni<T>> operation) {
        return Multi.createFrom().emitter(emitter -> {
            ProgressSink sink = progress -> emitter.emit(event(sse, "progress", progress));
            operation.apply(sink).subscribe().with(
                    result -> {
                        emitter.emit(event(sse, "result", result));
                        emitter.complete();
                    },
                    failure -> {
                        ErrorEvent error;
                        if (failure instanceof BornButNotStarted stopped) {
                            // her phrase is told only now: the error event carries it as the 500 body does
                            error = new ErrorEvent(500, Redact.text(stopped.sentence()), stopped.born().persona(),
                                    stopped.born().recoveryPhrase());
                        } else if (failure instanceof Refusal refusal) {
                            error = new ErrorEvent(RefusalStatus.of(refusal), Redact.text(refusal.sentence()), null, null);
                        } else {
                            error = new ErrorEvent(500, "Something went wrong on our side.", null, null);
                        }
                        emitter.emit(event(sse, "error", error));
                        emitter.complete();
                    });
        });
    }

    @io.quarkus.runtime.annotations.RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({ "status", "detail", "persona", "recovery_phrase" })
    record ErrorEvent(@JsonProperty("status") int status, @JsonProperty("detail") String detail,
            @JsonProperty("persona") PersonaRecord persona, @JsonProperty("recovery_phrase") String recoveryPhrase) {
    }

    private static OutboundSseEvent event(Sse sse, String name, Object data) {
        return sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
    }
}
