package ai.eternego.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import ai.eternego.testing.FakeWorld;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/** Blocking work never runs on an event loop; asked for on a worker, it runs there, on no other thread. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class BlockingTest {

    @Inject
    Vertx vertx;

    /** The thread that subscribed, the thread where the work ran, and whether that thread could block. */
    private record Ran(Thread asked, Thread ran, boolean mayBlock) {
    }

    @Test
    void fromAnEventLoopTheWorkRunsOnAWorker() throws Exception {
        Context loop = vertx.getOrCreateContext();
        assertTrue(loop.isEventLoopContext());
        CompletableFuture<Ran> ran = new CompletableFuture<>();
        loop.runOnContext(ignored -> {
            Thread asked = Thread.currentThread();
            Blocking.here(() -> new Ran(asked, Thread.currentThread(), BlockingOperationControl.isBlockingAllowed()))
                    .subscribe().with(ran::complete, ran::completeExceptionally);
        });
        Ran where = ran.get(10, TimeUnit.SECONDS);
        assertNotEquals(where.asked(), where.ran());
        assertTrue(where.mayBlock(), "the work ran where it may not block: " + where.ran().getName());
    }

    @Test
    void fromAWorkerTheWorkRunsOnThatWorker() throws Exception {
        // the worker waits for the work: were it handed on, another thread would have to run it
        Ran where = CompletableFuture.supplyAsync(() -> {
            Thread asked = Thread.currentThread();
            return Blocking.here(() -> new Ran(asked, Thread.currentThread(), BlockingOperationControl.isBlockingAllowed()))
                    .await().atMost(Duration.ofSeconds(10));
        }, Infrastructure.getDefaultWorkerPool()).get(10, TimeUnit.SECONDS);
        assertEquals(where.asked(), where.ran());
        assertTrue(where.mayBlock());
    }
}
