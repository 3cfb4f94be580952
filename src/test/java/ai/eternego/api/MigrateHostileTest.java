package ai.eternego.api;

import static ai.eternego.api.MigrateSupport.migrate;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Damaged, mistyped and hostile diaries, made here byte by byte: each is a 4xx a person can act on,
 * and ETERNEGO_HOME (personas, keys, diaries, staging and the upload temp area) is exactly as before,
 * with no model registered in Ollama.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class MigrateHostileTest {

    static final String ID = UUID.randomUUID().toString();
    static final String PHRASE = Bip39.generate();
    static DiaryKey key;

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @BeforeAll
    static void derive() {
        key = DiaryKey.derive(PHRASE, ID);
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.ollamaRunning(wm, "qwen2.5:7b");
    }

    record Case(String fileName, byte[] diary, String phrase, int status, String detail) {
    }

    static String config(String id) {
        return "{\"id\":\"" + id + "\",\"name\":\"Hostile\",\"thinking\":{\"name\":\"x\",\"url\":\"http://localhost:11434\"}}";
    }

    static byte[] sealed(Entry... entries) {
        return HostileDiaries.fernet(HostileDiaries.zip(entries), key, HostileDiaries.NOW);
    }

    static byte[] good() {
        return sealed(Entry.file("config.json", config(ID)), Entry.file("history/briefing.md", "hi\n"));
    }

    static String wrongWord() {
        String[] words = PHRASE.split(" ");
        words[4] = "abandn";
        return String.join(" ", words);
    }

    static Stream<Arguments> cases() {
        String file = ID + ".diary";
        byte[] good = good();
        int length = good.length;
        byte[] bigEntry = new byte[200_000];
        return Stream.of(
                Arguments.of("wrong phrase", new Case(file, good, Bip39.generate(), 400, "does not open")),
                Arguments.of("unknown word", new Case(file, good, wrongWord(), 400, "Word 5")),
                Arguments.of("23 words", new Case(file, good, PHRASE.substring(PHRASE.indexOf(' ') + 1), 400, "24 words")),
                Arguments.of("truncated token", new Case(file, HostileDiaries.truncate(good, length - 40), PHRASE, 400, "does not open")),
                Arguments.of("flipped HMAC byte", new Case(file, HostileDiaries.flipByte(good, -10), PHRASE, 400, "does not open")),
                Arguments.of("flipped late ciphertext byte", new Case(file, HostileDiaries.flipByte(good, -40), PHRASE, 400, "does not open")),
                Arguments.of("plain zip", new Case(file, HostileDiaries.zip(Entry.file("config.json", config(ID))), PHRASE, 400, "does not open")),
                Arguments.of("empty file", new Case(file, new byte[0], PHRASE, 400, "does not open")),
                Arguments.of("../ entry", new Case(file, sealed(Entry.file("config.json", config(ID)), Entry.file("../escape.md", "x")), PHRASE, 400, "../escape.md")),
                Arguments.of("absolute entry", new Case(file, sealed(Entry.file("config.json", config(ID)), Entry.file("/etc/cron.d/evil", "x")), PHRASE, 400, "/etc/cron.d/evil")),
                Arguments.of("backslash entry", new Case(file, sealed(Entry.file("config.json", config(ID)), Entry.file("..\\..\\evil.md", "x")), PHRASE, 400, "evil.md")),
                Arguments.of("symlink entry", new Case(file, sealed(Entry.file("config.json", config(ID)), Entry.symlink("history/link", "/etc/passwd")), PHRASE, 400, "history/link")),
                Arguments.of("fifo entry", new Case(file, sealed(Entry.file("config.json", config(ID)), Entry.file("pipe", "x").mode(HostileDiaries.S_IFIFO)), PHRASE, 400, "pipe")),
                Arguments.of("inflates past its declared size", new Case(file, sealed(Entry.file("config.json", config(ID)), Entry.file("media/big.bin", bigEntry).declaring(100)), PHRASE, 400, "media/big.bin")),
                Arguments.of("missing config.json", new Case(file, sealed(Entry.file("history/briefing.md", "hi")), PHRASE, 400, "config.json")),
                Arguments.of("corrupt config.json", new Case(file, sealed(Entry.file("config.json", "{\"id\": \"" + ID)), PHRASE, 400, "config.json")),
                Arguments.of("config.json of another id", new Case(file, sealed(Entry.file("config.json", config(UUID.randomUUID().toString()))), PHRASE, 400, "another persona")),
                Arguments.of("not-a-uuid.diary", new Case("not-a-uuid.diary", good, PHRASE, 400, "<persona id>.diary")),
                Arguments.of("percent-encoded traversal", new Case("..%2f..%2fetc.diary", good, PHRASE, 400, "<persona id>.diary")),
                Arguments.of("...diary", new Case("...diary", good, PHRASE, 400, "<persona id>.diary")),
                Arguments.of("../<uuid>.diary", new Case("../" + ID + ".diary", good, PHRASE, 400, "<persona id>.diary")),
                Arguments.of("upper-case uuid", new Case(ID.toUpperCase() + ".diary", good, PHRASE, 400, "<persona id>.diary")),
                Arguments.of("no extension", new Case(ID, good, PHRASE, 400, "<persona id>.diary")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedAndNothingChanged(String name, Case c) {
        HomeSnapshot before = HomeSnapshot.of(home);
        String detail = migrate(c.fileName(), c.diary(), c.phrase(), Map.of("model", "qwen2.5:7b"))
                .statusCode(c.status())
                .body("detail", containsString(c.detail()))
                .extract().path("detail");
        assertTrue(!detail.contains(PHRASE), "the phrase is echoed");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(before, HomeSnapshot.of(home)));
        int registered = wm.findAll(postRequestedFor(urlPathEqualTo(FakeWorld.OLLAMA + "/api/create"))).size();
        int forgotten = wm.findAll(Fakes.deleteRequested(ID)).size();
        assertEquals(registered, forgotten, "every Mind registered for a refused migrate is forgotten again");
    }
}
