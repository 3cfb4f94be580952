package ai.eternego.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.HomeSnapshot;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.RawHttp;
import ai.eternego.testing.RawHttp.Answer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

/**
 * With {@code eternego.api.token} set: every request needs {@code Authorization: Bearer <token>}
 * (401 otherwise, with {@code WWW-Authenticate: Bearer}), except {@code /q/health} (liveness probes;
 * it tells nothing about her). Path tricks that reach /api by another spelling are refused too.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
@TestProfile(GuardTokenTest.WithToken.class)
class GuardTokenTest {

    static final String TOKEN = "tok-7f3a9c1e-guard-secret";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eternego.api.token", TOKEN);
        }
    }

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    private Answer get(String path, String... headers) throws Exception {
        return RawHttp.get(RestAssured.port, path, "localhost:" + RestAssured.port, headers);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Authorization: Bearer wrong", "Authorization: Bearer " + TOKEN + "x",
            "Authorization: Bearer", "Authorization: Basic " + TOKEN, "Authorization: " + TOKEN,
            "Authorization: Bearer " + "tok-7f3a9c1e-guard-secreT" })
    void aMissingOrWrongTokenIs401(String header) throws Exception {
        Answer answer = header.isEmpty() ? get("/api/personas") : get("/api/personas", header);
        assertEquals(401, answer.status(), header + " -> " + answer.body());
        assertEquals("Bearer", answer.header("WWW-Authenticate"));
        assertTrue(!answer.body().contains(TOKEN), answer.body());
    }

    @ParameterizedTest
    @ValueSource(strings = { "Bearer ", "bearer ", "BEARER " })
    void theRightTokenIsServed(String scheme) throws Exception {
        Answer answer = get("/api/personas", "Authorization: " + scheme + TOKEN);
        assertEquals(200, answer.status(), answer.body());
    }

    @Test
    void herSocketNeedsTheTokenToo() throws Exception {
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> ConversationSocketTest.connect("/ws/" + ConversationApiTest.UNKNOWN, new ConversationSocketTest.Frames()));
        assertEquals(401, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
        ConversationSocketTest.Frames frames = new ConversationSocketTest.Frames();
        ConversationSocketTest.connect("/ws/" + ConversationApiTest.UNKNOWN, frames, "Authorization", "Bearer " + TOKEN);
        assertEquals("4404 Persona not found.", frames.closed.get(20, java.util.concurrent.TimeUnit.SECONDS));
    }

    private static java.net.http.WebSocket connectOffering(ConversationSocketTest.Frames frames, String... protocols)
            throws Exception {
        return java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols(protocols[0], java.util.Arrays.copyOfRange(protocols, 1, protocols.length))
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + RestAssured.port + "/ws/" + ConversationApiTest.UNKNOWN),
                        frames).get(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aBrowserOffersTheTokenAsASubprotocolOfHerSocket() throws Exception {
        ConversationSocketTest.Frames frames = new ConversationSocketTest.Frames();
        java.net.http.WebSocket socket = connectOffering(frames, "eternego", "bearer." + TOKEN);
        assertEquals("eternego", socket.getSubprotocol(), "the server chooses its subprotocol, never the token");
        assertEquals("4404 Persona not found.", frames.closed.get(20, java.util.concurrent.TimeUnit.SECONDS));

        for (String[] offered : List.of(new String[] {"eternego", "bearer.wrong-token"}, new String[] {"eternego"},
                new String[] {"eternego", "bearer." + TOKEN + "x"}, new String[] {"eternego", TOKEN})) {
            java.util.concurrent.ExecutionException refused = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> connectOffering(new ConversationSocketTest.Frames(), offered));
            assertEquals(401, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode(),
                    String.join(",", offered));
        }
        Answer plain = get("/api/personas", "Sec-WebSocket-Protocol: eternego, bearer." + TOKEN);
        assertEquals(401, plain.status(), "the subprotocol form is only for a socket");
    }

    @Test
    void aCreateWithoutTheTokenChangesNothing() throws Exception {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", GuardTest.KEY);
        HomeSnapshot before = HomeSnapshot.of(home);
        Answer answer = RawHttp.post(RestAssured.port, "POST", "/api/persona/create", "localhost:" + RestAssured.port,
                "application/json", GuardTest.CREATE.getBytes(StandardCharsets.UTF_8));
        assertEquals(401, answer.status(), answer.body());
        assertEquals(before, HomeSnapshot.of(home));
        assertEquals(0, Fakes.served(wm).size());

        Answer created = RawHttp.post(RestAssured.port, "POST", "/api/persona/create", "localhost:" + RestAssured.port,
                "application/json", GuardTest.CREATE.getBytes(StandardCharsets.UTF_8), "Authorization: Bearer " + TOKEN);
        assertEquals(200, created.status(), created.body());
    }

    /** Other spellings of an /api path must not slip past the token. */
    @ParameterizedTest
    @ValueSource(strings = { "/%61pi/personas", "/./api/personas", "//api/personas", "/q/../api/personas",
            "/api/../api/personas", "/%2e/api/personas", "/q/health/../../api/personas", "/q/health/%2e%2e/%2e%2e/api/personas",
            "/q/health/..%2f..%2fapi/personas" })
    void pathTricksStillNeedTheToken(String path) throws Exception {
        Answer answer = get(path);
        assertTrue(answer.status() == 401 || answer.status() == 404 || answer.status() == 400,
                path + " -> " + answer.status() + " " + answer.body());
        assertTrue(!answer.body().contains("\"personas\""), path + " listed personas: " + answer.body());
    }

    /** The OpenAI-compatible door is behind the token too: it is the client's API key. */
    @Test
    void theOpenAiDoorTakesTheTokenAsItsApiKey() throws Exception {
        for (String path : List.of("/v1/models", "/v1/models/0b5f9e36-1c2d-4e8f-9a7b-6c5d4e3f2a10", "/%761/models")) {
            Answer refused = get(path, "Authorization: Bearer wrong");
            assertEquals(401, refused.status(), path + " -> " + refused.body());
            assertEquals("Bearer", refused.header("WWW-Authenticate"));
            assertEquals("invalid_api_key", new JsonObject(refused.body()).getJsonObject("error")
                    .getString("code"), refused.body());
        }
        Answer post = RawHttp.post(RestAssured.port, "POST", "/v1/chat/completions", "localhost:" + RestAssured.port,
                "application/json", "{\"model\": \"x\", \"messages\": []}".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, post.status(), post.body());
        assertEquals(200, get("/v1/models", "Authorization: Bearer " + TOKEN).status());

        String base = "http://localhost:" + RestAssured.port + "/v1";
        OpenAIClient wrong = OpenAIOkHttpClient.builder().apiKey("sk-wrong").baseUrl(base).maxRetries(0).build();
        OpenAIClient right = OpenAIOkHttpClient.builder().apiKey(TOKEN).baseUrl(base).maxRetries(0).build();
        try {
            UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> wrong.models().list());
            assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
            List<String> listed = new JsonObject(get("/v1/models", "Authorization: Bearer " + TOKEN).body())
                    .getJsonArray("data").stream().map(m -> ((JsonObject) m).getString("id")).toList();
            assertEquals(listed, right.models().list().data().stream().map(m -> m.id()).toList());
        } finally {
            wrong.close();
            right.close();
        }
    }

    @Test
    void healthIsOpenEverythingElseIsNot() throws Exception {
        assertEquals(200, get("/q/health").status());
        assertEquals(200, get("/q/health/live").status());
        assertEquals(401, get("/q/openapi").status());
        assertEquals(401, get("/q/swagger-ui/").status());
        assertEquals(401, get("/q/healthx").status());
        assertEquals(200, get("/q/openapi", "Authorization: Bearer " + TOKEN).status());
    }

    /** A container publishes her port under another one ({@code -p 8080:5000}): the Host carries that one. */
    @ParameterizedTest
    @ValueSource(strings = { "localhost:8080", "127.0.0.1:5703", "[::1]:1", "localhost", "LOCALHOST:443" })
    void aLocalNameOnAnyPortIsServedWithTheToken(String host) throws Exception {
        Answer answer = RawHttp.get(RestAssured.port, "/api/personas", host, "Authorization: Bearer " + TOKEN);
        assertEquals(200, answer.status(), host + " -> " + answer.body());
        assertTrue(answer.body().contains("\"personas\""), answer.body());
    }

    @ParameterizedTest
    @ValueSource(strings = { "evil.example:8080", "localhost.evil.example:5703", "127.0.0.2:8080", "0.0.0.0:5000" })
    void aForeignNameOnAnyPortIsStillRefusedWithTheToken(String host) throws Exception {
        Answer answer = RawHttp.get(RestAssured.port, "/api/personas", host, "Authorization: Bearer " + TOKEN);
        assertEquals(403, answer.status(), host + " -> " + answer.body());
        assertTrue(answer.body().contains("local address"), answer.body());
    }

    @Test
    void hostAndOriginStillApplyWithTheRightToken() throws Exception {
        Answer rebinding = RawHttp.get(RestAssured.port, "/api/personas", "evil.example:" + RestAssured.port,
                "Authorization: Bearer " + TOKEN);
        assertEquals(403, rebinding.status());
        Answer foreign = RawHttp.post(RestAssured.port, "POST", "/api/persona/create",
                "localhost:" + RestAssured.port, "application/json", "{}".getBytes(StandardCharsets.UTF_8),
                "Authorization: Bearer " + TOKEN, "Origin: http://evil.example");
        assertEquals(403, foreign.status());
    }
}
