package ai.eternego.api;

import static ai.eternego.api.MigrateSupport.FIXTURE_ID;
import static ai.eternego.api.MigrateSupport.migrate;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.agent.AgentSupervisor;
import ai.eternego.diary.Bip39;
import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.HostileDiaries;
import ai.eternego.diary.HostileDiaries.Entry;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.HomeSnapshot;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.Upstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** Her memory moves: the upstream fixture, our own round trip, and what upstream also accepts. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class MigrateApiTest {

    private static final String KEY = "sk-ant-migrate-777";
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    AgentSupervisor supervisor;

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.ollamaRunning(wm, "qwen2.5:7b");
    }

    private static Map<String, String> cloudMind() {
        return Map.of("model", "claude-sonnet-4-6", "provider", "anthropic", "api_key", KEY);
    }

    private void deleteIfPresent(String id) {
        if (Files.exists(home.resolve("personas").resolve(id))) {
            given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
        }
    }

    @Test
    void theUpstreamFixtureMigratesFileForFile() throws Exception {
        deleteIfPresent(FIXTURE_ID);
        Path fixtures = Upstream.shared().resolve("fixtures/diary");
        byte[] diary = Files.readAllBytes(fixtures.resolve(FIXTURE_ID + ".diary"));
        String phrase = Files.readString(fixtures.resolve(FIXTURE_ID + ".phrase"), StandardCharsets.UTF_8);

        Fakes.telegramBot(wm, "555:new-bot");
        JsonPath body = migrate(FIXTURE_ID + ".diary", diary, phrase,
                Map.of("model", "qwen2.5:7b", "telegram_token", "555:new-bot"))
                .statusCode(200).extract().jsonPath();
        wm.verify(Fakes.createRequested(FIXTURE_ID, "qwen2.5:7b"));

        assertEquals(List.of("persona"), List.copyOf(body.getMap("").keySet()));
        assertEquals(FIXTURE_ID, body.getString("persona.id"));
        assertEquals("Vesper", body.getString("persona.name"));
        assertEquals("2024-11-02", body.getString("persona.birthday"));
        assertEquals("v1", body.getString("persona.version"));
        assertEquals("active", body.getString("persona.status"));
        assertEquals(3600, body.getInt("persona.idle_timeout"));
        assertEquals("eternego-" + FIXTURE_ID, body.getString("persona.thinking.name"));
        assertEquals("qwen2.5:7b", body.getString("persona.base_model"));
        assertNull(body.get("persona.teacher"));
        assertEquals(1, body.getList("persona.channels").size());
        assertEquals("555:new-bot", body.getString("persona.channels[0].credentials.token"));
        assertTrue(supervisor.isRunning(FIXTURE_ID));

        Path herHome = home.resolve("personas").resolve(FIXTURE_ID).resolve("home");
        JsonNode manifest = JSON.readTree(fixtures.resolve(FIXTURE_ID + ".manifest.json").toFile());
        for (JsonNode file : manifest.path("files")) {
            String path = file.path("path").asText();
            if (path.equals("config.json")) {
                continue;
            }
            Path restored = herHome.resolve(path);
            assertTrue(Files.isRegularFile(restored), path);
            assertEquals(file.path("size").asLong(), Files.size(restored), path);
            assertEquals(file.path("sha256").asText(), HomeSnapshot.sha256(restored), path);
        }
        try (Stream<Path> all = Files.walk(home)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains("sk-ant-api03-KIT-FAKE-KEY"), "her old frontier key survived in " + file);
                assertFalse(text.contains("AAKIT-FAKE-TELEGRAM-TOKEN"), "her old Telegram token survived in " + file);
            }
        }
        Path diaryNow = home.resolve("diary").resolve(FIXTURE_ID).resolve(FIXTURE_ID + ".diary");
        Upstream.Verdict verdict = Upstream.verifyDiary(diaryNow, phrase, "--compare-dir", herHome.toString());
        assertEquals(0, verdict.exitCode(), verdict.output());

        migrate(FIXTURE_ID + ".diary", diary, phrase, Map.of("model", "qwen2.5:7b"))
                .statusCode(409).body("detail", containsString("already lives here"));
        deleteIfPresent(FIXTURE_ID);
    }

    @Test
    void theFixtureOpensWithItsPhraseInUpperCase() throws Exception {
        deleteIfPresent(FIXTURE_ID);
        Path fixtures = Upstream.shared().resolve("fixtures/diary");
        byte[] diary = Files.readAllBytes(fixtures.resolve(FIXTURE_ID + ".diary"));
        String phrase = Files.readString(fixtures.resolve(FIXTURE_ID + ".phrase"), StandardCharsets.UTF_8);
        String shouted = phrase.toUpperCase(java.util.Locale.ROOT);
        assertFalse(shouted.equals(phrase), "the fixture's phrase is typed in lower case");
        migrate(FIXTURE_ID + ".diary", diary, shouted, Map.of("model", "qwen2.5:7b"))
                .statusCode(200).body("persona.name", org.hamcrest.Matchers.equalTo("Vesper"));
        assertTrue(Files.isRegularFile(home.resolve("personas").resolve(FIXTURE_ID).resolve("home/config.json")));
        deleteIfPresent(FIXTURE_ID);
    }

    @Test
    void roundTripCreateExportDeleteMigrate() throws Exception {
        JsonPath created = given().contentType(ContentType.JSON)
                .body("{\"name\":\"Iris\",\"thinking_model\":\"claude-sonnet-4-6\",\"thinking_provider\":\"anthropic\","
                        + "\"thinking_api_key\":\"" + KEY + "\"}")
                .when().post("/api/persona/create").then().statusCode(200).extract().jsonPath();
        String id = created.getString("persona.id");
        String phrase = created.getString("recovery_phrase");
        Path herHome = home.resolve("personas").resolve(id).resolve("home");
        Files.createDirectories(herHome.resolve("meanings"));
        Files.writeString(herHome.resolve("meanings/café.md"), "she likes the café on the corner\n");
        byte[] media = new byte[300_000];
        new java.util.Random(7).nextBytes(media);
        Files.write(herHome.resolve("media/photo.jpg"), media);

        byte[] exported = given().when().get("/api/persona/" + id + "/export")
                .then().statusCode(200).contentType("application/octet-stream")
                .header("Content-Disposition", containsString(id + ".diary"))
                .extract().asByteArray();
        Path exportedFile = Files.createTempDirectory("export").resolve(id + ".diary");
        Files.write(exportedFile, exported);
        Upstream.Verdict verdict = Upstream.verifyDiary(exportedFile, phrase, "--compare-dir", herHome.toString());
        assertEquals(0, verdict.exitCode(), verdict.output());

        Map<String, byte[]> before = CreateApiTest.files(herHome);
        given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
        assertFalse(Files.exists(herHome));

        JsonPath migrated = migrate(id + ".diary", exported, phrase, cloudMind()).statusCode(200).extract().jsonPath();
        assertEquals(created.getMap("persona"), migrated.getMap("persona"));
        Map<String, byte[]> after = CreateApiTest.files(herHome);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
        deleteIfPresent(id);
    }

    private byte[] handMade(String id, DiaryKey key, String config, long timestamp) {
        return HostileDiaries.fernet(HostileDiaries.zip(Entry.file("config.json", config),
                Entry.file("history/briefing.md", "hello\n")), key, timestamp);
    }

    @Test
    void acceptedAsUpstreamAcceptsThem() {
        String phrase = Bip39.generate();
        String minimal = "{\"id\":\"%s\",\"name\":\"Mini\",\"thinking\":{\"name\":\"x\",\"url\":\"http://localhost:11434\"}}";

        String id = UUID.randomUUID().toString();
        DiaryKey key = DiaryKey.derive(phrase, id);
        byte[] newline = HostileDiaries.withTrailingNewline(handMade(id, key, minimal.formatted(id), HostileDiaries.NOW));
        migrate(id + ".diary", newline, phrase, cloudMind()).statusCode(200)
                .body("persona.name", org.hamcrest.Matchers.equalTo("Mini"))
                .body("persona.version", org.hamcrest.Matchers.equalTo("v1"))
                .body("persona.idle_timeout", org.hamcrest.Matchers.equalTo(3600));
        deleteIfPresent(id);

        String future = UUID.randomUUID().toString();
        DiaryKey futureKey = DiaryKey.derive(phrase, future);
        byte[] fromTheFuture = handMade(future, futureKey, minimal.formatted(future), HostileDiaries.NOW + 10L * 365 * 86400);
        migrate(future + ".diary", fromTheFuture, phrase, cloudMind()).statusCode(200);
        deleteIfPresent(future);

        String spaced = UUID.randomUUID().toString();
        DiaryKey spacedKey = DiaryKey.derive(phrase, spaced);
        migrate(spaced + ".diary", handMade(spaced, spacedKey, minimal.formatted(spaced), HostileDiaries.NOW),
                "  " + phrase.replace(" ", "   ") + "\n", cloudMind()).statusCode(200);
        deleteIfPresent(spaced);
    }

    @Test
    void concurrentMigrationsOfOneDiaryGiveExactlyOne200() throws Exception {
        String phrase = Bip39.generate();
        String id = UUID.randomUUID().toString();
        DiaryKey key = DiaryKey.derive(phrase, id);
        byte[] diary = handMade(id, key, "{\"id\":\"" + id + "\",\"name\":\"Twin\"}", HostileDiaries.NOW);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> migrate(id + ".diary", diary, phrase, cloudMind()).extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(3, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        deleteIfPresent(id);
    }

    @Test
    void anUnknownMindProviderNamesTheBareField() {
        migrate(FIXTURE_ID + ".diary", new byte[] { 1 }, "abandon ".repeat(23) + "art", Map.of("model", "m", "provider", "openia"))
                .statusCode(400)
                .body("detail", org.hamcrest.Matchers.startsWith("provider: unknown provider"))
                .body("detail", containsString("anthropic, openai, xai, gemini"));
    }

    @Test
    void missingFieldsAre422() {
        HomeSnapshot before = HomeSnapshot.of(home);
        migrate("x.diary", null, "p", Map.of("model", "m")).statusCode(422).body("detail", containsString("diary"));
        migrate(FIXTURE_ID + ".diary", new byte[] { 1 }, null, Map.of("model", "m")).statusCode(422)
                .body("detail", containsString("phrase"));
        migrate(FIXTURE_ID + ".diary", new byte[] { 1 }, "p", Map.of()).statusCode(422)
                .body("detail", containsString("model"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(before, HomeSnapshot.of(home)));
    }
}
