package ai.eternego.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import ai.eternego.store.MediaKind;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Files on a Discord session, through the chat-session seam every door uses: a message's attachments arrive
 * described by kind, a file is streamed from the fake CDN to the disk within a limit (never with her token,
 * never from a non-http address, nothing left on a refusal), and a file goes out as one multipart message
 * with {@code payload_json} and {@code files[0]}, tried again after a 429.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class DiscordFilesTest {

    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final String TOKEN = "MTA0.files.token-six";
    private static final String DM = "100000000000000001";
    private static final String CDN = "/discord-cdn/attachments/1/2/";

    @InjectWireMock
    WireMockServer wm;

    @Inject
    DiscordPlatform platform;

    @TempDir
    Path dir;

    private FakeDiscordGateway fake;
    private ChatSession session;
    private final List<Incoming> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        wm.resetAll();
        fake = new FakeDiscordGateway();
        wm.stubFor(get(urlPathEqualTo(FakeWorld.DISCORD + "/gateway/bot"))
                .willReturn(okJson(new JsonObject().put("url", fake.url()).put("shards", 1).encode())));
        Map<String, String> remembered = new ConcurrentHashMap<>();
        session = platform.open(TOKEN, new ChannelMemory() {
            @Override
            public Optional<String> read(String name) {
                return Optional.ofNullable(remembered.get(name));
            }

            @Override
            public void write(String name, String content) {
                remembered.put(name, content);
            }
        }, message -> {
            heard.add(message);
            return io.smallrye.mutiny.Uni.createFrom().voidItem();
        });
        await().atMost(BOUND).until(() -> session.state().connected());
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        fake.close();
    }

    private String cdn(String name) {
        return wm.baseUrl() + CDN + name;
    }

    private static JsonObject attachment(String id, String name, String type, long size, String url) {
        JsonObject a = new JsonObject().put("id", id).put("filename", name).put("size", size).put("url", url);
        return type == null ? a : a.put("content_type", type);
    }

    @Test
    void aMessagesAttachmentsArriveDescribedByKindWithTheirCaption() {
        JsonObject d = FakeDiscordGateway.message("200000000000000001", DM, null, "300000000000000001", false,
                "what do you make of these?");
        d.put("attachments", new JsonArray()
                .add(attachment("1", "cat.png", "image/png", 2048, cdn("cat.png")))
                .add(attachment("2", "song.mp3", "audio/mpeg", 4096, cdn("song.mp3")))
                .add(attachment("3", "paper.pdf", "application/pdf", 8192, cdn("paper.pdf")))
                .add(attachment("4", "notes.md", "text/markdown; charset=utf-8", 10, cdn("notes.md")))
                .add(attachment("5", "app.zip", "application/zip", 10, cdn("app.zip")))
                .add(attachment("6", "mystery", null, -1, cdn("mystery"))));
        fake.push("MESSAGE_CREATE", d);
        JsonObject voice = FakeDiscordGateway.message("200000000000000002", DM, null, "300000000000000001", false, "");
        voice.put("flags", 8192).put("attachments", new JsonArray()
                .add(attachment("7", "voice-message.ogg", "audio/ogg", 5000, cdn("voice-message.ogg"))
                        .put("duration_secs", 2.5)));
        fake.push("MESSAGE_CREATE", voice);
        await().atMost(BOUND).until(() -> heard.size() == 2);

        Incoming first = heard.get(0);
        assertEquals(DM, first.chatId());
        assertEquals("what do you make of these?", first.text());
        assertEquals(List.of(Attachment.Kind.IMAGE, Attachment.Kind.AUDIO, Attachment.Kind.DOCUMENT,
                Attachment.Kind.DOCUMENT, Attachment.Kind.OTHER, Attachment.Kind.OTHER),
                first.attachments().stream().map(Attachment::kind).toList());
        assertEquals(new Attachment(Attachment.Kind.IMAGE, cdn("cat.png"), "image/png", 2048, "cat.png"),
                first.attachments().get(0));
        assertEquals(-1, first.attachments().get(5).size(), "an unknown size is -1");

        Incoming spoken = heard.get(1);
        assertEquals(null, spoken.text(), "a voice message carries no text");
        assertEquals(List.of(new Attachment(Attachment.Kind.VOICE, cdn("voice-message.ogg"), "audio/ogg", 5000,
                "voice-message.ogg")), spoken.attachments());
    }

    @Test
    void aFileIsStreamedToTheDiskWithoutHerToken() throws Exception {
        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        wm.stubFor(get(urlPathEqualTo(CDN + "big.ogg")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/ogg").withBody(bytes)));
        Path target = dir.resolve("big.ogg");
        Files.writeString(target, "an older file, replaced");

        session.download(new Attachment(Attachment.Kind.VOICE, cdn("big.ogg"), "audio/ogg", bytes.length, "big.ogg"),
                target, 1_000_000).await().atMost(BOUND);

        assertArrayEquals(bytes, Files.readAllBytes(target));
        wm.verify(1, getRequestedFor(urlPathEqualTo(CDN + "big.ogg")).withHeader("Authorization", absent()));
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedInWordsAndNothingIsLeft() throws Exception {
        byte[] bytes = new byte[200_000];
        wm.stubFor(get(urlPathEqualTo(CDN + "liar.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(bytes).withChunkedDribbleDelay(4, 50)));
        Path target = dir.resolve("liar.png");
        Files.writeString(target, "an older file");

        // it says it is small, and turns out larger as it streams
        Throwable streamed = failure(session.download(new Attachment(Attachment.Kind.IMAGE, cdn("liar.png"),
                "image/png", 1000, "liar.png"), target, 100_000));
        assertInstanceOf(SendRefused.class, streamed);
        assertEquals("it is larger than 100000 bytes; send a smaller one", streamed.getMessage());
        assertFalse(((SendRefused) streamed).closed());
        assertFalse(Files.exists(target), "nothing is left where it was to go");

        // it says it is large: not even asked for
        Path other = dir.resolve("huge.png");
        Throwable declared = failure(session.download(new Attachment(Attachment.Kind.IMAGE, cdn("huge.png"),
                "image/png", 11 * 1024 * 1024, "huge.png"), other, 10 * 1024 * 1024));
        assertEquals("it is larger than 10 MB; send a smaller one", declared.getMessage());
        assertFalse(Files.exists(other));
        wm.verify(0, getRequestedFor(urlPathEqualTo(CDN + "huge.png")));
    }

    @Test
    void onlyAnHttpAddressIsFetchedAndAMissingFileIsSaidInWords() throws Exception {
        Path target = dir.resolve("x");
        for (String url : List.of("file:///etc/passwd", "ftp://127.0.0.1/x", "http:///nohost", "not a url")) {
            Throwable refused = failure(session.download(new Attachment(Attachment.Kind.DOCUMENT, url, "text/plain",
                    10, "x.txt"), target, 1000));
            assertEquals("Discord gave no usable address for that file", refused.getMessage(), url);
        }
        assertFalse(Files.exists(target));

        wm.stubFor(get(urlPathEqualTo(CDN + "gone.txt")).willReturn(aResponse().withStatus(404)));
        Throwable gone = failure(session.download(new Attachment(Attachment.Kind.DOCUMENT, cdn("gone.txt"),
                "text/plain", 10, "gone.txt"), target, 1000));
        assertEquals("Discord no longer has that file (its link expired); send it again", gone.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void aFileGoesAsOneMultipartMessageWithPayloadJsonAndFiles0() throws Exception {
        wm.stubFor(post(urlPathMatching(".*/channels/\\d+/messages")).willReturn(okJson("{\"id\":\"1\"}")));
        byte[] bytes = drawing(70_000);
        Path file = dir.resolve("discord-20261129-101500.png");
        Files.write(file, bytes);

        session.sendFile(DM, MediaKind.IMAGE, file, "image/png", "My drawing of you.").await().atMost(BOUND);

        List<LoggedRequest> sent = wm.findAll(postRequestedFor(
                urlPathEqualTo(FakeWorld.DISCORD + "/channels/" + DM + "/messages")));
        assertEquals(1, sent.size());
        LoggedRequest request = sent.get(0);
        assertEquals("Bot " + TOKEN, request.getHeader("Authorization"));
        Map<String, Part> parts = parts(request);
        assertEquals(List.of("payload_json", "files[0]"), List.copyOf(parts.keySet()));
        JsonObject payload = new JsonObject(new String(parts.get("payload_json").bytes, StandardCharsets.UTF_8));
        assertEquals("My drawing of you.", payload.getString("content"));
        assertEquals(new JsonArray(), payload.getJsonObject("allowed_mentions").getJsonArray("parse"));
        assertEquals(new JsonArray().add(new JsonObject().put("id", 0).put("filename", "discord-20261129-101500.png")),
                payload.getJsonArray("attachments"));
        Part filePart = parts.get("files[0]");
        assertTrue(filePart.headers.contains("filename=\"discord-20261129-101500.png\""), filePart.headers);
        assertTrue(filePart.headers.contains("Content-Type: image/png"), filePart.headers);
        assertArrayEquals(bytes, filePart.bytes, "the file's bytes arrive whole and unchanged");
    }

    @Test
    void aRateLimitedFileIsSentAgainAfterRetryAfterWithEveryByte() throws Exception {
        String path = FakeWorld.DISCORD + "/channels/" + DM + "/messages";
        wm.stubFor(post(urlPathEqualTo(path)).inScenario("limited").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"You are being rate limited.\",\"retry_after\":0.3,\"global\":false}"))
                .willSetStateTo("open"));
        wm.stubFor(post(urlPathEqualTo(path)).inScenario("limited").whenScenarioStateIs("open")
                .willReturn(okJson("{\"id\":\"2\"}")));
        byte[] bytes = "OggS and a short voice".getBytes(StandardCharsets.US_ASCII);
        Path file = dir.resolve("discord-20261129-101501.ogg");
        Files.write(file, bytes);

        long began = System.nanoTime();
        session.sendFile(DM, MediaKind.AUDIO, file, "audio/ogg", null).await().atMost(BOUND);

        assertTrue(System.nanoTime() - began >= 300_000_000L, "she waited retry_after before trying again");
        List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlPathEqualTo(path)));
        assertEquals(2, sent.size(), "the file was tried again once");
        for (LoggedRequest request : sent) {
            Map<String, Part> parts = parts(request);
            assertArrayEquals(bytes, parts.get("files[0]").bytes);
            assertFalse(new JsonObject(new String(parts.get("payload_json").bytes, StandardCharsets.UTF_8))
                    .containsKey("content"), "no caption, no content");
        }
    }

    @Test
    void aRefusedFileFailsInWords() throws Exception {
        wm.stubFor(post(urlPathMatching(".*/channels/\\d+/messages")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Missing Access\",\"code\":50001}")));
        Path file = dir.resolve("discord-20261129-101502.png");
        Files.write(file, drawing(100));
        Throwable refused = failure(session.sendFile(DM, MediaKind.IMAGE, file, "image/png", null));
        assertInstanceOf(SendRefused.class, refused);
        assertTrue(refused.getMessage().startsWith("Discord does not let her write there"), refused.getMessage());
    }

    /** A PNG's signature followed by {@code size} more bytes. */
    static byte[] drawing(int size) {
        byte[] bytes = new byte[size + 8];
        byte[] signature = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
        System.arraycopy(signature, 0, bytes, 0, 8);
        for (int i = 8; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 13);
        }
        return bytes;
    }

    private static Throwable failure(io.smallrye.mutiny.Uni<Void> call) {
        return call.onItem().transform(done -> (Throwable) null).onFailure().recoverWithItem(f -> f)
                .await().atMost(BOUND);
    }

    /** One part of a multipart body: its header lines and its bytes. */
    record Part(String headers, byte[] bytes) {
    }

    /** The parts of a multipart/form-data request, by name, in order, split at its boundary byte for byte. */
    static Map<String, Part> parts(LoggedRequest request) {
        String type = request.getHeader("Content-Type");
        assertTrue(type.startsWith("multipart/form-data; boundary="), type);
        byte[] boundary = ("--" + type.substring(type.indexOf("boundary=") + 9)).getBytes(StandardCharsets.US_ASCII);
        byte[] body = request.getBody();
        Map<String, Part> parts = new java.util.LinkedHashMap<>();
        List<Integer> marks = new ArrayList<>();
        for (int i = 0; i + boundary.length <= body.length; i++) {
            if (java.util.Arrays.equals(body, i, i + boundary.length, boundary, 0, boundary.length)) {
                marks.add(i);
            }
        }
        for (int m = 0; m + 1 < marks.size(); m++) {
            int start = marks.get(m) + boundary.length + 2;
            int end = marks.get(m + 1) - 2;
            int blank = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start);
            String headers = new String(body, start, blank - start, StandardCharsets.UTF_8);
            String name = headers.replaceAll("(?s).*?; name=\"([^\"]+)\".*", "$1");
            parts.put(name, new Part(headers, java.util.Arrays.copyOfRange(body, blank + 4, end)));
        }
        String last = new String(body, marks.get(marks.size() - 1), body.length - marks.get(marks.size() - 1),
                StandardCharsets.US_ASCII);
        assertEquals(new String(boundary, StandardCharsets.US_ASCII) + "--\r\n", last, "the body ends with its boundary");
        return parts;
    }

    private static int indexOf(byte[] body, byte[] what, int from) {
        for (int i = from; i + what.length <= body.length; i++) {
            if (java.util.Arrays.equals(body, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new AssertionError("no blank line after a part's headers");
    }
}
