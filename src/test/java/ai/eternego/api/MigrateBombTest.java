package ai.eternego.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A zip bomb of 7 GiB in a diary of about 10 MB, under the shipped limits (8 GiB in all, 4 GiB per
 * file, so no size limit is what stops it): refused by its compression ratio in moments, with a 413
 * naming the file and the setting, and ETERNEGO_HOME exactly as before.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class MigrateBombTest {

    private static final long ENTRY = 3584L << 20; // 3.5 GiB

    @InjectHome
    Path home;

    @InjectWireMock
    WireMockServer wm;

    @TempDir
    Path tmp;

    @TestHTTPResource("/api/persona/migrate")
    URI migrate;

    @Test
    void aDiaryInflatingToGigabytesIsRefusedFast() throws Exception {
        String id = UUID.randomUUID().toString();
        String phrase = Bip39.generate();
        String config = "{\"id\":\"" + id + "\",\"name\":\"Bomb\",\"thinking\":{\"name\":\"x\",\"url\":\"http://localhost:11434\"}}";
        byte[] zip = HostileDiaries.zerosBomb(Entry.file("config.json", config), ENTRY, "history/a.log", "history/b.log");
        Path diary = HostileDiaries.save(tmp, id, HostileDiaries.fernet(zip, DiaryKey.derive(phrase, id), HostileDiaries.NOW));
        System.out.printf("zip bomb: %d MB on disk, inflating to %.1f GiB%n", Files.size(diary) / 1_000_000,
                2.0 * ENTRY / (1L << 30));
        assertTrue(Files.size(diary) < 12_000_000, "about 10 MB");

        Fakes.openAiModel(wm, FakeWorld.OPENAI, "m", "k");
        HomeSnapshot before = HomeSnapshot.of(home);
        Multipart form = new Multipart().file("diary", id + ".diary", Files.readAllBytes(diary)).field("phrase", phrase)
                .field("model", "m").field("provider", "openai").field("api_key", "k");
        HttpRequest request = HttpRequest.newBuilder(migrate).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build();
        long start = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("The file \"history/a.log\" in the diary expands more than 200 times its compressed size, over this"
                + " service's limit (a zip bomb?); if you trust this diary, raise eternego.diary.max-entry-ratio and send it"
                + " again.", new ObjectMapper().readTree(response.body()).path("detail").asText());
        System.out.println("zip bomb refused in " + millis + " ms");
        assertTrue(millis < 5_000, "refused in " + millis + " ms");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(before, HomeSnapshot.of(home)));
    }
}
