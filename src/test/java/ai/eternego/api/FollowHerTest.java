package ai.eternego.api;

import static ai.eternego.testing.Following.names;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.api.ConversationSocketTest.Frames;
import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.Following;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Her event stream and her socket tell her status changes in one order with her conversation, and end when she is deleted. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class FollowHerTest {

    static final String KEY = "sk-ant-FOLLOW-mind-6262";
    static final Duration BOUND = Duration.ofSeconds(20);

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    private final CreatedPersonas created = new CreatedPersonas();

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(50), "I am ", "here.");
    }

    @AfterEach
    void purge() {
        created.purgeAll(home);
    }

    static void chat(String id, String text) {
        given().contentType(ContentType.JSON).body("{\"message\": \"" + text + "\"}").post("/api/persona/" + id + "/chat")
                .then().statusCode(200);
    }

    /**
     * Talks with her until the stream is known to be open, then once more with a message of its own: the
     * events before that message's reply are all told. Returns how many.
     */
    static int settled(Following following, String id) {
        await().atMost(BOUND).until(() -> {
            chat(id, "are you there?");
            return names(following.events()).contains("said");
        });
        String mark = "mark " + UUID.randomUUID();
        chat(id, mark);
        await().atMost(BOUND).until(() -> {
            List<Following.Event> all = following.events();
            for (int i = 0; i + 1 < all.size(); i++) {
                if (mark.equals(all.get(i).data().getString("content")) && "said".equals(all.get(i + 1).name())) {
                    return true;
                }
            }
            return false;
        });
        List<Following.Event> all = following.events();
        for (int i = 0; i < all.size(); i++) {
            if (mark.equals(all.get(i).data().getString("content"))) {
                return i + 2;
            }
        }
        throw new AssertionError("the mark was told");
    }

    @Test
    void eventsTellHerStatusInOneOrderWithHerLines() {
        String id = created.withAnthropicMind("Lyra", KEY);
        try (Following following = new Following(RestAssured.port, id)) {
            int mark = settled(following, id);

            given().post("/api/persona/" + id + "/stop").then().statusCode(200);
            given().post("/api/persona/" + id + "/start").then().statusCode(200);
            chat(id, "after her rest");

            await().atMost(BOUND).until(() -> following.since(mark).size() >= 4);
            List<Following.Event> told = following.since(mark);
            assertEquals(List.of("status", "status", "heard", "said"), names(told));
            assertEquals("stopped", told.get(0).data().getString("status"));
            assertNull(told.get(0).data().getString("detail"));
            assertEquals("running", told.get(1).data().getString("status"));
            assertEquals("after her rest", told.get(2).data().getString("content"));
            assertEquals("I am here.", told.get(3).data().getString("content"));
        }
    }

    @Test
    void theSocketTellsHerStatusInOneOrderWithHerLines() throws Exception {
        String id = created.withAnthropicMind("Lyra", KEY);
        Frames frames = new Frames();
        WebSocket socket = ConversationSocketTest.connect("/ws/" + id, frames);
        try {
            socket.sendText("hello", true).get(10, TimeUnit.SECONDS);
            await().atMost(BOUND).until(() -> frames.ofType("chat_message").size() == 1);
            int mark = frames.received.size();

            given().post("/api/persona/" + id + "/stop").then().statusCode(200);
            given().post("/api/persona/" + id + "/start").then().statusCode(200);
            chat(id, "after her rest");

            await().atMost(BOUND).until(() -> frames.received.size() >= mark + 4);
            List<JsonNode> told = frames.received.subList(mark, mark + 4);
            assertEquals(ConversationSocketTest.JSON.readTree("{\"type\":\"status\",\"persona_id\":\"" + id
                    + "\",\"status\":\"stopped\",\"detail\":null}"), told.get(0));
            assertEquals(ConversationSocketTest.JSON.readTree("{\"type\":\"status\",\"persona_id\":\"" + id
                    + "\",\"status\":\"running\",\"detail\":null}"), told.get(1));
            assertEquals("heard", told.get(2).path("type").asText());
            assertEquals("after her rest", told.get(2).path("content").asText());
            assertEquals("chat_message", told.get(3).path("type").asText());
        } finally {
            if (!frames.closed.isDone()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void herSocketClosesWhenSheIsDeleted() throws Exception {
        String id = created.withAnthropicMind("Lyra", KEY);
        Frames frames = new Frames();
        WebSocket socket = ConversationSocketTest.connect("/ws/" + id, frames);
        socket.sendText("hello", true).get(10, TimeUnit.SECONDS);
        await().atMost(BOUND).until(() -> frames.ofType("chat_message").size() == 1);

        given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);

        assertEquals("1000 She is deleted.", frames.closed.get(20, TimeUnit.SECONDS));
        assertEquals("stopped", frames.ofType("status").get(0).path("status").asText());
    }
}
