package ai.eternego.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import ai.eternego.persona.Conversation;
import ai.eternego.record.ConversationLine;
import ai.eternego.store.HomeLayout;
import ai.eternego.store.MediaKind;
import ai.eternego.store.MediaStore;
import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Her Discord channel through the whole service: created with a bot token, she opens a gateway session;
 * a stranger's first direct message gets a pairing code, pairing makes that chat hers, she answers it once
 * through Discord's REST side, another chat gets nothing, and a delete closes the session. Files, with her
 * organs faked by WireMock in OpenAI's shapes: an image and a voice message from the paired chat are fetched
 * from the fake CDN without her token, kept byte for byte under her media/, seen by her eye and heard by her
 * ear, and answered on Discord, her answer to the voice also aloud as {@code files[0]}; two files in one
 * message are taken in order, the words with the first, and when the message is offered again after its first
 * was kept, that one is not taken twice; a file she made goes after her words as
 * {@code files[0]}; a PDF is fetched the same way, read by her researcher (OpenAI's {@code file} part) and
 * answered in words; a file too large, of a kind she does not keep, gone from the CDN or not what it claims
 * is refused in words and nothing of it is kept.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class DiscordChannelTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String KEY = "sk-ant-DISCORD-door-5151";
    private static final String OAI = "sk-oai-DISCORD-organs-6161";
    private static final String ANSWER = "I am here.";
    private static final byte[] VOICE_OUT = "OggS\0\2she-answers-on-discord".getBytes(StandardCharsets.ISO_8859_1);
    /** Her eye, ear and mouth, as fields of a create request. */
    private static final String ORGANS = """
            "eye_model": "gpt-4o", "eye_provider": "openai", "eye_api_key": "%1$s",
            "ear_model": "whisper-1", "ear_provider": "openai", "ear_api_key": "%1$s",
            "mouth_model": "gpt-4o-mini-tts", "mouth_provider": "openai", "mouth_api_key": "%1$s",
            """.formatted(OAI);
    private static final String TOKEN = "MTA0.door.token-five";
    private static final String DM = "100000000000000001";
    private static final String OTHER_DM = "100000000000000002";
    private static final Pattern CODE = Pattern.compile("pairing code on my page: ([0-9A-F]{6})");

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    Conversation conversation;

    @Inject
    MediaStore media;

    @Inject
    HomeLayout layout;

    private FakeDiscordGateway fake;
    private final CreatedPersonas created = new CreatedPersonas();

    @BeforeEach
    void start() throws Exception {
        wm.resetAll();
        fake = new FakeDiscordGateway().heartbeatInterval(1000);
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(5), "I am ", "here.");
        Fakes.discordBot(wm, TOKEN);
        wm.stubFor(get(urlPathEqualTo(FakeWorld.DISCORD + "/gateway/bot"))
                .willReturn(okJson(new JsonObject().put("url", fake.url()).put("shards", 1).encode())));
        wm.stubFor(post(urlPathMatching(Pattern.quote(FakeWorld.DISCORD + "/channels/") + "\\d+/messages"))
                .willReturn(okJson("{\"id\":\"900000000000000001\"}")));
        wm.stubFor(post(urlPathMatching(Pattern.quote(FakeWorld.DISCORD + "/channels/") + "\\d+/typing"))
                .willReturn(aResponse().withStatus(204)));
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", OAI);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "whisper-1", OAI);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o-mini-tts", OAI);
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/chat/completions")).willReturn(okJson("{\"id\":\"c1\","
                + "\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"A red square.\"},\"finish_reason\":\"stop\"}],\"usage\":{}}")));
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/transcriptions"))
                .willReturn(okJson("{\"text\":\"Hello, it is me.\"}")));
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/speech")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/ogg").withBody(VOICE_OUT)));
    }

    @AfterEach
    void stop() throws Exception {
        created.purgeAll(home);
        fake.close();
    }

    /** The requests that reached the fake, in the order they arrived (WireMock lists the newest first). */
    private List<LoggedRequest> arrived() {
        List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
        Collections.reverse(events);
        return events.stream().map(ServeEvent::getRequest).toList();
    }

    /** The messages posted to {@code channel}, in order: words as JSON, files as multipart. */
    private List<LoggedRequest> postsTo(String channel) {
        String path = FakeWorld.DISCORD + "/channels/" + channel + "/messages";
        return arrived().stream().filter(r -> "POST".equals(r.getMethod().getName()) && path.equals(r.getUrl()))
                .toList();
    }

    private List<String> sentTo(String channel) {
        return postsTo(channel).stream().filter(r -> r.getHeader("Content-Type").startsWith("application/json"))
                .map(r -> new JsonObject(r.getBodyAsString()).getString("content")).toList();
    }

    /** The messages with a file posted to {@link #DM}. */
    private List<LoggedRequest> filePosts() {
        return postsTo(DM).stream().filter(r -> r.getHeader("Content-Type").startsWith("multipart/")).toList();
    }

    /** The calls her organs made to the fake OpenAI (models looked up at her creation aside), in order. */
    private List<String> organCalls() {
        return arrived().stream().filter(r -> "POST".equals(r.getMethod().getName())
                && r.getUrl().startsWith(FakeWorld.OPENAI + "/")).map(r -> r.getUrl().substring(FakeWorld.OPENAI.length()))
                .toList();
    }

    private void cdn(String name, byte[] bytes) {
        wm.stubFor(get(urlPathEqualTo(CDN + name)).willReturn(aResponse().withStatus(200).withBody(bytes)));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> media(Map<String, Object> line) {
        Object media = line.get("media");
        assertTrue(media instanceof Map, "a line about a file carries its media: " + line);
        return (Map<String, Object>) media;
    }

    /** Nothing fetched from Discord is left in the service's download folder, nor in her workspace. */
    private void assertNothingDownloadedLeft(String id) throws Exception {
        try (Stream<Path> left = Files.list(layout.tempDir().resolve("channels"))) {
            assertEquals(List.of(), left.toList(), "the fetched copies are deleted");
        }
        assertFalse(Files.exists(layout.workspaceDir(id).resolve("incoming")), "no copy is made in her workspace");
    }

    /** Creates her with a Discord bot and pairs the direct message {@link #DM} to her; her id. */
    private String paired(String name) {
        return paired(name, "");
    }

    /** As {@link #paired(String)}, with {@code organs} (fields of the create request, each followed by a comma). */
    private String paired(String name, String organs) {
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "%s", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic", %s
                 "thinking_api_key": "%s", "discord_token": "%s"}""".formatted(name, organs, KEY, TOKEN))
                .when().post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");
        created.add(id);
        await().atMost(WAIT).until(() -> !fake.sent(2).isEmpty());
        fake.pushDirectMessage("210000000000000001", "hello");
        await().atMost(WAIT).until(() -> !sentTo(DM).isEmpty());
        Matcher code = CODE.matcher(sentTo(DM).get(0));
        assertTrue(code.find(), sentTo(DM).get(0));
        given().contentType(ContentType.JSON).body("{\"code\": \"" + code.group(1) + "\"}")
                .post("/api/persona/" + id + "/pair").then().statusCode(200);
        return id;
    }

    private static final String CDN = "/discord-cdn/attachments/7/8/";

    private JsonObject withFiles(String messageId, String text, int flags, JsonObject... files) {
        return FakeDiscordGateway.message(messageId, DM, null, "300000000000000001", false, text)
                .put("flags", flags).put("attachments", new JsonArray(List.of((Object[]) files)));
    }

    private JsonObject file(String name, String type, long size) {
        return new JsonObject().put("id", "5" + name.length()).put("filename", name).put("content_type", type)
                .put("size", size).put("url", wm.baseUrl() + CDN + name + "?ex=1&is=2&hm=3");
    }

    private List<Map<String, Object>> conversationOf(String id) {
        return given().get("/api/persona/" + id + "/conversation").then().statusCode(200).extract().jsonPath()
                .getList("messages");
    }

    private long answered() {
        return sentTo(DM).stream().filter(ANSWER::equals).count();
    }

    private List<String> kept(String id) throws Exception {
        Path dir = media.dir(id);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aStrangerIsGivenACodeThePairedChatIsAnsweredOnceAndOthersGetNothing() {
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "Vega", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s", "discord_token": "%s"}""".formatted(KEY, TOKEN))
                .when().post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");
        created.add(id);
        await().atMost(WAIT).until(() -> !fake.sent(2).isEmpty());
        assertEquals(TOKEN, fake.sent(2).get(0).getJsonObject("d").getString("token"), "she identifies with her bot");

        fake.pushDirectMessage("200000000000000001", "hello, who are you?");
        await().atMost(WAIT).until(() -> !sentTo(DM).isEmpty());
        Matcher code = CODE.matcher(sentTo(DM).get(0));
        assertTrue(code.find(), "the first chat is given a pairing code: " + sentTo(DM).get(0));

        given().contentType(ContentType.JSON).body("{\"code\": \"" + code.group(1) + "\"}")
                .post("/api/persona/" + id + "/pair").then().statusCode(200)
                .body("persona.channels[0].verified", org.hamcrest.Matchers.equalTo(true))
                .body("persona.channels[0].name", org.hamcrest.Matchers.equalTo(DM));

        fake.pushDirectMessage("200000000000000002", "are you there?");
        await().atMost(WAIT).until(() -> sentTo(DM).contains("I am here."));
        fake.push("MESSAGE_CREATE", FakeDiscordGateway.message("200000000000000003", OTHER_DM, null,
                "300000000000000009", false, "me too?"));
        fake.pushDirectMessage("200000000000000004", "still there?");
        await().atMost(WAIT).until(() -> sentTo(DM).stream().filter("I am here."::equals).count() == 2);

        assertEquals(List.of(), sentTo(OTHER_DM), "nothing is sent to a chat she is not paired to");
        List<String> heard = given().get("/api/persona/" + id + "/conversation").then().statusCode(200).extract()
                .jsonPath().getList("messages.findAll { it.role == 'person' }.content", String.class);
        assertEquals(List.of("are you there?", "still there?"), heard, "she heard her paired chat only, once each");
        given().get("/api/persona/" + id + "/diagnose").then().statusCode(200)
                .body("channels[0].connected", org.hamcrest.Matchers.equalTo(true));

        given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
        await().atMost(WAIT).until(() -> fake.conns().stream().allMatch(conn -> conn.closed));
    }

    @Test
    void aBotWithoutTheMessageContentIntentIsStoppedAndDiagnoseSaysWhatToDo() {
        fake.closeOnIdentify(4014);
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "Deneb", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s", "discord_token": "%s"}""".formatted(KEY, TOKEN))
                .when().post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");
        created.add(id);
        await().atMost(WAIT).until(() -> String.valueOf(given().get("/api/persona/" + id + "/diagnose").then()
                .statusCode(200).extract().jsonPath().getString("channels[0].last_error"))
                .contains("enable MESSAGE_CONTENT for this bot in the Developer Portal"));
        given().get("/api/persona/" + id + "/diagnose").then().statusCode(200)
                .body("channels[0].connected", org.hamcrest.Matchers.equalTo(false));
    }

    @Test
    void anImageAndAVoiceMessageAreFetchedKeptSeenHeardAndAnsweredOnDiscord() throws Exception {
        String id = paired("Lyra", ORGANS);
        byte[] png = DiscordFilesTest.drawing(5000);
        byte[] ogg = "OggS voice of a person, opus frames".getBytes(StandardCharsets.US_ASCII);
        cdn("cat.png", png);
        cdn("voice-message.ogg", ogg);

        fake.push("MESSAGE_CREATE", withFiles("220000000000000001", "look at my cat", 0,
                file("cat.png", "image/png", png.length)));
        await().atMost(WAIT).until(() -> answered() == 1);
        fake.push("MESSAGE_CREATE", withFiles("220000000000000002", "", 8192,
                file("voice-message.ogg", "audio/ogg", ogg.length).put("duration_secs", 1.5)));
        await().atMost(WAIT).until(() -> answered() == 2 && !filePosts().isEmpty());

        for (String name : List.of("cat.png", "voice-message.ogg")) {
            wm.verify(1, getRequestedFor(urlPathEqualTo(CDN + name)).withHeader("Authorization", absent()));
        }
        wm.verify(1, Fakes.openAiEyeAsked(OAI, "gpt-4o", "image/png", png, "look at my cat"));
        wm.verify(1, Fakes.openAiEarAsked(OAI, "whisper-1", "audio/ogg", ogg));
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/speech"))
                .withHeader("Authorization", equalTo("Bearer " + OAI))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini-tts")))
                .withRequestBody(matchingJsonPath("$.input", equalTo(ANSWER)))
                .withRequestBody(matchingJsonPath("$.response_format", equalTo("opus"))));
        assertEquals(List.of("/v1/chat/completions", "/v1/audio/transcriptions", "/v1/audio/speech"), organCalls(),
                "her eye looked, her ear listened, her mouth spoke: once each, in that order");

        List<Map<String, Object>> lines = conversationOf(id);
        assertEquals(List.of("person", "persona", "person", "persona"), lines.stream().map(l -> l.get("role")).toList(),
                "each file is one message she answered: " + lines);
        Map<String, Object> image = media(lines.get(0));
        String imageSource = (String) image.get("source");
        assertTrue(imageSource.matches("media/discord-\\d{8}-\\d{6}(-\\d+)?\\.png"), imageSource);
        assertEquals("look at my cat", image.get("caption"));
        assertEquals("look at my cat\n\n[I was sent an image (" + imageSource + "). My eye saw: A red square.]",
                lines.get(0).get("content"), "the caption, then what her eye saw");
        Map<String, Object> voice = media(lines.get(2));
        String voiceSource = (String) voice.get("source");
        assertTrue(voiceSource.matches("media/discord-\\d{8}-\\d{6}(-\\d+)?\\.ogg"), voiceSource);
        assertNull(voice.get("caption"), "a voice message has no caption");
        assertEquals("Hello, it is me.", lines.get(2).get("content"), "the transcript is what she hears");
        assertEquals(Map.of("type", "discord", "name", DM, "message", "220000000000000001"), lines.get(0).get("channel"),
                "the person's line carries the id of her message");
        assertEquals(Map.of("type", "discord", "name", DM, "message", "220000000000000002"), lines.get(2).get("channel"));
        for (Map<String, Object> line : List.of(lines.get(1), lines.get(3))) {
            assertEquals(Map.of("type", "discord", "name", DM), line.get("channel"), "her reply, the chat alone: " + line);
        }
        assertEquals(ANSWER, lines.get(1).get("content"));
        assertNull(lines.get(1).get("media"), "she answers a photo in words only");
        assertEquals(ANSWER, lines.get(3).get("content"));
        String spoken = (String) media(lines.get(3)).get("source");
        assertTrue(spoken.matches("media/discord-\\d{8}-\\d{6}(-\\d+)?\\.ogg"), spoken);

        String imageName = imageSource.substring("media/".length());
        String voiceName = voiceSource.substring("media/".length());
        String spokenName = spoken.substring("media/".length());
        assertArrayEquals(png, Files.readAllBytes(media.dir(id).resolve(imageName)), "her image is the CDN's, whole");
        assertArrayEquals(ogg, Files.readAllBytes(media.dir(id).resolve(voiceName)), "the voice is the CDN's, whole");
        assertArrayEquals(VOICE_OUT, Files.readAllBytes(media.dir(id).resolve(spokenName)));
        assertEquals(Stream.of("gallery.jsonl", imageName, voiceName, spokenName).sorted().toList(), kept(id),
                "nothing else is kept");
        JsonObject seen = new JsonObject(Files.readString(media.dir(id).resolve("gallery.jsonl")).strip());
        assertEquals(imageSource, seen.getString("source"));
        assertEquals("look at my cat", seen.getString("question"));
        assertEquals("A red square.", seen.getString("answer"));
        assertNothingDownloadedLeft(id);

        List<LoggedRequest> posts = postsTo(DM);
        assertEquals(List.of(ANSWER, ANSWER), sentTo(DM).subList(1, sentTo(DM).size()), "her words, once per file");
        LoggedRequest said = posts.get(posts.size() - 1);
        assertEquals(List.of(said), filePosts(), "one file goes to Discord: her voice");
        assertTrue(posts.get(posts.size() - 2).getHeader("Content-Type").startsWith("application/json"));
        assertEquals(ANSWER, new JsonObject(posts.get(posts.size() - 2).getBodyAsString()).getString("content"),
                "her words go first, then her voice");
        Map<String, DiscordFilesTest.Part> parts = DiscordFilesTest.parts(said);
        assertArrayEquals(VOICE_OUT, parts.get("files[0]").bytes(), "her voice is the mouth's Ogg/Opus, whole");
        assertTrue(parts.get("files[0]").headers().contains("Content-Type: audio/ogg"), parts.get("files[0]").headers());
        assertEquals(spokenName, new JsonObject(new String(parts.get("payload_json").bytes(), StandardCharsets.UTF_8))
                .getJsonArray("attachments").getJsonObject(0).getString("filename"));
        wm.verify(moreThanOrExactly(2), postRequestedFor(urlPathEqualTo(FakeWorld.DISCORD + "/channels/" + DM + "/typing")));

        List<String> asked = wm.findAll(postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))).stream()
                .map(LoggedRequest::getBodyAsString).toList();
        assertEquals(2, asked.size(), "her Mind answered each file once");
        assertTrue(asked.stream().anyMatch(b -> b.contains("look at my cat") && b.contains("My eye saw: A red square.")),
                "her Mind was told the caption and what her eye saw");
        assertTrue(asked.stream().anyMatch(b -> b.contains("Hello, it is me.")), "her Mind heard the transcript");
    }

    @Test
    void aMessageOfferedAgainAfterItsFirstFileWasKeptDoesNotTakeThatFileTwice() throws Exception {
        String id = paired("Nova", ORGANS);
        byte[] cat = DiscordFilesTest.drawing(3000);
        byte[] dogs = DiscordFilesTest.drawing(4000);
        cdn("cat.png", cat);
        // the second file is slow to come the first time: she is stopped meanwhile, so taking it in fails and the
        // message is offered again (her channel lingers a while after she stops)
        wm.stubFor(get(urlPathEqualTo(CDN + "dogs.png")).inScenario("dogs").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(dogs).withFixedDelay(2000)).willSetStateTo("fast"));
        wm.stubFor(get(urlPathEqualTo(CDN + "dogs.png")).inScenario("dogs").whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(200).withBody(dogs)));
        long givenUp = givenUp();

        fake.push("MESSAGE_CREATE", withFiles("260000000000000001", "my pets", 0,
                file("cat.png", "image/png", cat.length), file("dogs.png", "image/png", dogs.length)));
        await().atMost(WAIT).until(() -> answered() == 1);
        given().post("/api/persona/" + id + "/stop").then().statusCode(200);
        await().atMost(WAIT).until(() -> givenUp() > givenUp);

        assertTrue(wm.findAll(getRequestedFor(urlPathEqualTo(CDN + "dogs.png"))).size() >= 2,
                "the message was offered again, and its second file fetched again");
        wm.verify(1, getRequestedFor(urlPathEqualTo(CDN + "cat.png")));
        wm.verify(1, Fakes.openAiEyeAsked(OAI, "gpt-4o", "image/png", cat, "my pets"));
        List<Map<String, Object>> heard = conversationOf(id).stream().filter(l -> "person".equals(l.get("role")))
                .toList();
        assertEquals(List.of(Map.of("type", "discord", "name", DM, "message", "260000000000000001")),
                heard.stream().map(l -> l.get("channel")).toList(), "her first file kept once: " + heard);
    }

    /** How many Discord messages were given up after every offer, by the log. */
    private static long givenUp() throws Exception {
        return Files.readAllLines(Path.of("target/quarkus-test.log"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("A Discord message could not be taken after")).count();
    }

    @Test
    void aPdfIsFetchedKeptReadByHerResearcherAndAnsweredOnDiscord() throws Exception {
        String id = paired("Vela", """
                "researcher_model": "gpt-4o", "researcher_provider": "openai", "researcher_api_key": "%s",
                """.formatted(OAI));
        byte[] pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        cdn("paper.pdf", pdf);
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/chat/completions")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].type", equalTo("file")))
                .willReturn(okJson("{\"id\":\"c2\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"A paper about cats.\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{}}")));

        fake.push("MESSAGE_CREATE", withFiles("250000000000000001", "what does it say?", 0,
                file("paper.pdf", "application/pdf", pdf.length)));
        await().atMost(WAIT).until(() -> answered() == 1);

        wm.verify(1, getRequestedFor(urlPathEqualTo(CDN + "paper.pdf")).withHeader("Authorization", absent()));
        List<Map<String, Object>> lines = conversationOf(id);
        assertEquals(List.of("person", "persona"), lines.stream().map(l -> l.get("role")).toList(),
                "the document is one message she answered: " + lines);
        Map<String, Object> document = media(lines.get(0));
        String source = (String) document.get("source");
        assertTrue(source.matches("media/discord-\\d{8}-\\d{6}(-\\d+)?\\.pdf"), source);
        String name = source.substring("media/".length());
        assertEquals("what does it say?", document.get("caption"));
        assertEquals("what does it say?\n\n[I was sent a document (" + source + "). My researcher read it: A paper "
                + "about cats.]", lines.get(0).get("content"), "the words, then what her researcher read");
        assertEquals(ANSWER, lines.get(1).get("content"));
        assertNull(lines.get(1).get("media"), "she answers a document in words only");
        assertEquals(Map.of("type", "discord", "name", DM, "message", "250000000000000001"), lines.get(0).get("channel"));
        assertEquals(Map.of("type", "discord", "name", DM), lines.get(1).get("channel"));

        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + OAI))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].file.filename", equalTo(name)))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].file.file_data",
                        equalTo("data:application/pdf;base64," + b64(pdf))))
                .withRequestBody(matchingJsonPath("$.messages[0].content[1].text", equalTo("what does it say?"))));
        assertEquals(List.of("/v1/chat/completions"), organCalls(), "her researcher read it once, no other organ");

        assertArrayEquals(pdf, Files.readAllBytes(media.dir(id).resolve(name)), "the document is the CDN's, whole");
        assertEquals(List.of(name), kept(id), "nothing else is kept");
        assertNothingDownloadedLeft(id);
        assertEquals(List.of(ANSWER), sentTo(DM).subList(1, sentTo(DM).size()), "her answer, once, on Discord");
        assertEquals(List.of(), filePosts(), "no file goes back for a document");
        List<String> asked = wm.findAll(postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))).stream()
                .map(LoggedRequest::getBodyAsString).toList();
        assertEquals(1, asked.size(), "her Mind answered the document once");
        assertTrue(asked.get(0).contains("My researcher read it: A paper about cats."), "her Mind was told what was read");
    }

    @Test
    void twoFilesInOneMessageArePerceivedInOrderTheCaptionWithTheFirst() throws Exception {
        String id = paired("Carina", ORGANS);
        byte[] png = DiscordFilesTest.drawing(3000);
        byte[] mp3 = "ID3\3\0\0\0\0\0\0 a song of the person".getBytes(StandardCharsets.ISO_8859_1);
        cdn("sky.png", png);
        cdn("song.mp3", mp3);

        fake.push("MESSAGE_CREATE", withFiles("240000000000000001", "two for you", 0,
                file("sky.png", "image/png", png.length), file("song.mp3", "audio/mpeg", mp3.length)));
        await().atMost(WAIT).until(() -> answered() == 2 && !filePosts().isEmpty());

        for (String name : List.of("sky.png", "song.mp3")) {
            wm.verify(1, getRequestedFor(urlPathEqualTo(CDN + name)).withHeader("Authorization", absent()));
        }
        wm.verify(1, Fakes.openAiEyeAsked(OAI, "gpt-4o", "image/png", png, "two for you"));
        wm.verify(1, Fakes.openAiEarAsked(OAI, "whisper-1", "audio/mpeg", mp3));
        assertEquals(List.of("/v1/chat/completions", "/v1/audio/transcriptions", "/v1/audio/speech"), organCalls(),
                "the first file is seen before the second is heard");

        List<Map<String, Object>> heard = conversationOf(id).stream().filter(l -> "person".equals(l.get("role")))
                .toList();
        assertEquals(2, heard.size(), "each file is one message: " + heard);
        Map<String, Object> first = media(heard.get(0));
        String imageSource = (String) first.get("source");
        assertTrue(imageSource.matches("media/discord-\\d{8}-\\d{6}(-\\d+)?\\.png"), imageSource);
        assertEquals("two for you", first.get("caption"), "the words go with the first file");
        assertEquals("two for you\n\n[I was sent an image (" + imageSource + "). My eye saw: A red square.]",
                heard.get(0).get("content"));
        Map<String, Object> second = media(heard.get(1));
        String audioSource = (String) second.get("source");
        assertTrue(audioSource.matches("media/discord-\\d{8}-\\d{6}(-\\d+)?\\.mp3"), audioSource);
        assertNull(second.get("caption"), "the words go with the first file only");
        assertEquals("Hello, it is me.", heard.get(1).get("content"), "only the transcript for the second");
        assertArrayEquals(png, Files.readAllBytes(media.dir(id).resolve(imageSource.substring("media/".length()))));
        assertArrayEquals(mp3, Files.readAllBytes(media.dir(id).resolve(audioSource.substring("media/".length()))));
        assertNothingDownloadedLeft(id);
        assertEquals(List.of(ANSWER, ANSWER), sentTo(DM).subList(1, sentTo(DM).size()), "she answered each file");
        assertEquals(1, filePosts().size(), "and spoke her answer to the audio file");
    }

    @Test
    void aFileSheMadeGoesAfterHerWordsAsFiles0() throws Exception {
        String id = paired("Altair");
        byte[] png = ai.eternego.channel.DiscordFilesTest.drawing(20_000);
        MediaStore.MediaFile drawn = media.save(id, "discord", MediaKind.IMAGE, "image/png",
                new ByteArrayInputStream(png), Instant.now());
        int before = sentTo(DM).size();

        conversation.say(id, "Here is my drawing.", new ConversationLine.Channel("discord", DM),
                new ConversationLine.Media(drawn.source(), null));

        String path = FakeWorld.DISCORD + "/channels/" + DM + "/messages";
        await().atMost(WAIT).until(() -> wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo(path))).stream().anyMatch(r -> r.getHeader("Content-Type").startsWith("multipart/")));
        List<LoggedRequest> sent = wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo(path)));
        LoggedRequest words = sent.get(sent.size() - 2);
        LoggedRequest filePost = sent.get(sent.size() - 1);
        assertEquals(before + 1, sentTo(DM).size());
        assertEquals("Here is my drawing.", new JsonObject(words.getBodyAsString()).getString("content"),
                "her words go first");
        Map<String, ai.eternego.channel.DiscordFilesTest.Part> parts = ai.eternego.channel.DiscordFilesTest.parts(filePost);
        org.junit.jupiter.api.Assertions.assertArrayEquals(png, parts.get("files[0]").bytes(), "then her file, whole");
        assertEquals(drawn.name(), new JsonObject(new String(parts.get("payload_json").bytes(),
                java.nio.charset.StandardCharsets.UTF_8)).getJsonArray("attachments").getJsonObject(0).getString("filename"));
    }

    @Test
    void aFileTooLargeOrOfAnUnknownKindIsRefusedInWordsAndNothingIsKept() throws Exception {
        String id = paired("Rigel", ORGANS);
        cdn("sly.png", DiscordFilesTest.drawing(10 * 1024 * 1024));
        wm.stubFor(get(urlPathEqualTo(CDN + "gone.png")).willReturn(aResponse().withStatus(404)));
        cdn("fake.png", "GIF89a not a png at all".getBytes(StandardCharsets.US_ASCII));
        List<String> refusals = List.of(
                "I could not take your file: it is larger than 10 MB; send a smaller one",
                "I cannot open this kind of file; send me a photo, a voice message, an audio file, or a PDF, text or"
                        + " markdown document.",
                "I could not take your file: it is larger than 10 MB; send a smaller one",
                "I could not take your file: Discord no longer has that file (its link expired); send it again",
                "I could not take your file: This image is not the PNG it claims to be; send PNG, JPEG, GIF or WebP.");
        List<JsonObject> messages = List.of(
                withFiles("230000000000000001", "a huge photo", 0, file("huge.png", "image/png", 11L * 1024 * 1024)),
                withFiles("230000000000000002", "", 0, file("tool.exe", "application/x-msdownload", 100)),
                withFiles("230000000000000003", "a small photo", 0, file("sly.png", "image/png", 100)),
                withFiles("230000000000000004", "", 0, file("gone.png", "image/png", 100)),
                withFiles("230000000000000005", "", 0, file("fake.png", "image/png", 24)));
        for (int i = 0; i < messages.size(); i++) {
            fake.push("MESSAGE_CREATE", messages.get(i));
            int told = i + 2;
            await().atMost(WAIT).until(() -> sentTo(DM).size() == told);
        }

        assertEquals(refusals, sentTo(DM).subList(1, sentTo(DM).size()), "each file is refused in its own words");
        wm.verify(0, getRequestedFor(urlPathEqualTo(CDN + "huge.png")));
        wm.verify(0, getRequestedFor(urlPathEqualTo(CDN + "tool.exe")));
        for (String name : List.of("sly.png", "gone.png", "fake.png")) {
            wm.verify(1, getRequestedFor(urlPathEqualTo(CDN + name)).withHeader("Authorization", absent()));
        }
        assertEquals(List.of(), kept(id), "nothing is kept under her media/");
        assertNothingDownloadedLeft(id);
        assertEquals(List.of(), conversationOf(id), "nothing reached her conversation");
        assertEquals(0, answered(), "she was not asked to answer");
        assertEquals(List.of(), organCalls(), "no organ was asked");
        wm.verify(0, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages")));
        assertEquals(List.of(), filePosts());
    }
}
