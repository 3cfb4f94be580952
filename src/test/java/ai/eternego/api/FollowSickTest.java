package ai.eternego.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import ai.eternego.agent.Living;
import ai.eternego.api.ConversationSocketTest.Frames;
import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.Following;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/** She falls sick (her Mind refuses heartbeats) and comes back: both doors tell it while she is followed. */
@QuarkusTest
@TestProfile(Living.class)
@WithTestResource(FakeWorld.class)
class FollowSickTest {

    static final String KEY = "sk-ant-FOLLOWSICK-9595";
    static final Duration BOUND = Duration.ofSeconds(30);

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    private final CreatedPersonas created = new CreatedPersonas();

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(20), "I am ", "here.");
    }

    @AfterEach
    void purge() {
        created.purgeAll(home);
    }

    @Test
    void bothDoorsTellHerFallAndHerReturn() throws Exception {
        String id = created.withAnthropicMind("Vega", KEY);
        Frames frames = new Frames();
        WebSocket socket = ConversationSocketTest.connect("/ws/" + id, frames);
        try (Following following = new Following(RestAssured.port, id)) {
            socket.sendText("hello", true).get(10, TimeUnit.SECONDS);
            await().atMost(BOUND).until(() -> frames.ofType("chat_message").size() == 1);
            int events = FollowHerTest.settled(following, id);
            int received = frames.received.size();

            StubMapping mindDown = wm.stubFor(get(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/models/claude-sonnet-4-6"))
                    .atPriority(1).willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                            .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}")));
            await().atMost(BOUND).until(() -> !following.since(events).isEmpty()
                    && frames.received.size() > received);
            String why = "her Mind did not answer 3 heartbeats in a row (thinking (anthropic): the provider did not "
                    + "answer; try again)";
            Following.Event fell = following.since(events).get(0);
            assertEquals("status", fell.name());
            assertEquals("sick", fell.data().getString("status"));
            assertEquals(why, fell.data().getString("detail"));
            JsonNode frame = frames.received.get(received);
            assertEquals(ConversationSocketTest.JSON.readTree("{\"type\":\"status\",\"persona_id\":\"" + id
                    + "\",\"status\":\"sick\",\"detail\":\"" + why + "\"}"), frame);

            wm.removeStub(mindDown);
            await().atMost(BOUND).until(() -> following.since(events).size() >= 2 && frames.received.size() >= received + 2);
            Following.Event back = following.since(events).get(1);
            assertEquals("running", back.data().getString("status"));
            assertNull(back.data().getString("detail"));
            assertEquals("running", frames.received.get(received + 1).path("status").asText());
            List<String> statuses = following.since(events).stream().map(e -> e.data().getString("status")).toList();
            assertTrue(statuses.size() == 2, "only her fall and her return were told: " + statuses);
        } finally {
            if (!frames.closed.isDone()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
            }
        }
    }
}
