package ai.eternego.core;

import java.util.function.Supplier;

import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** File and crypto work leaves the event loop: it runs on the worker pool. */
public final class Blocking {

    private Blocking() {
    }

    public static <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * As {@link #run}, but {@code work} runs on the thread that subscribes when that thread may block (a
     * worker): it is not handed to another worker, and waits for no other thread to be scheduled.
     */
    public static <T> Uni<T> here(Supplier<T> work) {
        return Uni.createFrom().deferred(() -> BlockingOperationControl.isBlockingAllowed()
                ? Uni.createFrom().item(work) : run(work));
    }
}
