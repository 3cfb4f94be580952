package ai.eternego.provider;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.eternego.testing.FakeWorld;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.VertxInternal;

/**
 * While her words stream, the body that asked for them (her whole prompt, written as the vendor's JSON) is
 * not kept: 200 answers at once would otherwise hold 200 prompts for as long as they stream. The stream is
 * asked for once.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class MindStreamLetsGoTest {

    @Inject
    MindStream stream;

    @Inject
    Vertx vertx;

    private HttpServer mind;
    private final CompletableFuture<HttpServerResponse> answering = new CompletableFuture<>();

    @BeforeEach
    void listen() throws Exception {
        // the fake Mind begins its answer, then holds it open until the test ends it
        mind = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            HttpServerResponse response = request.response().setChunked(true)
                    .putHeader("Content-Type", "text/event-stream");
            response.write("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}\n\n"
                    + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"I am \"}}\n\n");
            answering.complete(response);
        }));
        mind.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        mind.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void herPromptIsNotKeptWhileHerWordsStreamAndTheStreamIsAskedForOnce() throws Exception {
        String url = "http://127.0.0.1:" + mind.actualPort();
        String body = new StringBuilder("{\"model\":\"claude-sonnet-4-6\",\"system\":\"")
                .append("her whole prompt ".repeat(5000)).append("\"}").toString();
        WeakReference<String> prompt = new WeakReference<>(body);
        Multi<MindPiece> pieces = stream.post(Faults.Call.model("Anthropic", url, "claude-sonnet-4-6"),
                URI.create(url + "/v1/messages"), Map.of("x-api-key", "sk-ant-LETSGO-1"), body, AnthropicClient.Chat::new);
        body = null;
        StringBuilder words = new StringBuilder();
        CompletableFuture<String> said = new CompletableFuture<>();
        Context loop = ((VertxInternal) vertx).createEventLoopContext();
        loop.runOnContext(ignored -> pieces.subscribe().with(piece -> words.append(((MindPiece.Words) piece).text()),
                said::completeExceptionally, () -> said.complete(words.toString())));
        HttpServerResponse response = answering.get(20, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            return prompt.get() == null;
        });
        assertFalse(said.isDone(), "her words were still streaming when her prompt was let go");

        response.end("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"here.\"}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        assertEquals("I am here.", said.get(20, TimeUnit.SECONDS), "the answer arrived whole");

        CompletableFuture<Throwable> again = new CompletableFuture<>();
        loop.runOnContext(ignored -> pieces.subscribe().with(piece -> again.complete(null), again::complete,
                () -> again.complete(null)));
        Throwable refused = again.get(20, TimeUnit.SECONDS);
        assertTrue(refused instanceof IllegalStateException, "a second subscription is refused: " + refused);
    }
}
