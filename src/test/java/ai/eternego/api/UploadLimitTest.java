package ai.eternego.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * The diary upload is capped by {@code eternego.diary.max-upload-bytes} (here a tiny 128 KiB): past it,
 * 413 and the disk as it was, the upload's temporary file included. The JSON limit keeps its meaning:
 * a create body of ordinary size is still read.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
@TestProfile(UploadLimitTest.TinyCap.class)
class UploadLimitTest {

    static final int CAP = 128 * 1024;

    public static class TinyCap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eternego.diary.max-upload-bytes", String.valueOf(CAP));
        }
    }

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    private Answer migrate(byte[] diary, boolean chunked) throws Exception {
        Multipart form = new Multipart().file("diary", UUID.randomUUID() + ".diary", diary)
                .field("phrase", "abandon ".repeat(23) + "art").field("model", "claude-sonnet-4-6");
        int port = RestAssured.port;
        return chunked
                ? RawHttp.postChunked(port, "/api/persona/migrate", "localhost:" + port, form.contentType(), form.bytes())
                : RawHttp.post(port, "POST", "/api/persona/migrate", "localhost:" + port, form.contentType(), form.bytes());
    }

    @Test
    void anUploadOverTheCapIs413AndLeavesNothing() throws Exception {
        wm.resetAll();
        Path log = Path.of("target", "quarkus-test.log");
        long logged = Files.size(log);
        HomeSnapshot before = HomeSnapshot.of(home);
        byte[] big = new byte[CAP + 4096];
        new Random(5).nextBytes(big);
        for (boolean chunked : new boolean[] { false, true }) {
            Answer answer = migrate(big, chunked);
            assertEquals(413, answer.status(), (chunked ? "chunked: " : "") + answer.body());
            assertTrue(answer.body().contains("\"detail\":\"The upload is larger than this service takes")
                    || answer.body().contains("\"detail\":\"The request is too large"), answer.body());
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertEquals(before, HomeSnapshot.of(home), "the upload left a trace"));
        }
        Answer huge = migrate(new byte[CAP * 8], true);
        assertEquals(413, huge.status(), huge.body());
        assertTrue(huge.body().contains("\"detail\":"), huge.body());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(before, HomeSnapshot.of(home)));
        assertEquals(0, Fakes.served(wm).size(), "a provider was called");
        String since = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).substring((int) logged);
        assertFalse(since.contains(" ERROR "), "a client's too-large upload was logged as an error:\n" + since);
    }

    @Test
    void anUploadUnderTheCapIsReadAndJudgedOnItsMerits() throws Exception {
        HomeSnapshot before = HomeSnapshot.of(home);
        Answer answer = migrate("not a fernet token".getBytes(StandardCharsets.US_ASCII), false);
        assertEquals(400, answer.status(), answer.body());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(before, HomeSnapshot.of(home)));
    }

    @Test
    void anOrdinaryJsonBodyIsStillRead() throws Exception {
        byte[] body = ("{\"name\":\"" + "n".repeat(60_000) + "\",\"thinking_model\":\"x\"}").getBytes(StandardCharsets.UTF_8);
        Answer answer = RawHttp.post(RestAssured.port, "POST", "/api/persona/create", "localhost:" + RestAssured.port,
                "application/json", body);
        assertEquals(422, answer.status(), answer.body());
        assertTrue(answer.body().contains("name"), answer.body());
    }
}
