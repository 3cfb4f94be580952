package ai.eternego.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import ai.eternego.diary.Bip39;
import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.HostileDiaries;
import ai.eternego.diary.HostileDiaries.Entry;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.HomeSnapshot;
import ai.eternego.testing.Multipart;

/**
 * A full disk, for real: ETERNEGO_HOME on an 8 MiB tmpfs (mounted here; CI runs as root), the packaged
 * service on it, the tmpfs filled with a filler file. A create, a migrate and a diary write then fail
 * cleanly, 507 with a detail that says so, and leave her tree exactly as it was; once space is freed,
 * the same requests succeed. Not being able to mount is a failure, never a skip.
 */
class DiskFullIT {

    static final String KEY = "sk-ant-diskfull-1";
    static final ObjectMapper JSON = new ObjectMapper();

    Path mount;
    WireMockServer wm;
    ServiceProcess service;

    @BeforeEach
    void mountTmpfs() throws Exception {
        mount = Files.createTempDirectory("eternego-tmpfs");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("The disk-full test needs a tmpfs: 'mount -t tmpfs' failed (run as root; CI does): " + out);
        }
        wm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        Fakes.anthropicModelAt(wm, FakeWorld.ANTHROPIC, "claude-sonnet-4-6", KEY);
    }

    @AfterEach
    void unmount() throws Exception {
        if (service != null) {
            service.kill();
        }
        if (wm != null) {
            wm.stop();
        }
        new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        Files.deleteIfExists(mount);
    }

    private static String create() {
        return "{\"name\":\"Full\",\"thinking_model\":\"claude-sonnet-4-6\",\"thinking_provider\":\"anthropic\","
                + "\"thinking_api_key\":\"" + KEY + "\"}";
    }

    /** Writes the filler until the disk refuses, then gives back {@code leave} bytes. */
    private static void fill(Path filler, long leave) throws IOException {
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            assertTrue(full.getMessage() == null || full.getMessage().contains("No space left"), String.valueOf(full));
        }
        if (leave > 0) {
            try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.WRITE)) {
                channel.truncate(Math.max(0, channel.size() - leave));
            }
        }
    }

    @Test
    void createMigrateAndADiaryWriteFailCleanlyOnAFullDisk() throws Exception {
        Path home = mount.resolve("home");
        service = ServiceProcess.start(Map.of("eternego.home", home.toString(),
                "eternego.providers.anthropic.url", Fakes.url(wm, FakeWorld.ANTHROPIC)),
                Path.of("target/it/disk-full-service.log"), Duration.ofSeconds(120));

        HttpResponse<String> born = service.postJson("/api/persona/create", create());
        assertEquals(200, born.statusCode(), born.body());
        JsonNode persona = JSON.readTree(born.body());
        String id = persona.path("persona").path("id").asText();
        // her memories grow: 400 KB in her home, so a new diary of her no longer fits in what is left
        byte[] photo = new byte[400_000];
        new Random(3).nextBytes(photo);
        Files.write(home.resolve("personas").resolve(id).resolve("home/media/photo.jpg"), photo);
        Path diary = home.resolve("diary").resolve(id).resolve(id + ".diary");
        byte[] diaryBefore = Files.readAllBytes(diary);

        Path filler = mount.resolve("filler");

        // a diary write that runs out of space half-way: 100 KB left, 400 KB to write
        fill(filler, 100_000);
        HomeSnapshot before = HomeSnapshot.of(home);
        HttpResponse<String> slept = service.postJson("/api/persona/" + id + "/sleep", "");
        assertEquals(507, slept.statusCode(), slept.body());
        assertTrue(slept.body().contains("disk is full"), slept.body());
        assertEquals(before, HomeSnapshot.of(home), "a failed diary write changed her tree");
        assertArrayEquals(diaryBefore, Files.readAllBytes(diary), "her newest diary changed");

        // nothing left at all: create and migrate
        fill(filler, 0);
        before = HomeSnapshot.of(home);
        HttpResponse<String> refused = service.postJson("/api/persona/create", create());
        assertEquals(507, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("disk is full"), refused.body());
        assertEquals(before, HomeSnapshot.of(home), "a failed create changed the tree");
        HttpResponse<String> slept2 = service.postJson("/api/persona/" + id + "/sleep", "");
        assertEquals(507, slept2.statusCode(), slept2.body());
        assertEquals(before, HomeSnapshot.of(home), "a failed diary write changed her tree");

        String phrase = Bip39.generate();
        String other = UUID.randomUUID().toString();
        byte[] otherDiary = HostileDiaries.fernet(HostileDiaries.zip(Entry.file("config.json",
                "{\"id\":\"" + other + "\",\"name\":\"Elsewhere\"}")), DiaryKey.derive(phrase, other), HostileDiaries.NOW);
        Multipart form = new Multipart().file("diary", other + ".diary", otherDiary).field("phrase", phrase)
                .field("model", "claude-sonnet-4-6").field("provider", "anthropic").field("api_key", KEY);
        HttpResponse<String> migrated = service.postMultipart("/api/persona/migrate", form.contentType(), form.bytes());
        assertEquals(507, migrated.statusCode(), migrated.body());
        assertTrue(migrated.body().contains("disk is full"), migrated.body());
        HomeSnapshot expected = before;
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertEquals(expected, HomeSnapshot.of(home), "a failed migrate changed the tree"));
        assertEquals(200, service.get("/api/persona/" + id).statusCode(), "she is still there");

        // space again: everything works, nothing was damaged
        Files.delete(filler);
        assertEquals(200, service.postJson("/api/persona/" + id + "/sleep", "").statusCode());
        assertEquals(200, service.postJson("/api/persona/create", create()).statusCode());
        HttpResponse<String> again = service.postMultipart("/api/persona/migrate", form.contentType(), form.bytes());
        assertEquals(200, again.statusCode(), again.body());
    }
}
