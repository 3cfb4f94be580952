package ai.eternego.store;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.eternego.core.Refusal;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.HomeSnapshot;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

/**
 * Her media: kept under upstream's names by streaming within each kind's limit, only of the accepted
 * types, never under a sender's name; served from inside her media/ only. Hostile media changes nothing.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class MediaTest {

    static final Instant AT = Instant.parse("2026-11-28T10:15:00Z");
    static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3, 4 };
    static final byte[] PDF = "%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @InjectHome
    Path home;

    @Inject
    MediaStore media;

    @Inject
    HomeLayout layout;

    String id;

    @BeforeEach
    void persona() throws IOException {
        id = UUID.randomUUID().toString();
        Files.createDirectories(layout.homeDir(id));
    }

    /** Her directory goes with the test: its placeholder record is no persona for the tests that follow. */
    @AfterEach
    void forget() throws IOException {
        try (var files = Files.walk(layout.homeDir(id).getParent())) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static String stamp() {
        return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(AT.atZone(ZoneId.systemDefault()));
    }

    private MediaStore.MediaFile save(String channel, MediaKind kind, String type, InputStream in) {
        return media.save(id, channel, kind, type, in, AT);
    }

    @Test
    void aFileIsKeptUnderUpstreamsNameWithACounterOnCollision() throws IOException {
        MediaStore.MediaFile first = save("telegram", MediaKind.IMAGE, "image/png", new ByteArrayInputStream(PNG));
        MediaStore.MediaFile second = save("telegram", MediaKind.IMAGE, "image/png", new ByteArrayInputStream(PNG));
        MediaStore.MediaFile voice = save("discord", MediaKind.AUDIO, "audio/ogg; codecs=opus",
                new ByteArrayInputStream("OggS-voice".getBytes(StandardCharsets.US_ASCII)));

        assertEquals("telegram-" + stamp() + ".png", first.name());
        assertEquals("telegram-" + stamp() + "-2.png", second.name());
        assertEquals("discord-" + stamp() + ".ogg", voice.name());
        assertEquals("media/" + first.name(), first.source());
        assertEquals("image/png", first.contentType());
        assertEquals(layout.homeDir(id).resolve("media").resolve(first.name()), first.path());
        assertArrayEquals(PNG, Files.readAllBytes(first.path()));
        try (var left = Files.list(media.dir(id))) {
            assertEquals(3, left.count(), "no part file is left behind");
        }
    }

    @Test
    void anOversizedFileIsRefusedInWordsAndNothingIsWritten() {
        HomeSnapshot before = HomeSnapshot.of(home);
        long limit = media.limit(MediaKind.IMAGE);

        Refusal refusal = assertThrows(Refusal.class,
                () -> save("web", MediaKind.IMAGE, "image/png", endless(PNG, limit + 1)));

        assertEquals(Refusal.Kind.TOO_LARGE, refusal.kind());
        assertEquals("This image is larger than 10 MB; send a smaller one.", refusal.sentence());
        assertEquals(before, HomeSnapshot.of(home));
    }

    @ParameterizedTest
    @ValueSource(strings = { "image/svg+xml", "text/html", "application/octet-stream", "" })
    void aWrongContentTypeIsRefusedInWordsAndNothingIsWritten(String type) {
        HomeSnapshot before = HomeSnapshot.of(home);

        Refusal refusal = assertThrows(Refusal.class,
                () -> save("web", MediaKind.IMAGE, type, new ByteArrayInputStream(PNG)));

        assertEquals(Refusal.Kind.INVALID, refusal.kind());
        assertTrue(refusal.sentence().endsWith("; send PNG, JPEG, GIF or WebP."), refusal.sentence());
        assertEquals(before, HomeSnapshot.of(home));
    }

    @Test
    void aFileThatIsNotWhatItClaimsIsRefused() {
        HomeSnapshot before = HomeSnapshot.of(home);

        Refusal image = assertThrows(Refusal.class, () -> save("web", MediaKind.IMAGE, "image/png",
                new ByteArrayInputStream("<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8))));
        Refusal pdf = assertThrows(Refusal.class, () -> save("web", MediaKind.DOCUMENT, "application/pdf",
                new ByteArrayInputStream("MZ\u0090 a program".getBytes(StandardCharsets.ISO_8859_1))));

        assertEquals("This image is not the PNG it claims to be; send PNG, JPEG, GIF or WebP.", image.sentence());
        assertEquals("This document is not the PDF it claims to be; send PDF, plain text or markdown.", pdf.sentence());
        assertEquals(before, HomeSnapshot.of(home));
    }

    @ParameterizedTest
    @ValueSource(strings = { "../x", "web/../../", "Web", "" })
    void aHostileChannelNeverBecomesPartOfAPath(String channel) {
        HomeSnapshot before = HomeSnapshot.of(home);

        Refusal refusal = assertThrows(Refusal.class,
                () -> save(channel, MediaKind.DOCUMENT, "application/pdf", new ByteArrayInputStream(PDF)));

        assertEquals(Refusal.Kind.INVALID, refusal.kind());
        assertEquals(before, HomeSnapshot.of(home));
    }

    @Test
    void aKeptFileIsServedWithItsContentType() {
        MediaStore.MediaFile kept = save("web", MediaKind.DOCUMENT, "application/pdf", new ByteArrayInputStream(PDF));

        byte[] served = given().get("/api/persona/" + id + "/media/" + kept.name()).then().statusCode(200)
                .header("Content-Type", "application/pdf").header("X-Content-Type-Options", "nosniff")
                .extract().asByteArray();

        assertArrayEquals(PDF, served);
    }

    @ParameterizedTest
    @ValueSource(strings = { "..%2F..%2Fconfig.json", "%2E%2E%2Fconfig.json", "..%5Cconfig.json", "a%2Fb.png", ".part-x",
            "x..png" })
    void aNameWithAPathSeparatorOrDotsIsA400(String name) throws IOException {
        Files.writeString(layout.homeDir(id).resolve("config.json"), "{\"secret\":\"do-not-serve\"}");

        RawHttp.Answer answer = RawHttp.get(RestAssured.port, "/api/persona/" + id + "/media/" + name,
                "localhost:" + RestAssured.port);

        assertEquals(400, answer.status(), answer.body());
        assertFalse(answer.body().contains("do-not-serve"));
        assertTrue(answer.body().contains("without / \\\\ or '..'"), answer.body());
    }

    @ParameterizedTest
    @ValueSource(strings = { "..", "../config.json", "/etc/passwd", "media/../config.json", "a\\b.png" })
    void theStoreRefusesTheSameNamesWhereverTheyComeFrom(String name) {
        Refusal refusal = assertThrows(Refusal.class, () -> media.open(id, name));

        assertEquals(Refusal.Kind.INVALID, refusal.kind());
    }

    @Test
    void onlyRegularFilesInsideHerMediaAreServed() throws IOException {
        Path outside = layout.homeDir(id).resolve("config.json");
        Files.writeString(outside, "{\"secret\":\"do-not-serve\"}");
        save("web", MediaKind.DOCUMENT, "application/pdf", new ByteArrayInputStream(PDF));
        Files.createSymbolicLink(media.dir(id).resolve("link.pdf"), outside);

        given().get("/api/persona/" + id + "/media/link.pdf").then().statusCode(404);
        given().get("/api/persona/" + id + "/media/nothing.png").then().statusCode(404);
        given().get("/api/persona/" + UUID.randomUUID() + "/media/nothing.png").then().statusCode(404);
        given().get("/api/persona/not-an-id/media/nothing.png").then().statusCode(400);
    }

    /** {@code size} bytes starting with {@code head}, made as they are read: never held whole. */
    private static InputStream endless(byte[] head, long size) {
        return new InputStream() {
            long given;

            @Override
            public int read() {
                if (given >= size) {
                    return -1;
                }
                return given < head.length ? head[(int) given++] & 0xff : (int) (given++ & 0x7f);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (given >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - given);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) read();
                }
                return n;
            }
        };
    }
}
