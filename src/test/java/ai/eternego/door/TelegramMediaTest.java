package ai.eternego.door;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
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

import ai.eternego.agent.AgentSupervisor;
import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeTelegram;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.TelegramWorld;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Files on her Telegram channel, against the fake Bot API and WireMock organs speaking the vendors' shapes: a
 * photo (largest size) goes to her eye, a voice to her ear and back as text and a voice, a PDF to her
 * researcher; an ear that refuses its key is said in words, leaves the other organs working and does not
 * make her sick; a drawing she makes while talking goes out as a photo after her words; a file too large or of
 * a kind she keeps none of is answered in words and nothing is kept.
 */
@QuarkusTest
@WithTestResource(TelegramWorld.class)
class TelegramMediaTest {

    static final String KEY = "sk-ant-TGMEDIA-mind-7777";
    static final String OAI = "sk-oai-TGMEDIA-organs-8888";
    static final String GEM = "gem-TGMEDIA-researcher-9999";
    static final String ANSWER = "Thank you, I see.";
    static final Pattern CODE = Pattern.compile("\\b([0-9A-F]{6})\\b");
    static final Duration WAIT = Duration.ofSeconds(20);
    static final byte[] JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 'x', 'y');
    static final byte[] THUMB = bytes(0xff, 0xd8, 0xff, 0xe0, 't', 'h', 'u', 'm', 'b');
    static final byte[] VOICE_IN = "OggS\0\2the-person-speaks".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] VOICE_OUT = "OggS\0\2she-answers-aloud".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final String EAR_REFUSED = "I could not listen to your voice message: my ear (openai) refused my key.";

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    AgentSupervisor supervisor;

    private final CreatedPersonas created = new CreatedPersonas();
    private FakeTelegram tg;

    @BeforeEach
    void reset() {
        wm.resetAll();
        tg = TelegramWorld.telegram();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(50), "Thank you, ", "I see.");
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", OAI);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "whisper-1", OAI);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o-mini-tts", OAI);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-image-1", OAI);
        Fakes.geminiModel(wm, "gemini-2.5-flash", GEM);
        json(FakeWorld.OPENAI + "/v1/chat/completions", 200, "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":"
                + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"A red square.\"},\"finish_reason\":"
                + "\"stop\"}],\"usage\":{}}");
        json(FakeWorld.OPENAI + "/v1/audio/transcriptions", 200, "{\"text\":\"Hello, it is me.\"}");
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/speech")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/ogg").withBody(VOICE_OUT)));
        json(FakeWorld.GEMINI + "/v1beta/models/gemini-2.5-flash:generateContent", 200, "{\"candidates\":[{\"content\":"
                + "{\"role\":\"model\",\"parts\":[{\"text\":\"A paper about cats.\"}]},\"finishReason\":\"STOP\"}]}");
    }

    @AfterEach
    void purge() {
        created.purgeAll(home);
    }

    /**
     * Her Mind (Anthropic, streamed) answers {@code answer} to a request containing {@code mark}; a later mark wins
     * over an earlier one that also matches.
     */
    private void mindAnswers(String mark, String answer) {
        String delta = new JsonObject().put("type", "content_block_delta").put("index", 0)
                .put("delta", new JsonObject().put("type", "text_delta").put("text", answer)).encode();
        wm.stubFor(post(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages")).atPriority(1)
                .withHeader("x-api-key", equalTo(KEY)).withRequestBody(containing(mark))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(
                        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}\n\n"
                                + "event: content_block_delta\ndata: " + delta + "\n\n"
                                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")));
    }

    private void json(String path, int status, String body) {
        wm.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** She is created with every organ that can take a file in, and her bot paired to {@code chat}. */
    private String pairedPersona(String name, String token, long chat) {
        return pairedPersona(name, token, chat, """
                "eye_model": "gpt-4o", "eye_provider": "openai", "eye_api_key": "%1$s",
                "ear_model": "whisper-1", "ear_provider": "openai", "ear_api_key": "%1$s",
                "mouth_model": "gpt-4o-mini-tts", "mouth_provider": "openai", "mouth_api_key": "%1$s",
                "researcher_model": "gemini-2.5-flash", "researcher_provider": "gemini", "researcher_api_key": "%2$s",
                """.formatted(OAI, GEM));
    }

    /** As {@link #pairedPersona(String, String, long)}, with {@code organs} (create fields, each followed by a comma). */
    private String pairedPersona(String name, String token, long chat, String organs) {
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "%s", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s", %s
                 "telegram_token": "%s"}""".formatted(name, KEY, organs, token))
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");
        created.add(id);
        await().atMost(WAIT).until(() -> tg.parked(token) == 1);
        long update = tg.push(token, chat, "hello");
        await().atMost(WAIT).until(() -> !tg.sent(token, chat).isEmpty() && tg.confirmed(token, update));
        Matcher code = CODE.matcher(tg.sent(token, chat).get(0));
        assertTrue(code.find());
        given().contentType(ContentType.JSON).body("{\"code\": \"" + code.group(1) + "\"}")
                .post("/api/persona/" + id + "/pair").then().statusCode(200);
        return id;
    }

    private static List<Map<String, Object>> conversation(String id) {
        return given().get("/api/persona/" + id + "/conversation").then().statusCode(200).extract().jsonPath()
                .getList("messages");
    }

    private long answers(String token, long chat, String text) {
        return tg.sent(token, chat).stream().filter(text::equals).count();
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

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void aPhotoIsSeenByHerEyeAtItsLargestSizeAndSheAnswersOnTelegram() throws IOException {
        String token = "310001:TG-photo-AAAA";
        String id = pairedPersona("Lyra", token, 700);
        tg.addFile("thumb-1", "photos/file_0.jpg", THUMB);
        tg.addFile("photo-1", "photos/file_1.jpg", JPEG);

        tg.pushMessage(token, 700, new JsonObject().put("caption", "What is this?").put("photo", new JsonArray()
                .add(new JsonObject().put("file_id", "thumb-1").put("file_unique_id", "t").put("width", 90)
                        .put("height", 90).put("file_size", THUMB.length))
                .add(new JsonObject().put("file_id", "photo-1").put("file_unique_id", "p").put("width", 800)
                        .put("height", 800).put("file_size", JPEG.length))));
        await().atMost(WAIT).until(() -> answers(token, 700, ANSWER) == 1);

        assertEquals(List.of("photos/file_1.jpg"), tg.downloads(token), "only the largest size is fetched");
        assertEquals("photo-1", tg.calls(token, "getFile").get(0).body().getString("file_id"));
        wm.verify(1, Fakes.openAiEyeAsked(OAI, "gpt-4o", "image/jpeg", JPEG, "What is this?"));
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))
                .withRequestBody(containing("My eye saw: A red square.")));

        List<Map<String, Object>> lines = conversation(id);
        Map<String, Object> heard = lines.get(lines.size() - 2);
        assertEquals("person", heard.get("role"));
        String content = (String) heard.get("content");
        assertTrue(content.startsWith("What is this?\n\n[I was sent an image (media/telegram-"), content);
        assertTrue(content.endsWith("My eye saw: A red square.]"), content);
        @SuppressWarnings("unchecked")
        Map<String, Object> about = (Map<String, Object>) heard.get("media");
        String source = (String) about.get("source");
        assertTrue(source.matches("media/telegram-\\d{8}-\\d{6}\\.jpg"), source);
        assertEquals("What is this?", about.get("caption"));
        assertArrayEquals(JPEG, Files.readAllBytes(home.resolve("personas").resolve(id).resolve("home").resolve(source)));
        assertEquals(ANSWER, lines.get(lines.size() - 1).get("content"));
        assertNull(lines.get(lines.size() - 1).get("media"), "she answers a photo in words only");

        JsonPath gallery = JsonPath.from(Files.readString(media(id).resolve("gallery.jsonl")).strip());
        assertEquals(source, gallery.getString("source"));
        assertEquals("What is this?", gallery.getString("question"));
        assertEquals("A red square.", gallery.getString("answer"));
        assertEquals(List.of(), tg.uploads(token), "no voice for a photo");
        try (Stream<Path> left = Files.list(home.resolve("tmp").resolve("channels"))) {
            assertEquals(0, left.count(), "the downloaded file is deleted once kept");
        }
    }

    @Test
    void aVoiceIsHeardByHerEarAndSheAnswersInWordsAndAloud() throws IOException {
        String token = "310002:TG-voice-BBBB";
        String id = pairedPersona("Orion", token, 701);
        tg.addFile("voice-1", "voice/file_2.oga", VOICE_IN);

        tg.pushMessage(token, 701, new JsonObject().put("voice", new JsonObject().put("file_id", "voice-1")
                .put("file_unique_id", "v").put("duration", 2).put("mime_type", "audio/ogg")
                .put("file_size", VOICE_IN.length)));
        await().atMost(WAIT).until(() -> tg.uploads(token).size() == 1);

        wm.verify(1, Fakes.openAiEarAsked(OAI, "whisper-1", "audio/ogg", VOICE_IN));
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/speech"))
                .withHeader("Authorization", equalTo("Bearer " + OAI))
                .withRequestBody(matchingJsonPath("$.input", equalTo(ANSWER)))
                .withRequestBody(matchingJsonPath("$.response_format", equalTo("opus"))));

        List<Map<String, Object>> lines = conversation(id);
        Map<String, Object> heard = lines.get(lines.size() - 2);
        assertEquals("Hello, it is me.", heard.get("content"), "the transcript is what she hears");
        assertTrue(((String) ((Map<?, ?>) heard.get("media")).get("source")).matches("media/telegram-\\d{8}-\\d{6}\\.ogg"));
        Map<String, Object> said = lines.get(lines.size() - 1);
        assertEquals(ANSWER, said.get("content"), "the text of what she said is in her conversation");
        String voice = (String) ((Map<?, ?>) said.get("media")).get("source");
        assertTrue(voice.matches("media/telegram-\\d{8}-\\d{6}(-\\d+)?\\.ogg"), voice);
        assertArrayEquals(VOICE_OUT, Files.readAllBytes(home.resolve("personas").resolve(id).resolve("home").resolve(voice)));

        assertEquals(1, answers(token, 701, ANSWER), "her words are sent as text");
        FakeTelegram.Upload sent = tg.uploads(token).get(0);
        assertEquals("sendVoice", sent.method());
        assertEquals("voice", sent.field());
        assertEquals("701", sent.fields().getString("chat_id"));
        assertEquals("audio/ogg", sent.contentType());
        assertArrayEquals(VOICE_OUT, sent.bytes(), "her voice is the mouth's Ogg/Opus, as it was made");
        FakeTelegram.Call text = tg.calls(token, "sendMessage").stream()
                .filter(c -> ANSWER.equals(c.body().getString("text"))).findFirst().orElseThrow();
        FakeTelegram.Call spoken = tg.calls(token, "sendVoice").get(0);
        assertFalse(spoken.at().isBefore(text.at()), "text first, then her voice");
    }

    @Test
    void aPdfIsReadByHerResearcherAndSheAnswers() {
        String token = "310003:TG-pdf-CCCC";
        String id = pairedPersona("Vela", token, 702);
        tg.addFile("doc-1", "documents/file_3.pdf", PDF);

        tg.pushMessage(token, 702, new JsonObject().put("document", new JsonObject().put("file_id", "doc-1")
                .put("file_unique_id", "d").put("file_name", "../../paper.pdf").put("mime_type", "application/pdf")
                .put("file_size", PDF.length)));
        await().atMost(WAIT).until(() -> answers(token, 702, ANSWER) == 1);

        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.GEMINI + "/v1beta/models/gemini-2.5-flash:generateContent"))
                .withHeader("x-goog-api-key", equalTo(GEM))
                .withRequestBody(matchingJsonPath("$..inline_data.mime_type", equalTo("application/pdf")))
                .withRequestBody(matchingJsonPath("$..inline_data.data", equalTo(b64(PDF)))));
        List<Map<String, Object>> lines = conversation(id);
        String content = (String) lines.get(lines.size() - 2).get("content");
        assertTrue(content.matches("(?s)\\[I was sent a document \\(media/telegram-\\d{8}-\\d{6}\\.pdf\\)\\. My researcher "
                + "read it: A paper about cats\\.]"), content);
        assertEquals(ANSWER, lines.get(lines.size() - 1).get("content"));
        assertEquals(List.of(), tg.uploads(token));
    }

    @Test
    void aDrawingSheMakesWhileTalkingGoesOutAsAPhotoAfterHerWords() throws IOException {
        String token = "310006:TG-draw-FFFF";
        String id = pairedPersona("Lyra", token, 705, """
                "imagination_model": "gpt-image-1", "imagination_provider": "openai", "imagination_api_key": "%s",
                """.formatted(OAI));
        byte[] png = bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 'c', 'a', 't');
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/images/generations"))
                .withHeader("Authorization", equalTo("Bearer " + OAI))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"created\":1,\"data\":[{\"b64_json\":\"" + b64(png) + "\"}]}")));
        mindAnswers("Draw me a cat", "{\"tools.draw\": {\"prompt\": \"a cat on the moon\"}}");
        mindAnswers("tool: draw", "Here is your cat on the moon.");

        tg.push(token, 705, "Draw me a cat");
        await().atMost(WAIT).until(() -> tg.uploads(token).size() == 1);

        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/images/generations"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-image-1")))
                .withRequestBody(matchingJsonPath("$.prompt", equalTo("a cat on the moon"))));
        List<Map<String, Object>> lines = conversation(id);
        Map<String, Object> said = lines.get(lines.size() - 1);
        assertEquals("Here is your cat on the moon.", said.get("content"));
        assertEquals(Map.of("type", "telegram", "name", "705"), said.get("channel"), "her reply answers the chat");
        @SuppressWarnings("unchecked")
        Map<String, Object> drawing = (Map<String, Object>) said.get("media");
        String source = (String) drawing.get("source");
        assertTrue(source.matches("media/telegram-\\d{8}-\\d{6}(-\\d+)?\\.png"), source);
        assertEquals("a cat on the moon", drawing.get("caption"));
        byte[] kept = Files.readAllBytes(home.resolve("personas").resolve(id).resolve("home").resolve(source));
        assertArrayEquals(png, kept, "her media/ keeps the imagination's image, whole");

        assertEquals(List.of("Here is your cat on the moon."), tg.sent(token, 705).subList(1, tg.sent(token, 705).size()),
                "her words go to the chat once, and nothing of her ability call");
        FakeTelegram.Upload photo = tg.uploads(token).get(0);
        assertEquals("sendPhoto", photo.method());
        assertEquals("photo", photo.field());
        assertEquals("705", photo.fields().getString("chat_id"));
        assertEquals("image/png", photo.contentType());
        assertArrayEquals(kept, photo.bytes(), "the photo sent is the file in her media/");
        FakeTelegram.Call words = tg.calls(token, "sendMessage").stream()
                .filter(c -> "Here is your cat on the moon.".equals(c.body().getString("text"))).findFirst().orElseThrow();
        FakeTelegram.Call sent = tg.calls(token, "sendPhoto").get(0);
        assertFalse(sent.at().isBefore(words.at()), "her words first, then her drawing");
    }

    @Test
    void anEarThatRefusesItsKeyIsSaidInWordsTheOtherOrgansWorkAndSheIsNotSick() throws IOException {
        String token = "310004:TG-ear401-DDDD";
        String id = pairedPersona("Mira", token, 703);
        json(FakeWorld.OPENAI + "/v1/audio/transcriptions", 401, "{\"error\":{\"message\":\"Incorrect API key provided: "
                + "sk-oai-***. You can find your API key at https://platform.openai.com/account/api-keys.\",\"type\":"
                + "\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
        tg.addFile("voice-9", "voice/file_9.oga", VOICE_IN);

        for (int i = 1; i <= 3; i++) {
            tg.pushMessage(token, 703, new JsonObject().put("voice", new JsonObject().put("file_id", "voice-9")
                    .put("duration", 1).put("mime_type", "audio/ogg").put("file_size", VOICE_IN.length)));
            int told = i;
            await().atMost(WAIT).until(() -> answers(token, 703, EAR_REFUSED) == told);
        }
        assertTrue(tg.sent(token, 703).stream().noneMatch(text -> text.contains(OAI)), "her key is never told");
        assertTrue(supervisor.isRunning(id), "an organ's faults do not stop her");
        given().get("/api/persona/" + id + "/diagnose").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.not(equalTo("sick")));
        List<Map<String, Object>> lines = conversation(id);
        assertEquals("(a voice message)", lines.get(lines.size() - 2).get("content"));
        assertEquals(EAR_REFUSED, lines.get(lines.size() - 1).get("content"));
        wm.verify(0, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages")));

        tg.addFile("photo-9", "photos/file_9.jpg", JPEG);
        tg.pushMessage(token, 703, new JsonObject().put("photo", new JsonArray().add(new JsonObject()
                .put("file_id", "photo-9").put("width", 10).put("height", 10).put("file_size", JPEG.length))));
        await().atMost(WAIT).until(() -> answers(token, 703, ANSWER) == 1);
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/chat/completions")));
        assertTrue(((String) conversation(id).get(conversation(id).size() - 2).get("content"))
                .contains("My eye saw: A red square."), "her eye still works");
        assertEquals(List.of(), tg.uploads(token), "no voice: she heard no voice message she could answer");
    }

    @Test
    void aFileTooLargeOrOfAnotherKindIsAnsweredInWordsAndNothingIsKept() throws IOException {
        String token = "310005:TG-hostile-EEEE";
        String id = pairedPersona("Ara", token, 704);
        tg.addFile("big-1", "voice/file_big.oga", VOICE_IN);

        tg.pushMessage(token, 704, new JsonObject().put("voice", new JsonObject().put("file_id", "big-1")
                .put("duration", 900).put("mime_type", "audio/ogg").put("file_size", 30L * 1024 * 1024)));
        await().atMost(WAIT).until(() -> tg.sent(token, 704).stream().anyMatch(t -> t.contains("larger than 20 MB")));
        tg.pushMessage(token, 704, new JsonObject().put("sticker", new JsonObject().put("file_id", "st-1")
                .put("width", 512).put("height", 512)));
        await().atMost(WAIT).until(() -> tg.sent(token, 704).stream().anyMatch(t -> t.startsWith("I cannot open this kind")));
        tg.pushMessage(token, 704, new JsonObject().put("document", new JsonObject().put("file_id", "gone-1")
                .put("file_name", "a.pdf").put("mime_type", "application/pdf").put("file_size", 10)));
        await().atMost(WAIT).until(() -> tg.sent(token, 704).stream().anyMatch(t -> t.contains("invalid file_id")));

        assertEquals(List.of(), tg.downloads(token), "nothing announced too large or unknown is fetched");

        tg.addFileOfUnknownSize("big-2", "voice/file_big2.oga", new byte[20 * 1024 * 1024 + 64 * 1024]);
        tg.pushMessage(token, 704, new JsonObject().put("voice", new JsonObject().put("file_id", "big-2")
                .put("duration", 900).put("mime_type", "audio/ogg")));
        await().atMost(WAIT).until(() -> tg.sent(token, 704).stream().filter(t -> t.contains("larger than 20 MB"))
                .count() == 2);
        assertEquals(List.of("voice/file_big2.oga"), tg.downloads(token), "a file of unknown size is fetched, and "
                + "stopped past the limit");
        try (Stream<Path> left = Files.list(home.resolve("tmp").resolve("channels"))) {
            assertEquals(0, left.count(), "the part fetched is deleted");
        }
        assertEquals(List.of(), mediaFiles(id), "nothing is kept");
        assertEquals(List.of(), conversation(id), "she heard nothing she could take in");
        wm.verify(0, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/transcriptions")));
    }
}
