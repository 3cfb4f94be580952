package ai.eternego.api;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.agent.AgentSupervisor;
import ai.eternego.diary.Bip39;
import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.HostileDiaries;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.Upstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** The seed's two create examples, end to end against faked providers. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class CreateApiTest {

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    AgentSupervisor supervisor;

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    @Test
    void polarisLocalMindIsPulledRegisteredSavedAndRunning() throws Exception {
        Fakes.ollamaRunning(wm, "llama3:latest");
        Fakes.ollamaPull(wm, "qwen2.5:14b", 9_000_000_000L);

        JsonPath body = given().contentType(ContentType.JSON)
                .body("{\"name\": \"Polaris\", \"thinking_model\": \"qwen2.5:14b\"}")
                .when().post("/api/persona/create")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();

        String id = body.getString("persona.id");
        assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id);
        assertEquals("Polaris", body.getString("persona.name"));
        assertEquals(Map.of("name", "eternego-" + id, "url", Fakes.url(wm, FakeWorld.OLLAMA)),
                withoutNulls(body.getMap("persona.thinking")));
        assertTrue(body.getMap("persona.thinking").containsKey("provider"));
        assertNull(body.get("persona.thinking.provider"));
        assertNull(body.get("persona.thinking.api_key"));
        assertEquals("v1", body.getString("persona.version"));
        assertEquals("qwen2.5:14b", body.getString("persona.base_model"));
        assertEquals(java.time.LocalDate.now().toString(), body.getString("persona.birthday"));
        assertEquals("active", body.getString("persona.status"));
        assertEquals(3600, body.getInt("persona.idle_timeout"));
        for (String organ : List.of("imagination", "mouth", "eye", "ear", "teacher", "researcher")) {
            assertTrue(body.getMap("persona").containsKey(organ), organ);
            assertNull(body.get("persona." + organ), organ);
        }
        assertEquals(List.of(), body.getList("persona.channels"));
        assertEquals(List.of("id", "name", "thinking", "version", "base_model", "birthday", "status", "idle_timeout",
                "imagination", "mouth", "eye", "ear", "teacher", "researcher", "channels"),
                List.copyOf(body.getMap("persona").keySet()));

        String phrase = body.getString("recovery_phrase");
        assertPhrase(phrase);

        wm.verify(Fakes.pullRequested("qwen2.5:14b"));
        wm.verify(Fakes.createRequested(id, "qwen2.5:14b"));
        assertTrue(supervisor.isRunning(id), "her agent runs");

        assertHerFiles(id, phrase);
    }

    @Test
    void presentModelIsNotPulledAndLatestTagIsNormalised() {
        Fakes.ollamaRunning(wm, "llama3:latest");
        String id = given().contentType(ContentType.JSON)
                .body("{\"name\": \"Lyra\", \"thinking_model\": \"llama3\"}")
                .when().post("/api/persona/create")
                .then().statusCode(200).extract().path("persona.id");
        wm.verify(0, postRequestedFor(urlPathEqualTo(FakeWorld.OLLAMA + "/api/pull")));
        wm.verify(Fakes.createRequested(id, "llama3"));
    }

    @Test
    void irisCloudMindWithEyeAndTelegram() throws Exception {
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", "sk-ant-1111");
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", "sk-oai-2222");
        Fakes.telegramBot(wm, "0000000000:XXXX");

        JsonPath body = given().contentType(ContentType.JSON)
                .body("""
                        {
                          "name": "Iris",
                          "thinking_model": "claude-sonnet-4-6",
                          "thinking_provider": "anthropic",
                          "thinking_api_key": "sk-ant-1111",
                          "eye_model": "gpt-4o",
                          "eye_provider": "openai",
                          "eye_api_key": "sk-oai-2222",
                          "telegram_token": "0000000000:XXXX"
                        }""")
                .when().post("/api/persona/create")
                .then().statusCode(200).extract().jsonPath();

        String id = body.getString("persona.id");
        assertEquals("Iris", body.getString("persona.name"));
        assertEquals(Map.of("name", "claude-sonnet-4-6", "provider", "anthropic", "url",
                Fakes.url(wm, FakeWorld.ANTHROPIC), "api_key", "sk-ant-1111"), body.getMap("persona.thinking"));
        assertEquals(Map.of("name", "gpt-4o", "provider", "openai", "url", Fakes.url(wm, FakeWorld.OPENAI),
                "api_key", "sk-oai-2222"), body.getMap("persona.eye"));
        assertEquals("", body.getString("persona.base_model"));
        assertEquals("active", body.getString("persona.status"));
        assertNull(body.get("persona.mouth"));
        List<Map<String, Object>> channels = body.getList("persona.channels");
        assertEquals(1, channels.size());
        assertEquals("telegram", channels.get(0).get("type"));
        assertEquals("", channels.get(0).get("name"));
        assertEquals(Map.of("token", "0000000000:XXXX"), channels.get(0).get("credentials"));
        assertTrue(channels.get(0).containsKey("verified_at"));
        assertNull(channels.get(0).get("verified_at"));
        assertPhrase(body.getString("recovery_phrase"));

        wm.verify(getRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/models/claude-sonnet-4-6"))
                .withHeader("x-api-key", equalTo("sk-ant-1111"))
                .withHeader("anthropic-version", equalTo("2023-06-01")));
        wm.verify(getRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/models/gpt-4o"))
                .withHeader("Authorization", equalTo("Bearer sk-oai-2222")));
        wm.verify(getRequestedFor(urlPathEqualTo(FakeWorld.TELEGRAM + "/bot0000000000:XXXX/getMe")));
        wm.verify(0, postRequestedFor(urlPathEqualTo(FakeWorld.OLLAMA + "/api/create")));
        assertTrue(supervisor.isRunning(id));
        assertHerFiles(id, body.getString("recovery_phrase"));
        // her Telegram channel would poll the fake for every test after this one
        given().post("/api/persona/" + id + "/delete").then().statusCode(200);
        assertFalse(supervisor.isRunning(id));
    }

    private static void assertPhrase(String phrase) {
        String[] words = phrase.split(" ");
        assertEquals(24, words.length, phrase);
        for (String word : words) {
            assertTrue(Bip39.contains(word), word);
        }
        assertTrue(Bip39.checksumValid(phrase), "a real BIP-39 mnemonic");
    }

    /** Her tree, her record, her first diary (opened independently and by upstream), no phrase anywhere. */
    private void assertHerFiles(String id, String phrase) throws Exception {
        Path herHome = home.resolve("personas").resolve(id).resolve("home");
        JsonPath config = JsonPath.from(herHome.resolve("config.json").toFile());
        assertEquals(id, config.getString("id"));
        assertTrue(Files.isRegularFile(herHome.resolve("routines.json")));
        assertEquals("sleep", JsonPath.from(herHome.resolve("routines.json").toFile()).getString("routines[0].spec"));
        assertTrue(Files.isDirectory(home.resolve("personas").resolve(id).resolve("workspace")));
        assertTrue(Files.isRegularFile(home.resolve("keys").resolve(id + ".key")));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(home.resolve("keys").resolve(id + ".key")));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE), Files.getPosixFilePermissions(herHome));

        Path diary = home.resolve("diary").resolve(id).resolve(id + ".diary");
        byte[] token = Files.readAllBytes(diary);
        Map<String, byte[]> inDiary = unzip(HostileDiaries.decryptWhole(token, DiaryKey.derive(phrase, id)));
        Map<String, byte[]> onDisk = files(herHome);
        assertEquals(onDisk.keySet(), inDiary.keySet());
        onDisk.forEach((name, bytes) -> assertTrue(java.util.Arrays.equals(bytes, inDiary.get(name)), name));

        Upstream.Verdict verdict = Upstream.verifyDiary(diary, phrase, "--compare-dir", herHome.toString());
        assertEquals(0, verdict.exitCode(), verdict.output());

        byte[] phraseBytes = phrase.getBytes(StandardCharsets.UTF_8);
        String[] words = phrase.split(" ");
        byte[] firstWords = (words[0] + " " + words[1]).getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> all = Files.walk(home)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(file);
                assertFalse(contains(content, phraseBytes), "the phrase is in " + file);
                assertFalse(contains(content, firstWords), "the phrase's first words are in " + file);
            }
        }
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                assertFalse(entry.isDirectory(), entry.getName());
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> copy = new HashMap<>(map);
        copy.values().removeIf(v -> v == null);
        return copy;
    }
}
