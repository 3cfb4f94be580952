package ai.eternego.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Many personas talk with one server at once: no answer waits for another to end before it starts. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class MindStreamsAtOnceTest {

    static final String KEY = "sk-ant-ATONCE-3131";
    static final int AT_ONCE = 12;
    static final MindRequest REQUEST = new MindRequest("You are Iris.",
            List.of(new MindRequest.Turn(MindRequest.USER, "hello")));

    @InjectWireMock
    WireMockServer wm;

    @Inject
    ProviderClients providers;

    @BeforeEach
    @AfterEach
    void reset() {
        wm.resetAll();
    }

    @Test
    void twelveAnswersStreamFromOneServerAtOnce() throws Exception {
        String body = Fakes.anthropicStream(Collections.nCopies(10, "abcde").toArray(String[]::new));
        wm.stubFor(post(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(body.getBytes(StandardCharsets.UTF_8))
                .withChunkedDribbleDelay(11, 3000)));

        List<CompletableFuture<Long>> firstWords = new ArrayList<>();
        List<CompletableFuture<Long>> ends = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
            CompletableFuture<Long> first = new CompletableFuture<>();
            CompletableFuture<Long> end = new CompletableFuture<>();
            firstWords.add(first);
            ends.add(end);
            providers.chat(Provider.ANTHROPIC, Fakes.url(wm, FakeWorld.ANTHROPIC), KEY, "claude-sonnet-4-6", REQUEST)
                    .subscribe().with(word -> first.complete(System.nanoTime()), end::completeExceptionally,
                            () -> end.complete(System.nanoTime()));
        }
        long lastFirst = 0;
        for (CompletableFuture<Long> first : firstWords) {
            lastFirst = Math.max(lastFirst, first.get(30, TimeUnit.SECONDS));
        }
        long firstEnd = Long.MAX_VALUE;
        for (CompletableFuture<Long> end : ends) {
            firstEnd = Math.min(firstEnd, end.get(30, TimeUnit.SECONDS));
        }
        assertTrue(lastFirst < firstEnd, "every answer had begun before the first one ended: the last began "
                + Duration.ofNanos(lastFirst - firstEnd).toMillis() + " ms after the first ended");
        assertEquals(AT_ONCE, Fakes.served(wm).size());
    }
}
