package ai.eternego.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Inject;

/**
 * Her Mind's connections belong to the event loop that asked: each loop reuses its own, never one another
 * loop opened, whose every chunk would have to cross to the asking loop's thread.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class MindStreamLoopsTest {

    static final String KEY = "sk-ant-LOOPS-5151";
    static final MindRequest REQUEST = new MindRequest("You are Lina.",
            List.of(new MindRequest.Turn(MindRequest.USER, "hello")));

    @Inject
    ProviderClients providers;

    @Inject
    Vertx vertx;

    private HttpServer mind;
    /** The client port of every request the fake Mind served, in order: one port, one connection. */
    private final List<Integer> ports = new ArrayList<>();

    @BeforeEach
    void listen() throws Exception {
        mind = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            synchronized (ports) {
                ports.add(request.remoteAddress().port());
            }
            request.response().putHeader("Content-Type", "text/event-stream").end(Fakes.anthropicStream("I am here."));
        }));
        mind.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        mind.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachLoopAsksOnAConnectionOfItsOwn() throws Exception {
        Context first = ((VertxInternal) vertx).createEventLoopContext();
        Context second = anotherLoop(first);
        assertNotEquals(loopOf(first), loopOf(second), "two loops ask");
        String url = "http://127.0.0.1:" + mind.actualPort();
        CompletableFuture<String> before = new CompletableFuture<>();
        CompletableFuture<String> after = new CompletableFuture<>();
        // the second loop asks once the first loop's answer has ended and its connection is idle in the pool
        first.runOnContext(ignored -> ask(url, before, () -> first.runOnContext(
                idle -> second.runOnContext(now -> ask(url, after, () -> { })))));
        assertEquals("I am here.", before.get(20, TimeUnit.SECONDS));
        assertEquals("I am here.", after.get(20, TimeUnit.SECONDS));
        List<Integer> served;
        synchronized (ports) {
            served = List.copyOf(ports);
        }
        assertEquals(2, served.size(), "two answers were asked");
        assertNotEquals(served.get(0), served.get(1), "the second loop did not take the first loop's idle connection");
    }

    /** Asks her Mind for an answer, completing {@code said} with it, then runs {@code then}. */
    private void ask(String url, CompletableFuture<String> said, Runnable then) {
        StringBuilder words = new StringBuilder();
        providers.chat(Provider.ANTHROPIC, url, KEY, "claude-sonnet-4-6", REQUEST).subscribe().with(words::append,
                said::completeExceptionally, () -> {
                    said.complete(words.toString());
                    then.run();
                });
    }

    /**
     * A context on another loop than {@code first}'s: contexts take the loops in turn, and another taker in
     * between could hand the next one the same loop.
     */
    private Context anotherLoop(Context first) throws Exception {
        Context other = ((VertxInternal) vertx).createEventLoopContext();
        for (int tries = 0; tries < 16 && loopOf(other) == loopOf(first); tries++) {
            other = ((VertxInternal) vertx).createEventLoopContext();
        }
        return other;
    }

    private static Thread loopOf(Context context) throws Exception {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        context.runOnContext(ignored -> thread.complete(Thread.currentThread()));
        return thread.get(10, TimeUnit.SECONDS);
    }
}
