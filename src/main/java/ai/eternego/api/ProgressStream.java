package ai.eternego.api;

import java.util.function.Function;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import ai.eternego.config.Redact;
import ai.eternego.core.Refusal;
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
                        ErrorEvent error = failure instanceof Refusal refusal
                                ? new ErrorEvent(RefusalStatus.of(refusal), Redact.text(refusal.sentence()))
                                : new ErrorEvent(500, "Something went wrong on our side.");
                        emitter.emit(event(sse, "error", error));
                        emitter.complete();
                    });
        });
    }

    @io.quarkus.runtime.annotations.RegisterForReflection
    record ErrorEvent(int status, String detail) {
    }

    private static OutboundSseEvent event(Sse sse, String name, Object data) {
        return sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
    }
}
