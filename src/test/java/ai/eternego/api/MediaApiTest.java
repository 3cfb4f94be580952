package ai.eternego.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.Multipart;
import ai.eternego.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The page's doors for files: {@code POST /see} shows her eye an image, {@code /upload} lets her ear hear a voice
 * (and her mouth answer it) or her researcher read a PDF; each answers like {@code /hear} and her reply comes in
 * her conversation. A wrong type, an oversized file, a name with {@code ../}, a missing part are refused in words
 * and nothing is written to her media.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class MediaApiTest {

    static final String KEY = "sk-ant-WEBMEDIA-mind-1212";
    static final String OAI = "sk-oai-WEBMEDIA-organs-3434";
    static final String ANSWER = "How lovely.";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    static final byte[] VOICE_IN = "OggS\0\2web-voice".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] VOICE_OUT = "OggS\0\2her-web-voice".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    private final CreatedPersonas created = new CreatedPersonas();

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(20), "How ", "lovely.");
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", OAI);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "whisper-1", OAI);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o-mini-tts", OAI);
        json(FakeWorld.OPENAI + "/v1/chat/completions", "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":"
                + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"A tiny dot.\"},\"finish_reason\":"
                + "\"stop\"}],\"usage\":{}}");
        json(FakeWorld.OPENAI + "/v1/audio/transcriptions", "{\"text\":\"Good evening.\"}");
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/speech")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/ogg").withBody(VOICE_OUT)));
    }

    @AfterEach
    void purge() {
        created.purgeAll(home);
    }

    private void json(String path, String body) {
        wm.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private String persona(String name, String researcher) {
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "%s", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s",
                 "eye_model": "gpt-4o", "eye_provider": "openai", "eye_api_key": "%s",
                 "ear_model": "whisper-1", "ear_provider": "openai", "ear_api_key": "%s",
                 "mouth_model": "gpt-4o-mini-tts", "mouth_provider": "openai", "mouth_api_key": "%s"%s}"""
                .formatted(name, KEY, OAI, OAI, OAI, researcher))
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");
        created.add(id);
        return id;
    }

    private static RawHttp.Answer send(String id, String route, Multipart form) throws IOException {
        int port = RestAssured.port;
        return RawHttp.post(port, "POST", "/api/persona/" + id + "/" + route, "localhost:" + port, form.contentType(),
                form.bytes());
    }

    private static List<Map<String, Object>> conversation(String id) {
        return given().get("/api/persona/" + id + "/conversation").then().statusCode(200).extract().jsonPath()
                .getList("messages");
    }

    private Path media(String id) {
        return home.resolve("personas").resolve(id).resolve("home").resolve("media");
    }

    private List<String> mediaFiles(String id) throws IOException {
        if (!Files.isDirectory(media(id))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(media(id))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anImageSeenOnThePageIsLookedAtByHerEyeAndAnswered() throws IOException {
        String id = persona("Ilse", "");
        RawHttp.Answer answer = send(id, "see", new Multipart().file("image", "dot.png", "image/png", PNG)
                .field("caption", "What do you see?"));
        assertEquals(200, answer.status(), answer.body());
        assertEquals("received", JsonPath.from(answer.body()).getString("status"));
        await().atMost(WAIT).until(() -> conversation(id).size() == 2);

        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + OAI))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].image_url.url",
                        equalTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG))))
                .withRequestBody(matchingJsonPath("$.messages[0].content[1].text", equalTo("What do you see?"))));
        List<Map<String, Object>> lines = conversation(id);
        assertEquals(Map.of("type", "web", "name", "web"), lines.get(0).get("channel"));
        String source = (String) ((Map<?, ?>) lines.get(0).get("media")).get("source");
        assertTrue(source.matches("media/web-\\d{8}-\\d{6}\\.png"), source);
        assertTrue(((String) lines.get(0).get("content")).contains("My eye saw: A tiny dot."));
        assertEquals(ANSWER, lines.get(1).get("content"));
        byte[] served = given().get("/api/persona/" + id + "/" + source).then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertArrayEquals(PNG, served, "the page shows her image from the media route");
    }

    @Test
    void aVoiceUploadedIsHeardAndAnsweredAloud() throws IOException {
        String id = persona("Tove", "");
        RawHttp.Answer answer = send(id, "upload", new Multipart().file("file", "note.ogg", "audio/ogg", VOICE_IN));
        assertEquals(200, answer.status(), answer.body());
        await().atMost(WAIT).until(() -> conversation(id).size() == 2);

        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/transcriptions"))
                .withRequestBodyPart(aMultipart().withName("file").withBody(binaryEqualTo(VOICE_IN)).build()));
        List<Map<String, Object>> lines = conversation(id);
        assertEquals("Good evening.", lines.get(0).get("content"));
        assertEquals(ANSWER, lines.get(1).get("content"));
        String voice = (String) ((Map<?, ?>) lines.get(1).get("media")).get("source");
        byte[] served = given().get("/api/persona/" + id + "/" + voice).then().statusCode(200)
                .contentType("audio/ogg").extract().asByteArray();
        assertArrayEquals(VOICE_OUT, served, "her voice answer plays from the media route");
    }

    @Test
    void aMouthThatFailsLeavesHerWrittenReplyAndSaysWhy() throws IOException {
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/speech")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"The server had an error.\",\"type\":\"server_error\"}}")));
        String id = persona("Nora", "");
        RawHttp.Answer answer = send(id, "upload", new Multipart().file("file", "note.ogg", "audio/ogg", VOICE_IN));
        assertEquals(200, answer.status(), answer.body());
        await().atMost(WAIT).until(() -> conversation(id).size() == 2);

        Map<String, Object> said = conversation(id).get(1);
        String content = (String) said.get("content");
        assertTrue(content.startsWith(ANSWER + "\n\n(I could not say this aloud: my mouth (openai) failed: "), content);
        assertFalse(content.contains(OAI));
        assertEquals(null, said.get("media"), "no voice was kept");
        assertEquals(List.of(mediaFiles(id).get(0)), mediaFiles(id), "only the voice she was sent is in her media");
        assertTrue(given().get("/api/persona/" + id).then().statusCode(200).extract().jsonPath().getBoolean("running"));
    }

    @Test
    void aPdfUploadedIsReadByHerResearcher() throws IOException {
        String id = persona("Saga", ", \"researcher_model\": \"gpt-4o\", \"researcher_provider\": \"openai\", "
                + "\"researcher_api_key\": \"" + OAI + "\"");
        RawHttp.Answer answer = send(id, "upload", new Multipart().file("file", "paper.pdf", "application/pdf", PDF)
                .field("caption", "What is it about?"));
        assertEquals(200, answer.status(), answer.body());
        await().atMost(WAIT).until(() -> conversation(id).size() == 2);

        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + OAI))
                .withRequestBody(matchingJsonPath("$..file.file_data",
                        equalTo("data:application/pdf;base64," + Base64.getEncoder().encodeToString(PDF)))));
        String content = (String) conversation(id).get(0).get("content");
        assertTrue(content.startsWith("What is it about?\n\n[I was sent a document (media/web-"), content);
        assertTrue(content.endsWith("My researcher read it: A tiny dot.]"), content);
    }

    private String mindOnly(String name) {
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "%s", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s"}""".formatted(name, KEY))
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");
        created.add(id);
        return id;
    }

    /** Her Mind's model at Anthropic, shown an image block, answers {@code status} with {@code body}. */
    private void mindShownAnImage(int status, String body) {
        wm.stubFor(post(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages")).atPriority(1)
                .withHeader("x-api-key", equalTo(KEY))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].type", equalTo("image")))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void withoutAnEyeHerMindLooksAtTheImageItself() throws IOException {
        mindShownAnImage(200, "{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"A dot, alone.\"}],\"stop_reason\":\"end_turn\"}");
        String id = mindOnly("Runa");
        RawHttp.Answer answer = send(id, "see", new Multipart().file("image", "dot.png", "image/png", PNG));
        assertEquals(200, answer.status(), answer.body());
        await().atMost(WAIT).until(() -> conversation(id).size() == 2);

        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-6")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].source.data",
                        equalTo(Base64.getEncoder().encodeToString(PNG)))));
        List<Map<String, Object>> lines = conversation(id);
        assertTrue(((String) lines.get(0).get("content")).endsWith("I looked at it myself: A dot, alone.]"),
                (String) lines.get(0).get("content"));
        assertEquals(ANSWER, lines.get(1).get("content"));
    }

    @Test
    void withoutAnEyeAndAMindThatTakesNoImagesSheSaysSoHonestly() throws IOException {
        mindShownAnImage(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"This model does not support image input.\"}}");
        String id = mindOnly("Ylva");
        RawHttp.Answer answer = send(id, "see", new Multipart().file("image", "dot.png", "image/png", PNG)
                .field("caption", "Look!"));
        assertEquals(200, answer.status(), answer.body());
        await().atMost(WAIT).until(() -> conversation(id).size() == 2);

        List<Map<String, Object>> lines = conversation(id);
        assertEquals("Look!", lines.get(0).get("content"));
        String said = (String) lines.get(1).get("content");
        assertTrue(said.startsWith("I cannot see your image: I have no eye, and my Mind cannot look at it (my Mind "
                + "(anthropic) failed: "), said);
        assertTrue(given().get("/api/persona/" + id).then().statusCode(200).extract().jsonPath()
                .getBoolean("running"), "her Mind's refusal of an image does not stop her");
    }

    @Test
    void hostileUploadsAreRefusedInWordsAndNothingIsWritten() throws IOException {
        String id = persona("Edda", "");

        RawHttp.Answer wrongType = send(id, "see", new Multipart().file("image", "notes.txt", "text/plain",
                "hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, wrongType.status(), wrongType.body());
        assertTrue(wrongType.body().contains("image: this is text/plain; send a PNG, JPEG, GIF or WebP image."),
                wrongType.body());

        RawHttp.Answer program = send(id, "upload", new Multipart().file("file", "setup.exe",
                "application/x-msdownload", "MZ".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(400, program.status(), program.body());
        assertTrue(program.body().contains("application/x-msdownload"), program.body());

        RawHttp.Answer escape = send(id, "upload", new Multipart().file("file", "../../config.json", "application/pdf",
                PDF));
        assertEquals(400, escape.status(), escape.body());
        assertTrue(escape.body().contains("the file name must be a plain name"), escape.body());

        RawHttp.Answer liar = send(id, "see", new Multipart().file("image", "x.png", "image/png",
                "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(400, liar.status(), liar.body());
        assertTrue(liar.body().contains("not the PNG it claims to be"), liar.body());

        byte[] huge = Arrays.copyOf(PNG, 10 * 1024 * 1024 + 1);
        RawHttp.Answer large = send(id, "see", new Multipart().file("image", "big.png", "image/png", huge));
        assertEquals(413, large.status(), large.body());
        assertTrue(large.body().contains("larger than 10 MB"), large.body());

        RawHttp.Answer missing = send(id, "upload", new Multipart().field("caption", "where is it?"));
        assertEquals(422, missing.status(), missing.body());
        assertTrue(missing.body().contains("file is required"), missing.body());

        assertEquals(List.of(), mediaFiles(id), "nothing was written to her media");
        assertEquals(List.of(), conversation(id), "she heard nothing");
        wm.verify(0, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/chat/completions")));
    }
}
