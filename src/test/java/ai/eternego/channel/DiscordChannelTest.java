package ai.eternego.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
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
 * through Discord's REST side, another chat gets nothing, and a delete closes the session. Files: an image and
 * a voice message from the paired chat are fetched from the fake CDN, kept under her media/ and heard, and
 * answered on Discord; a file she made goes after her words as {@code files[0]}; a file too large or of a
 * kind she does not keep is refused in words and nothing of it is kept.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class DiscordChannelTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String KEY = "sk-ant-DISCORD-door-5151";
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
    }

    @AfterEach
    void stop() throws Exception {
        created.purgeAll(home);
        fake.close();
    }

    private List<String> sentTo(String channel) {
        List<LoggedRequest> sent = wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo(FakeWorld.DISCORD + "/channels/" + channel + "/messages")));
        return sent.stream().filter(r -> r.getHeader("Content-Type").startsWith("application/json"))
                .map(r -> new JsonObject(r.getBodyAsString()).getString("content")).toList();
    }

    /** Creates her with a Discord bot and pairs the direct message {@link #DM} to her; her id. */
    private String paired(String name) {
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "%s", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s", "discord_token": "%s"}""".formatted(name, KEY, TOKEN))
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
        return sentTo(DM).stream().filter("I am here."::equals).count();
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
    void anImageAndAVoiceMessageAreFetchedKeptHeardAndAnsweredOnDiscord() throws Exception {
        String id = paired("Lyra");
        byte[] png = ai.eternego.channel.DiscordFilesTest.drawing(5000);
        byte[] ogg = "OggS voice of a person, opus frames".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        wm.stubFor(get(urlPathEqualTo(CDN + "cat.png")).willReturn(aResponse().withStatus(200).withBody(png)));
        wm.stubFor(get(urlPathEqualTo(CDN + "voice-message.ogg")).willReturn(aResponse().withStatus(200).withBody(ogg)));

        fake.push("MESSAGE_CREATE", withFiles("220000000000000001", "look at my cat", 0,
                file("cat.png", "image/png", png.length)));
        await().atMost(WAIT).until(() -> answered() == 1);
        fake.push("MESSAGE_CREATE", withFiles("220000000000000002", "", 8192,
                file("voice-message.ogg", "audio/ogg", ogg.length).put("duration_secs", 1.5)));
        await().atMost(WAIT).until(() -> answered() == 2);

        List<Map<String, Object>> lines = conversationOf(id);
        List<Map<String, Object>> withMedia = lines.stream().filter(l -> l.get("media") != null).toList();
        assertEquals(2, withMedia.size(), "both files are in her conversation: " + lines);
        assertEquals("person", withMedia.get(0).get("role"));
        assertEquals("look at my cat", withMedia.get(0).get("content"));
        @SuppressWarnings("unchecked")
        Map<String, Object> image = (Map<String, Object>) withMedia.get(0).get("media");
        assertEquals("look at my cat", image.get("caption"));
        assertTrue(((String) image.get("source")).matches("media/discord-\\d{8}-\\d{6}(-\\d+)?\\.png"), image.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> voice = (Map<String, Object>) withMedia.get(1).get("media");
        assertTrue(((String) voice.get("source")).matches("media/discord-\\d{8}-\\d{6}(-\\d+)?\\.ogg"), voice.toString());
        assertEquals("(sent a voice message)", withMedia.get(1).get("content"));
        assertEquals(Map.of("type", "discord", "name", DM), withMedia.get(1).get("channel"));

        String imageName = ((String) image.get("source")).substring("media/".length());
        String voiceName = ((String) voice.get("source")).substring("media/".length());
        org.junit.jupiter.api.Assertions.assertArrayEquals(png, Files.readAllBytes(media.dir(id).resolve(imageName)));
        org.junit.jupiter.api.Assertions.assertArrayEquals(ogg, Files.readAllBytes(media.dir(id).resolve(voiceName)));
        assertEquals(List.of(imageName, voiceName).stream().sorted().toList(), kept(id), "nothing else is kept");
        try (Stream<Path> left = Files.list(layout.workspaceDir(id).resolve("incoming"))) {
            assertEquals(0, left.count(), "the fetched copies are deleted");
        }
        wm.verify(1, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(CDN + "cat.png"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.absent()));
        assertTrue(wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathMatching(".*/v1/messages"))).stream().anyMatch(r -> r.getBodyAsString().contains("look at my cat")),
                "her Mind was asked about the caption");
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
        String id = paired("Rigel");
        int heardBefore = conversationOf(id).size();
        fake.push("MESSAGE_CREATE", withFiles("230000000000000001", "a huge photo", 0,
                file("huge.png", "image/png", 11L * 1024 * 1024)));
        await().atMost(WAIT).until(() -> sentTo(DM).contains(
                "I could not take that image: it is larger than 10 MB; send a smaller one."));
        fake.push("MESSAGE_CREATE", withFiles("230000000000000002", "", 0,
                file("tool.exe", "application/x-msdownload", 100)));
        await().atMost(WAIT).until(() -> sentTo(DM).contains("I can take images, voice messages, audio files and"
                + " documents (PDF, plain text, markdown); I cannot open that file."));

        wm.verify(0, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathMatching(CDN + ".*")));
        assertEquals(List.of(), kept(id), "nothing is kept under her media/");
        assertEquals(heardBefore, conversationOf(id).size(), "nothing reached her conversation");
        assertEquals(0, answered(), "she was not asked to answer");
    }
}
