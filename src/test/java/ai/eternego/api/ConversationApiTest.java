package ai.eternego.api;

import static ai.eternego.api.MigrateSupport.FIXTURE_ID;
import static ai.eternego.api.MigrateSupport.migrate;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.Upstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** She talks: hear, chat (whole and word by word), her conversation, her refusals, her past in her prompt. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class ConversationApiTest {

    static final String KEY = "sk-ant-TALK-mind-4444";
    static final String UNKNOWN = "0b5f9e36-1c2d-4e8f-9a7b-6c5d4e3f2a10";
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
        Fakes.ollamaRunning(wm, "qwen2.5:7b");
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(200), "I am ", "here, ", "my friend.");
    }

    @AfterEach
    void purge() {
        created.purgeAll(home);
    }

    private String createIris(String key) {
        return created.withAnthropicMind("Iris", key);
    }

    private static String message(String text) {
        return "{\"message\": " + quote(text) + "}";
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<Map<String, Object>> conversation(String id) {
        return given().get("/api/persona/" + id + "/conversation").then().statusCode(200).extract().jsonPath()
                .getList("messages");
    }

    private List<JsonNode> mindRequests() {
        return wm.findAll(postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))).stream()
                .map(LoggedRequest::getBodyAsString).map(body -> {
                    try {
                        return JSON.readTree(body);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).toList();
    }

    @Test
    void chatAnswersWholeAndKeepsBothLines() {
        String id = createIris(KEY);

        JsonPath reply = given().contentType(ContentType.JSON).body(message("Hello, Iris — ça va?"))
                .post("/api/persona/" + id + "/chat").then().statusCode(200).extract().jsonPath();

        assertEquals("I am here, my friend.", reply.getString("reply"));
        OffsetDateTime.parse(reply.getString("time"));
        List<Map<String, Object>> lines = conversation(id);
        assertEquals(2, lines.size());
        assertEquals(List.of("role", "content", "channel", "time"), List.copyOf(lines.get(0).keySet()));
        assertEquals("person", lines.get(0).get("role"));
        assertEquals("Hello, Iris — ça va?", lines.get(0).get("content"));
        assertEquals(Map.of("type", "web", "name", "web"), lines.get(0).get("channel"));
        assertEquals("persona", lines.get(1).get("role"));
        assertEquals("I am here, my friend.", lines.get(1).get("content"));
        assertEquals(Map.of("type", "web", "name", "web"), lines.get(1).get("channel"),
                "her reply belongs to the channel she was spoken to on");
        assertEquals(reply.getString("time"), lines.get(1).get("time"));

        JsonNode sent = mindRequests().get(0);
        assertTrue(sent.path("system").path(0).path("text").asText().contains("You are Iris"));
        assertEquals("Hello, Iris — ça va?", sent.path("messages").path(0).path("content").asText());
    }

    @Test
    void chatStreamsHerWordsThenWhatSheSaid() {
        String id = createIris(KEY);

        String stream = given().contentType(ContentType.JSON).accept("text/event-stream").body(message("Talk to me"))
                .post("/api/persona/" + id + "/chat").then().statusCode(200).extract().asString();

        List<String> events = new ArrayList<>();
        StringBuilder words = new StringBuilder();
        String said = null;
        String name = null;
        for (String line : stream.split("\n")) {
            if (line.startsWith("event:")) {
                name = line.substring(6).trim();
                events.add(name);
            } else if (line.startsWith("data:")) {
                JsonPath data = JsonPath.from(line.substring(5));
                if ("token".equals(name)) {
                    words.append(data.getString("text"));
                } else if ("said".equals(name)) {
                    said = data.getString("content");
                }
            }
        }
        assertEquals("said", events.get(events.size() - 1));
        assertTrue(events.size() >= 2 && events.subList(0, events.size() - 1).stream().allMatch("token"::equals), events.toString());
        assertEquals("I am here, my friend.", words.toString());
        assertEquals("I am here, my friend.", said);
    }

    @Test
    void aClientThatLeavesInTheMiddleOfHerWordsLosesNothingOfHers() throws Exception {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(1500), "I am ", "here, ", "my friend, ", "and I ", "stay.");
        String id = createIris(KEY);
        byte[] body = message("Talk to me").getBytes(StandardCharsets.UTF_8);

        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("POST /api/persona/" + id + "/chat HTTP/1.1\r\nHost: 127.0.0.1:"
                    + RestAssured.port + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            BufferedReader answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line = answer.readLine();
            assertEquals("HTTP/1.1 200 OK", line);
            do {
                line = answer.readLine();
            } while (line != null && !line.startsWith("event:token"));
            assertEquals("event:token", line, "her first word came before the client left");
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> conversation(id).size() == 2);
        assertEquals("I am here, my friend, and I stay.", conversation(id).get(1).get("content"),
                "her reply is kept whole though nobody listened to its end");
        assertEquals("I am here, my friend, and I stay.", given().contentType(ContentType.JSON)
                .body(message("Still there?")).post("/api/persona/" + id + "/chat").then().statusCode(200)
                .extract().jsonPath().getString("reply"));
    }

    @Test
    void fiveMessagesAtOnceMakeOneOrderedConversationNoneLostNoneAnsweredTwice() throws Exception {
        String id = createIris(KEY);
        List<String> sent = IntStream.rangeClosed(1, 5).mapToObj(i -> "message number " + i).toList();

        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<CompletableFuture<Void>> calls = sent.stream().map(text -> CompletableFuture.runAsync(() ->
                    given().contentType(ContentType.JSON).body(message(text)).post("/api/persona/" + id + "/hear")
                            .then().statusCode(200).body("status", equalTo("received")), pool)).toList();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdown();
        }

        // she answers in order: once a chat is answered, every message heard before it is answered too
        given().contentType(ContentType.JSON).body(message("and the last one")).post("/api/persona/" + id + "/chat")
                .then().statusCode(200);
        sent = new ArrayList<>(sent);
        sent.add("and the last one");
        List<Map<String, Object>> lines = conversation(id);
        List<Object> heard = lines.stream().filter(l -> "person".equals(l.get("role"))).map(l -> l.get("content")).toList();
        assertEquals(sent.stream().sorted().toList(), heard.stream().map(String::valueOf).sorted().toList());
        List<JsonNode> requests = mindRequests();
        long replies = lines.stream().filter(l -> "persona".equals(l.get("role"))).count();
        assertEquals(requests.size(), replies, "one reply per turn of her Mind");
        assertTrue(requests.size() < sent.size(), "waiting messages were answered together: " + requests.size() + " turns");
        for (String text : sent) {
            long answered = requests.stream().filter(r -> {
                JsonNode messages = r.path("messages");
                return messages.path(messages.size() - 1).path("content").asText().contains(text);
            }).count();
            assertEquals(1, answered, text + " was answered " + answered + " times");
        }
        List<Object> times = lines.stream().map(l -> l.get("time")).toList();
        for (int i = 1; i < times.size(); i++) {
            assertFalse(OffsetDateTime.parse((String) times.get(i)).isBefore(OffsetDateTime.parse((String) times.get(i - 1))),
                    "the conversation is in order");
        }
    }

    @Test
    void whenHerMindRefusesHerKeySheSaysSoAndNothingIsLost() {
        String id = createIris(KEY);
        wm.resetAll();
        Fakes.anthropicChat(wm, "sk-ant-some-other-key", Duration.ofMillis(10), "never");

        String reply = given().contentType(ContentType.JSON).body(message("Are you there?"))
                .post("/api/persona/" + id + "/chat").then().statusCode(200).extract().jsonPath().getString("reply");

        assertEquals("I can't think right now: my Mind (anthropic) refused my key.", reply);
        List<Map<String, Object>> lines = conversation(id);
        assertEquals(List.of("Are you there?", reply), lines.stream().map(l -> l.get("content")).toList());
    }

    @Test
    void refusals() {
        given().contentType(ContentType.JSON).body(message("hi")).post("/api/persona/" + UNKNOWN + "/hear")
                .then().statusCode(404).body("detail", equalTo("Persona not found."));
        given().get("/api/persona/" + UNKNOWN + "/conversation").then().statusCode(404);
        given().contentType(ContentType.JSON).body(message("hi")).post("/api/persona/not-an-id/chat").then().statusCode(400);

        String id = createIris(KEY);
        given().contentType(ContentType.JSON).body(message("  ")).post("/api/persona/" + id + "/hear").then().statusCode(400);
        given().get("/api/persona/" + id + "/conversation?limit=0").then().statusCode(400);
        given().post("/api/persona/" + id + "/stop").then().statusCode(200);
        given().contentType(ContentType.JSON).body(message("hi")).post("/api/persona/" + id + "/hear")
                .then().statusCode(409).body("detail", equalTo("She is not running: start her first."));
        given().contentType(ContentType.JSON).body(message("hi")).post("/api/persona/" + id + "/chat").then().statusCode(409);
        String stream = given().contentType(ContentType.JSON).accept("text/event-stream").body(message("hi"))
                .post("/api/persona/" + id + "/chat").then().statusCode(200).extract().asString();
        assertTrue(stream.contains("event:error") && stream.contains("\"status\":409"), stream);
        assertEquals(List.of(), conversation(id), "nothing was kept for a persona who does not run");
    }

    @Test
    void theMigratedFixtureAnswersWithHerPastInHerPrompt() throws Exception {
        Path fixtures = Upstream.shared().resolve("fixtures/diary");
        byte[] diary = Files.readAllBytes(fixtures.resolve(FIXTURE_ID + ".diary"));
        String phrase = Files.readString(fixtures.resolve(FIXTURE_ID + ".phrase"), StandardCharsets.UTF_8);
        migrate(FIXTURE_ID + ".diary", diary, phrase,
                Map.of("model", "claude-sonnet-4-6", "provider", "anthropic", "api_key", KEY)).statusCode(200);
        created.add(FIXTURE_ID);
        Path herHome = home.resolve("personas").resolve(FIXTURE_ID).resolve("home");
        List<Map<String, Object>> past = conversation(FIXTURE_ID);
        assertFalse(past.isEmpty(), "the fixture carries a conversation");

        String reply = given().contentType(ContentType.JSON).body(message("Do you remember me?"))
                .post("/api/persona/" + FIXTURE_ID + "/chat").then().statusCode(200).extract().jsonPath().getString("reply");

        assertEquals("I am here, my friend.", reply);
        JsonNode sent = mindRequests().get(0);
        String system = sent.path("system").path(0).path("text").asText();
        assertTrue(system.contains("You are Vesper"), system);
        int identityFiles = 0;
        for (String name : List.of("person.md", "traits.md", "wishes.md", "struggles.md", "persona-trait.md",
                "permissions.md", "notes.md")) {
            Path file = herHome.resolve(name);
            if (Files.isRegularFile(file) && !Files.readString(file).isBlank()) {
                identityFiles++;
                assertTrue(system.contains(Files.readString(file).strip()), name + " is not in her prompt");
            }
        }
        assertTrue(identityFiles > 0, "the fixture has identity files");
        // her past days: the day her briefing names is in her prompt, after what she knows
        String briefing = Files.readString(herHome.resolve("history/briefing.md"), StandardCharsets.UTF_8);
        assertTrue(briefing.contains(": conversation-2025-01-13.md"), briefing);
        List<String> day = Files.readAllLines(herHome.resolve("history/conversation-2025-01-13.md"), StandardCharsets.UTF_8)
                .stream().filter(l -> !l.isBlank()).toList();
        assertFalse(day.isEmpty(), "the fixture carries a past day");
        for (String line : day) {
            assertTrue(system.contains(line.strip()), "her past day is in her prompt: " + line);
        }
        int pastAt = system.indexOf("### 2025-01-13");
        for (String name : List.of("person.md", "traits.md", "wishes.md", "struggles.md", "persona-trait.md",
                "permissions.md", "notes.md")) {
            assertTrue(system.indexOf("## " + name) < pastAt, "her past days come after what she knows: " + name);
        }
        String messages = sent.path("messages").toString();
        assertTrue(messages.contains(JSON.writeValueAsString(past.get(0).get("content")).replaceAll("^\"|\"$", "")),
                "her past conversation is in her prompt: " + messages);
        assertTrue(messages.contains("Do you remember me?"));
        assertEquals(past.size() + 2, conversation(FIXTURE_ID).size());
    }

    @Test
    void noKeyReachesTheLog() throws Exception {
        String id = createIris(KEY);
        given().contentType(ContentType.JSON).body(message("hello")).post("/api/persona/" + id + "/chat").then().statusCode(200);
        Path log = Path.of("target/quarkus-test.log");
        assertFalse(Files.exists(log) && Files.readString(log).contains(KEY));
    }

    @Test
    void eventsTellWhatSheHearsAndSaysAsItIsKept() throws Exception {
        String id = createIris(KEY);
        given().get("/api/persona/" + UNKNOWN + "/events").then().statusCode(404);
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> opened = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/api/persona/" + id + "/events"))
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> response = opened.get();
        assertEquals(200, response.statusCode());
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> response.body().forEach(lines::add));
        try {
            // the stream is open once an event is told: keep talking until the first one arrives
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                given().contentType(ContentType.JSON).body(message("Are you listening?"))
                        .post("/api/persona/" + id + "/chat").then().statusCode(200);
                return lines.stream().anyMatch(l -> l.startsWith("event:said"));
            });
            List<String> events = lines.stream().filter(l -> l.startsWith("event:")).map(l -> l.substring(6).trim()).toList();
            List<String> data = lines.stream().filter(l -> l.startsWith("data:")).map(l -> l.substring(5)).toList();
            assertEquals("heard", events.get(0));
            assertEquals("said", events.get(1));
            assertEquals("Are you listening?", JsonPath.from(data.get(0)).getString("content"));
            assertEquals("person", JsonPath.from(data.get(0)).getString("role"));
            assertEquals("I am here, my friend.", JsonPath.from(data.get(1)).getString("content"));
            assertEquals("persona", JsonPath.from(data.get(1)).getString("role"));
        } finally {
            reading.cancel(true);
            response.body().close();
        }
    }
}
