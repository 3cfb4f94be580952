package ai.eternego.core;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** File and crypto work leaves the event loop: it runs on the worker pool. */
public final class Blocking {

    private Blocking() {
    }

    public static <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
