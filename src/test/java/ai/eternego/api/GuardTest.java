package ai.eternego.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.diary.Bip39;
import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.HostileDiaries;
import ai.eternego.diary.HostileDiaries.Entry;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.HomeSnapshot;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.Multipart;
import ai.eternego.testing.RawHttp;
import ai.eternego.testing.RawHttp.Answer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Who may talk to her, without a token: the Host guard (DNS rebinding), the Origin guard (cross-site
 * requests, JSON and multipart alike), no CORS, and the JSON size limit. Every refusal leaves
 * ETERNEGO_HOME exactly as it was and never reaches a provider.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class GuardTest {

    static final String KEY = "sk-ant-guard-4242";
    static final String CREATE = "{\"name\":\"Mallory's victim\",\"thinking_model\":\"claude-sonnet-4-6\","
            + "\"thinking_provider\":\"anthropic\",\"thinking_api_key\":\"" + KEY + "\"}";

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    int port;

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        port = RestAssured.port;
    }

    private String local() {
        return "localhost:" + port;
    }

    @ParameterizedTest
    @ValueSource(strings = { "evil.example:%d", "evil.example", "localhost:1", "localhost", "127.0.0.1:1",
            "127.0.0.2:%d", "localhost.evil.example:%d", "0.0.0.0:%d", "[::2]:%d", "" })
    void aRebindingHostIsRefused(String host) throws Exception {
        Answer answer = RawHttp.get(port, "/api/personas", host.replace("%d", String.valueOf(port)));
        assertEquals(403, answer.status(), host + " -> " + answer.body());
        assertTrue(answer.body().contains("local address"), answer.body());
    }

    /** Without a token the port is strict: a mapped port ({@code -p 8080:5000}) is not ours, even on a local name. */
    @ParameterizedTest
    @ValueSource(strings = { "localhost:8080", "127.0.0.1:5703", "[::1]:8080", "localhost:443" })
    void withoutATokenALocalNameOnAnotherPortIsRefused(String host) throws Exception {
        Answer answer = RawHttp.get(port, "/api/personas", host);
        assertEquals(403, answer.status(), host + " -> " + answer.body());
        assertEquals(200, RawHttp.get(port, "/api/personas", local()).status());
    }

    /** Vert.x itself turns away a Host it cannot parse (400) before the guard sees it: never served either way. */
    @ParameterizedTest
    @ValueSource(strings = { "localhost:%d:%d", "localhost:x", "localhost:%d/x" })
    void aMalformedHostIsRefused(String host) throws Exception {
        Answer answer = RawHttp.get(port, "/api/personas", host.replace("%d", String.valueOf(port)));
        assertTrue(answer.status() == 400 || answer.status() == 403, host + " -> " + answer.status());
        assertTrue(!answer.body().contains("\"personas\""), answer.body());
    }

    @Test
    void aRebindingHostCannotCreate() throws Exception {
        HomeSnapshot before = HomeSnapshot.of(home);
        Answer answer = RawHttp.post(port, "POST", "/api/persona/create", "evil.example:" + port, "application/json",
                CREATE.getBytes(StandardCharsets.UTF_8));
        assertEquals(403, answer.status(), answer.body());
        assertEquals(before, HomeSnapshot.of(home));
        assertEquals(0, Fakes.served(wm).size(), "a provider was called");
    }

    @ParameterizedTest
    @ValueSource(strings = { "localhost:%d", "127.0.0.1:%d", "[::1]:%d", "LOCALHOST:%d" })
    void localHostsWithOurPortAreServed(String host) throws Exception {
        Answer answer = RawHttp.get(port, "/api/personas", host.replace("%d", String.valueOf(port)));
        assertEquals(200, answer.status(), host + " -> " + answer.body());
    }

    /** An HTTP/2 client (h2c upgrade, as java.net.http does) sends :authority instead of Host: still ours. */
    @Test
    void anHttp2ClientIsServed() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        java.net.http.HttpResponse<String> first = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/api/personas")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, first.statusCode(), first.body());
        java.net.http.HttpResponse<String> second = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/personas")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, second.statusCode(), second.body());
        assertEquals(java.net.http.HttpClient.Version.HTTP_2, second.version(), "the second request went over HTTP/2");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://evil.example", "https://evil.example", "null", "http://localhost:1",
            "http://localhost.evil.example:%d", "https://localhost:%d", "file://", "not a url" })
    void aForeignOriginCannotCreate(String origin) throws Exception {
        HomeSnapshot before = HomeSnapshot.of(home);
        Answer answer = RawHttp.post(port, "POST", "/api/persona/create", local(), "application/json",
                CREATE.getBytes(StandardCharsets.UTF_8), "Origin: " + origin.replace("%d", String.valueOf(port)));
        assertEquals(403, answer.status(), origin + " -> " + answer.body());
        assertTrue(answer.body().contains("other web sites"), answer.body());
        assertEquals(before, HomeSnapshot.of(home));
        assertEquals(0, Fakes.served(wm).size(), "a provider was called");
    }

    /** A simple cross-site form post (text/plain, no preflight) is refused as well. */
    @Test
    void aForeignOriginCannotPostAPlainForm() throws Exception {
        HomeSnapshot before = HomeSnapshot.of(home);
        Answer answer = RawHttp.post(port, "POST", "/api/persona/create", local(), "text/plain",
                CREATE.getBytes(StandardCharsets.UTF_8), "Origin: http://evil.example");
        assertEquals(403, answer.status(), answer.body());
        assertEquals(before, HomeSnapshot.of(home));
    }

    @Test
    void aForeignOriginCannotMigrate() throws Exception {
        String phrase = Bip39.generate();
        String id = UUID.randomUUID().toString();
        byte[] diary = HostileDiaries.fernet(HostileDiaries.zip(Entry.file("config.json",
                "{\"id\":\"" + id + "\",\"name\":\"Mini\"}")), DiaryKey.derive(phrase, id), HostileDiaries.NOW);
        Multipart form = new Multipart().file("diary", id + ".diary", diary).field("phrase", phrase)
                .field("model", "claude-sonnet-4-6").field("provider", "anthropic").field("api_key", KEY);
        HomeSnapshot before = HomeSnapshot.of(home);
        Answer answer = RawHttp.post(port, "POST", "/api/persona/migrate", local(), form.contentType(), form.bytes(),
                "Origin: http://evil.example");
        assertEquals(403, answer.status(), answer.body());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(before, HomeSnapshot.of(home)));
        assertEquals(0, Fakes.served(wm).size(), "a provider was called");
        assertTrue(!Files.exists(home.resolve("personas").resolve(id)));

        // the same form without a foreign Origin is what would have happened
        Answer own = RawHttp.post(port, "POST", "/api/persona/migrate", local(), form.contentType(), form.bytes(),
                "Origin: http://" + local());
        assertEquals(200, own.status(), own.body());
        given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
    }

    @Test
    void aForeignOriginCannotDeleteAndOurOwnCan() throws Exception {
        String id = given().contentType(ContentType.JSON).body(CREATE).post("/api/persona/create")
                .then().statusCode(200).extract().path("persona.id");
        HomeSnapshot before = HomeSnapshot.of(home);
        for (String request : new String[] { "POST /api/persona/" + id + "/delete?purge=true",
                "DELETE /api/persona/" + id + "?purge=true", "POST /api/persona/" + id + "/stop" }) {
            String[] parts = request.split(" ");
            Answer answer = RawHttp.post(port, parts[0], parts[1], local(), "application/json", new byte[0],
                    "Origin: https://evil.example");
            assertEquals(403, answer.status(), request + " -> " + answer.body());
        }
        assertEquals(before, HomeSnapshot.of(home));
        given().get("/api/persona/" + id).then().statusCode(200);

        for (String own : new String[] { "http://localhost:%d", "http://127.0.0.1:%d", "http://[::1]:%d" }) {
            Answer stopped = RawHttp.post(port, "POST", "/api/persona/" + id + "/restart", local(), "application/json",
                    new byte[0], "Origin: " + own.replace("%d", String.valueOf(port)));
            assertEquals(200, stopped.status(), own + " -> " + stopped.body());
        }
        Answer deleted = RawHttp.post(port, "POST", "/api/persona/" + id + "/delete?purge=true", local(),
                "application/json", new byte[0], "Origin: http://" + local());
        assertEquals(200, deleted.status(), deleted.body());
        assertTrue(!Files.exists(home.resolve("personas").resolve(id)));
    }

    @Test
    void readingWithAForeignOriginIsFineAndThereIsNoCors() throws Exception {
        Answer read = RawHttp.get(port, "/api/personas", local(), "Origin: http://evil.example");
        assertEquals(200, read.status(), read.body());
        assertNull(read.header("Access-Control-Allow-Origin"), read.headers().toString());
        assertNull(read.header("Access-Control-Allow-Credentials"), read.headers().toString());

        Answer preflight = RawHttp.send(port, "OPTIONS /api/persona/create HTTP/1.1\r\nHost: " + local()
                + "\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: POST"
                + "\r\nAccess-Control-Request-Headers: content-type", null);
        assertNull(preflight.header("Access-Control-Allow-Origin"), preflight.headers().toString());
        assertNull(preflight.header("Access-Control-Allow-Methods"), preflight.headers().toString());
    }

    @Test
    void aJsonBodyOverTheLimitIs413() throws Exception {
        HomeSnapshot before = HomeSnapshot.of(home);
        byte[] big = ("{\"name\":\"" + "a".repeat((int) Guard.MAX_JSON_BYTES) + "\",\"thinking_model\":\"x\"}")
                .getBytes(StandardCharsets.UTF_8);
        Answer declared = RawHttp.post(port, "POST", "/api/persona/create", local(), "application/json", big);
        assertEquals(413, declared.status(), declared.body());
        Answer typed = RawHttp.post(port, "POST", "/api/persona/create", local(), "application/json; charset=UTF-8", big);
        assertEquals(413, typed.status(), typed.body());
        Answer chunked = RawHttp.postChunked(port, "/api/persona/create", local(), "application/json", big);
        assertEquals(411, chunked.status(), "a body of unknown length is not read: " + chunked.body());
        Answer plain = RawHttp.post(port, "POST", "/api/persona/create", local(), "text/plain", big);
        assertEquals(413, plain.status(), plain.body());
        assertEquals(before, HomeSnapshot.of(home));
        assertEquals(0, Fakes.served(wm).size(), "a provider was called");

        // just under the limit is read (and refused for what it says, not for its size)
        byte[] under = ("{\"name\":\"" + "a".repeat((int) Guard.MAX_JSON_BYTES - 100) + "\",\"thinking_model\":\"x\"}")
                .getBytes(StandardCharsets.UTF_8);
        Answer read = RawHttp.post(port, "POST", "/api/persona/create", local(), "application/json", under);
        assertEquals(422, read.status(), read.body());
    }
}
