package ai.eternego.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Her conversation over {@code /ws/{id}}: heard and answered through the socket, and what HTTP brings shows up. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class ConversationSocketTest {

    static final String KEY = "sk-ant-SOCKET-mind-5151";
    static final ObjectMapper JSON = new ObjectMapper();

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    private final CreatedPersonas created = new CreatedPersonas();

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(200), "I am ", "here, ", "my friend.");
    }

    @AfterEach
    void purge() {
        created.purgeAll(home);
    }

    /** Collects the text frames and the close of one socket. */
    static final class Frames implements WebSocket.Listener {
        final List<JsonNode> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    closed.completeExceptionally(e);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            closed.complete(status + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }

        List<JsonNode> ofType(String type) {
            return received.stream().filter(f -> type.equals(f.path("type").asText())).toList();
        }
    }

    static WebSocket connect(String path, Frames frames, String... headers) throws Exception {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + RestAssured.port + path), frames).get(20, TimeUnit.SECONDS);
    }

    private String createIris() {
        return created.withAnthropicMind("Iris", KEY);
    }

    @Test
    void aMessageThroughTheSocketIsAnsweredThroughItAndOneHeardOverHttpShowsUp() throws Exception {
        String id = createIris();
        Frames frames = new Frames();
        WebSocket socket = connect("/ws/" + id, frames);
        try {
            socket.sendText("{\"type\":\"chat_message\",\"content\":\"Hello through the socket\"}", true).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> frames.ofType("chat_message").size() == 1);
            JsonNode heard = frames.received.get(0);
            assertEquals("heard", heard.path("type").asText());
            assertEquals(id, heard.path("persona_id").asText());
            assertEquals("Hello through the socket", heard.path("content").asText());
            assertEquals("web", heard.path("channel").path("type").asText());
            assertEquals(JSON.readTree("{\"type\":\"chat_message\",\"persona_id\":\"" + id
                    + "\",\"content\":\"I am here, my friend.\"}"), frames.received.get(1));

            socket.sendText("plain words, no frame", true).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> frames.ofType("chat_message").size() == 2);
            assertEquals("plain words, no frame", frames.received.get(2).path("content").asText());

            given().contentType(ContentType.JSON).body("{\"message\": \"over http\"}").post("/api/persona/" + id + "/hear")
                    .then().statusCode(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> frames.ofType("chat_message").size() == 3);
            assertEquals("over http", frames.received.get(4).path("content").asText());
            assertEquals("heard", frames.received.get(4).path("type").asText());

            socket.sendText("   ", true).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> frames.ofType("error").size() == 1);
            JsonNode error = frames.ofType("error").get(0);
            assertEquals(400, error.path("status").asInt());
            assertEquals("message: say something; it is empty.", error.path("detail").asText());

            List<Map<String, Object>> kept = given().get("/api/persona/" + id + "/conversation").then().statusCode(200)
                    .extract().jsonPath().getList("messages");
            assertEquals(List.of("Hello through the socket", "I am here, my friend.", "plain words, no frame",
                    "I am here, my friend.", "over http", "I am here, my friend."),
                    kept.stream().map(line -> line.get("content")).toList());
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnknownPersonaIsClosedWith4404AndAMalformedIdWith4400() throws Exception {
        Frames unknown = new Frames();
        connect("/ws/" + ConversationApiTest.UNKNOWN, unknown);
        assertEquals("4404 Persona not found.", unknown.closed.get(20, TimeUnit.SECONDS));
        Frames malformed = new Frames();
        connect("/ws/not-an-id", malformed);
        assertEquals("4400", malformed.closed.get(20, TimeUnit.SECONDS).split(" ")[0]);
    }

    @Test
    void aPageOfAnotherSiteCannotOpenHerConversation() throws Exception {
        String id = createIris();
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> connect("/ws/" + id, new Frames(), "Origin", "http://evil.example"));
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(403, handshake.getResponse().statusCode());
        Frames own = new Frames();
        connect("/ws/" + id, own, "Origin", "http://127.0.0.1:" + RestAssured.port).sendClose(WebSocket.NORMAL_CLOSURE, "")
                .get(10, TimeUnit.SECONDS);
        assertEquals("1000 ", own.closed.get(20, TimeUnit.SECONDS));
    }
}
