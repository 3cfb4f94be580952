package ai.eternego.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import ai.eternego.testing.RawHttp;
import ai.eternego.testing.RawHttp.Answer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Generated requests, thousands of them, with a fixed seed (jqwik generators driven from a JUnit loop,
 * since jqwik properties do not run inside {@code @QuarkusTest}). Every answer is 2xx, 4xx, or the
 * documented 500 "created/migrated/updated but failed to start", and every refused request left ETERNEGO_HOME
 * exactly as it was (the upload's temporary file is removed at the end of the request, possibly just
 * after the answer: awaited, bounded). The fakes answer one key for one model only, so almost every
 * create is refused by a provider; a handful succeed. Updates are thrown at one living persona.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class FuzzTest {

    static final String SEED = "20261128";
    static final int CREATES = Integer.getInteger("fuzz.creates", 2000);
    static final int MIGRATES = Integer.getInteger("fuzz.migrates", 1000);
    static final int UPDATES = Integer.getInteger("fuzz.updates", 800);
    static final String GOOD_KEY = "sk-fuzz-good-key";
    static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> ORGANS = List.of("thinking", "imagination", "mouth", "eye", "ear", "teacher", "researcher");
    static final List<String> SUFFIXES = List.of("_model", "_provider", "_api_key", "_url");

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @BeforeAll
    static void session() {
        JqwikSession.start(SEED);
    }

    @AfterAll
    static void end() {
        JqwikSession.finish();
    }

    // ---- generators ---------------------------------------------------------------------------------

    static Arbitrary<String> nastyString() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars("\u0000\u0001\u001f\u007f\n\r\t\u2028\u202e\ufeff").ofMaxLength(20),
                Arbitraries.integers().between(100_000, 200_000).map(n -> "z".repeat(n)),
                Arbitraries.of("", " ", "..", "../../etc/passwd", "qwen2.5:14b", "claude-sonnet-4-6", "llama3",
                        "a/../b", "local", "anthropic", "openai", "xai", "gemini", "LOCAL", "ollama", "null",
                        "http://127.0.0.1:1", "https://", "javascript:alert(1)", "file:///etc/passwd", "😀", "%00",
                        "\"}", "{\"$ne\":1}", GOOD_KEY, "0:x"));
    }

    Arbitrary<Object> value(int depth) {
        List<Arbitrary<?>> leaves = new ArrayList<>(List.of(
                Arbitraries.just(null), Arbitraries.of(true, false), Arbitraries.integers(),
                Arbitraries.longs(), Arbitraries.doubles(), nastyString(), nastyString(), nastyString(),
                Arbitraries.of(Fakes.url(wm, FakeWorld.ANTHROPIC), Fakes.url(wm, FakeWorld.OLLAMA), Fakes.closedPortUrl(),
                        Fakes.url(wm, "/nowhere"))));
        if (depth > 0) {
            leaves.add(value(depth - 1).list().ofMaxSize(4));
            leaves.add(Arbitraries.maps(nastyString(), value(depth - 1)).ofMaxSize(3));
        }
        @SuppressWarnings({ "unchecked", "rawtypes" })
        Arbitrary<Object> any = (Arbitrary<Object>) (Arbitrary) Arbitraries.oneOf((List) leaves);
        return any.withoutEdgeCases();
    }

    Arbitrary<String> fieldName() {
        List<String> schema = new ArrayList<>(List.of("name", "telegram_token", "discord_token"));
        ORGANS.forEach(o -> SUFFIXES.forEach(s -> schema.add(o + s)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of(schema)),
                net.jqwik.api.Tuple.of(1, nastyString()));
    }

    Arbitrary<byte[]> createBody() {
        Arbitrary<Map<String, Object>> object = Arbitraries.maps(fieldName(), value(2)).ofMaxSize(10);
        Arbitrary<byte[]> json = object.map(FuzzTest::bytes);
        Arbitrary<byte[]> almost = object.map(m -> {
            Map<String, Object> copy = new TreeMap<>(m);
            copy.put("name", "Fuzzy");
            copy.put("thinking_model", "claude-sonnet-4-6");
            copy.put("thinking_provider", "anthropic");
            copy.put("thinking_api_key", GOOD_KEY);
            return bytes(copy);
        });
        // bodies that pass validation, so that organ and channel preparation is fuzzed too
        Arbitrary<String> provider = Arbitraries.of("anthropic", "openai", "xai", "gemini", "local", "", "Anthropic",
                "ollama", "azure");
        Arbitrary<String> model = Arbitraries.of("claude-sonnet-4-6", "gpt-4o", "qwen2.5:14b", "a", "x/y:z", "m-1.2");
        Arbitrary<String> secret = Arbitraries.of(GOOD_KEY, "sk-other", "0:x", "123:abc", "k");
        Arbitrary<String> url = Arbitraries.of(Fakes.url(wm, FakeWorld.ANTHROPIC), Fakes.url(wm, FakeWorld.OLLAMA),
                Fakes.closedPortUrl(), Fakes.url(wm, "/nowhere"), "");
        Arbitrary<Map<String, Object>> organ = Combinators.combine(Arbitraries.of(ORGANS), model, provider, secret, url,
                Arbitraries.integers().between(0, 15)).as((o, m, p, k, u, mask) -> {
                    Map<String, Object> fields = new TreeMap<>();
                    fields.put(o + "_model", m);
                    if ((mask & 1) != 0) {
                        fields.put(o + "_provider", p);
                    }
                    if ((mask & 2) != 0) {
                        fields.put(o + "_api_key", k);
                    }
                    if ((mask & 4) != 0 && !u.isEmpty()) {
                        fields.put(o + "_url", u);
                    }
                    return fields;
                });
        Arbitrary<byte[]> plausible = Combinators.combine(organ.list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of("telegram_token", "discord_token", "none"), secret).as((organs, channel, token) -> {
                    Map<String, Object> body = new TreeMap<>();
                    body.put("name", "Plausible");
                    body.put("thinking_model", "claude-sonnet-4-6");
                    organs.forEach(body::putAll);
                    if (!channel.equals("none")) {
                        body.put(channel, token);
                    }
                    return bytes(body);
                });
        Arbitrary<byte[]> broken = Arbitraries.oneOf(
                json.map(b -> java.util.Arrays.copyOf(b, Math.max(0, b.length / 2))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(500),
                Arbitraries.of("", "null", "[]", "42", "\"x\"", "{", "{\"name\":", "{\"name\":\"a\"}{}", "\uFEFF{}",
                        "{\"name\":\"a\",\"name\":\"b\",\"thinking_model\":\"m\"}", "[".repeat(5000), "{\"a\":" .repeat(3000))
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(65, json),
                net.jqwik.api.Tuple.of(20, plausible),
                net.jqwik.api.Tuple.of(1, almost),
                net.jqwik.api.Tuple.of(14, broken)).withoutEdgeCases();
    }

    Arbitrary<byte[]> updateBody() {
        List<String> schema = new ArrayList<>(List.of("status", "telegram_token", "discord_token", "clear_telegram",
                "clear_discord"));
        schema.addAll(ORGANS);
        ORGANS.stream().filter(o -> !o.equals("thinking")).forEach(o -> schema.add("clear_" + o));
        Arbitrary<String> name = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.of(schema)),
                net.jqwik.api.Tuple.of(1, nastyString()));
        Arbitrary<Object> organ = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of("claude-sonnet-4-6", "gpt-4o", "qwen2.5:14b"), nastyString()),
                Arbitraries.oneOf(Arbitraries.of("anthropic", "openai", "xai", "gemini", "local", ""), nastyString()),
                Arbitraries.oneOf(Arbitraries.of(GOOD_KEY, "sk-other"), nastyString()),
                Arbitraries.of(Fakes.url(wm, FakeWorld.ANTHROPIC), Fakes.closedPortUrl(), "", "ftp://x"))
                .as((m, p, k, u) -> {
                    Map<String, Object> fields = new TreeMap<>();
                    fields.put("model", m);
                    fields.put("provider", p);
                    fields.put("api_key", k);
                    if (!u.isEmpty()) {
                        fields.put("url", u);
                    }
                    return (Object) fields;
                });
        Arbitrary<Object> anything = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, value(2)),
                net.jqwik.api.Tuple.of(2, organ),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("active", "hibernate", "sick", "ACTIVE", "dead")));
        Arbitrary<byte[]> json = Arbitraries.maps(name, anything).ofMaxSize(6).map(FuzzTest::bytes);
        Arbitrary<byte[]> broken = Arbitraries.of("", "null", "[]", "{", "{\"status\":", "{\"eye\":[]}")
                .map(t -> t.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, json), net.jqwik.api.Tuple.of(1, broken))
                .withoutEdgeCases();
    }

    record Form(Multipart multipart, boolean expensive) {
    }

    static Arbitrary<String> phrase() {
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of(Bip39Words.WORDS), nastyString());
        return Arbitraries.oneOf(
                word.list().ofMaxSize(30).map(w -> String.join(" ", w)),
                Arbitraries.of(Bip39Words.WORDS).list().ofSize(24).map(w -> String.join(" ", w)),
                nastyString());
    }

    Arbitrary<Form> migrateForm() {
        String uuid = "6a0f3b52-91c4-4d2e-b7a8-5e19c0d4f2a7";
        Arbitrary<String> fileName = Arbitraries.oneOf(nastyString(), Arbitraries.of(
                "../" + uuid + ".diary", "..%2F" + uuid + ".diary", "/etc/" + uuid + ".diary", uuid + ".diary/..",
                uuid.toUpperCase() + ".diary", uuid + ".DIARY", uuid + ".diary.zip", uuid + "\u0000.diary",
                "C:\\\\x\\\\" + uuid + ".diary", "..\\\\" + uuid + ".diary", uuid, ".diary", "%2e%2e/x.diary",
                "personas/" + uuid + ".diary", "x\r\nContent-Type: text/html\r\n\r\n.diary"));
        Arbitrary<byte[]> content = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(4000),
                Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
                        .ofMaxLength(3000).map(s -> ("gAAAAA" + s).getBytes(StandardCharsets.US_ASCII)),
                Arbitraries.just(new byte[0]));
        Arbitrary<Map<String, String>> extra = Arbitraries.maps(
                Arbitraries.oneOf(Arbitraries.of("model", "provider", "api_key", "url", "telegram_token",
                        "discord_token", "eye_model", "eye_provider", "teacher_api_key"), nastyString()),
                nastyString()).ofMaxSize(6);
        Arbitrary<Form> junk = Combinators.combine(fileName, content, phrase(), extra, Arbitraries.integers().between(0, 9))
                .as((name, bytes, phrase, fields, shape) -> {
                    Multipart m = new Multipart();
                    if (shape != 0) {
                        m.file(shape == 1 ? "not-diary" : "diary", name.replace("\"", "'"), bytes);
                    }
                    if (shape != 2) {
                        m.field("phrase", phrase);
                    }
                    fields.forEach((k, v) -> m.field(k.replace("\"", "'"), v));
                    if (shape > 4 && !fields.containsKey("model")) {
                        m.field("model", "claude-sonnet-4-6");
                    }
                    return new Form(m, false);
                });
        // a canonical file name and 24 list words: the service derives a key (expensive), so rarer
        Arbitrary<Form> wellShaped = Combinators.combine(content, phrase(), extra).as((bytes, phrase, fields) -> {
            String id = UUID.randomUUID().toString();
            Multipart m = new Multipart().file("diary", id + ".diary", bytes)
                    .field("phrase", String.join(" ", Bip39.generate().split(" ")))
                    .field("model", "claude-sonnet-4-6");
            fields.forEach((k, v) -> m.field(k.replace("\"", "'"), v));
            return new Form(m, true);
        });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(97, junk), net.jqwik.api.Tuple.of(3, wellShaped))
                .withoutEdgeCases();
    }

    static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the loop -----------------------------------------------------------------------------------

    private static void assertAllowed(Answer answer, String verb, String what) {
        int s = answer.status();
        boolean ok = s >= 200 && s < 300 || s >= 400 && s < 500
                || s == 500 && answer.body().contains("was " + verb + " but failed to start");
        if (!ok) {
            fail("answered " + s + " " + answer.body() + " to " + what);
        }
    }

    private void assertUnchanged(HomeSnapshot before, String what) {
        HomeSnapshot now;
        try {
            now = HomeSnapshot.of(home);
        } catch (java.io.UncheckedIOException vanishing) {
            now = null; // the upload's temporary file went away while it was being read
        }
        if (!before.equals(now)) {
            await().atMost(Duration.ofSeconds(5)).ignoreException(java.io.UncheckedIOException.class)
                    .untilAsserted(() -> assertEquals(before, HomeSnapshot.of(home), "a refused request changed the disk: " + what));
        }
    }

    private static String show(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "... (" + body.length + " bytes)" : text;
    }

    @Test
    void generatedCreateBodies() throws Exception {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", GOOD_KEY);
        int port = RestAssured.port;
        HomeSnapshot before = HomeSnapshot.of(home);
        Map<Integer, Integer> statuses = new TreeMap<>();
        Iterator<byte[]> bodies = createBody().sampleStream().iterator();
        String[] types = { "application/json", "application/json; charset=UTF-8", "APPLICATION/JSON" };
        for (int i = 0; i < CREATES; i++) {
            byte[] body = bodies.next();
            String type = types[i % types.length];
            Answer answer;
            try {
                answer = RawHttp.post(port, "POST", "/api/persona/create", "localhost:" + port, type, body);
            } catch (java.io.IOException e) {
                throw new AssertionError("no answer (" + e + ") to body " + i + ": " + show(body), e);
            }
            statuses.merge(answer.status(), 1, Integer::sum);
            assertAllowed(answer, "created", show(body));
            if (answer.status() >= 300) {
                assertUnchanged(before, show(body));
            } else {
                before = HomeSnapshot.of(home);
            }
        }
        System.out.println("FuzzTest creates: " + CREATES + " answered " + statuses);
        assertTrue(statuses.keySet().stream().anyMatch(s -> s >= 400), "nothing was refused: " + statuses);
        assertTrue(statuses.getOrDefault(200, 0) < CREATES / 20, "too many successes: " + statuses);
    }

    @Test
    void generatedUpdateBodies() throws Exception {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", GOOD_KEY);
        int port = RestAssured.port;
        Answer born = RawHttp.post(port, "POST", "/api/persona/create", "localhost:" + port, "application/json",
                bytes(Map.of("name", "Mutable", "thinking_model", "claude-sonnet-4-6", "thinking_provider", "anthropic",
                        "thinking_api_key", GOOD_KEY)));
        assertEquals(200, born.status(), born.body());
        String id = JSON.readTree(born.body()).path("persona").path("id").asText();
        HomeSnapshot before = HomeSnapshot.of(home);
        Map<Integer, Integer> statuses = new TreeMap<>();
        Iterator<byte[]> bodies = updateBody().sampleStream().iterator();
        for (int i = 0; i < UPDATES; i++) {
            byte[] body = bodies.next();
            Answer answer;
            try {
                answer = RawHttp.post(port, "POST", "/api/persona/" + id + "/update", "localhost:" + port,
                        "application/json", body);
            } catch (java.io.IOException e) {
                throw new AssertionError("no answer (" + e + ") to update " + i + ": " + show(body), e);
            }
            statuses.merge(answer.status(), 1, Integer::sum);
            assertAllowed(answer, "updated", show(body));
            if (answer.status() >= 300) {
                assertUnchanged(before, show(body));
            } else {
                before = HomeSnapshot.of(home);
            }
        }
        System.out.println("FuzzTest updates: " + UPDATES + " answered " + statuses);
        assertTrue(statuses.keySet().stream().anyMatch(s -> s >= 400), "nothing was refused: " + statuses);
    }

    @Test
    void generatedMigrateForms() throws Exception {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", GOOD_KEY);
        int port = RestAssured.port;
        HomeSnapshot before = HomeSnapshot.of(home);
        Map<Integer, Integer> statuses = new TreeMap<>();
        Iterator<Form> forms = migrateForm().sampleStream().iterator();
        for (int i = 0; i < MIGRATES; i++) {
            Form form = forms.next();
            byte[] body = form.multipart().bytes();
            Answer answer;
            try {
                answer = RawHttp.post(port, "POST", "/api/persona/migrate", "localhost:" + port,
                        form.multipart().contentType(), body);
            } catch (java.io.IOException e) {
                java.nio.file.Files.write(Path.of("target/fuzz-unanswered.bin"), body);
                java.nio.file.Files.writeString(Path.of("target/fuzz-unanswered.type"), form.multipart().contentType());
                throw new AssertionError("no answer (" + e + ") to form " + i + " (saved as target/fuzz-unanswered.bin): "
                        + show(body), e);
            }
            statuses.merge(answer.status(), 1, Integer::sum);
            assertAllowed(answer, "migrated", show(body));
            if (answer.status() >= 300) {
                assertUnchanged(before, show(body));
            } else {
                before = HomeSnapshot.of(home);
            }
        }
        // and a few real diaries, so that the accepting path is fuzzed too: an unknown field refuses the
        // whole form (named, nothing written), the same form without it is accepted
        for (int i = 0; i < 3; i++) {
            String phrase = Bip39.generate();
            String id = UUID.randomUUID().toString();
            byte[] diary = HostileDiaries.fernet(HostileDiaries.zip(Entry.file("config.json",
                    "{\"id\":\"" + id + "\",\"name\":\"Fuzz " + i + "\"}")), DiaryKey.derive(phrase, id), HostileDiaries.NOW);
            Multipart junk = new Multipart().file("diary", id + ".diary", diary).field("phrase", phrase)
                    .field("model", "claude-sonnet-4-6").field("provider", "anthropic").field("api_key", GOOD_KEY)
                    .field("junk_" + i, "\u0000\u202e");
            HomeSnapshot untouched = HomeSnapshot.of(home);
            Answer refused = RawHttp.post(port, "POST", "/api/persona/migrate", "localhost:" + port,
                    junk.contentType(), junk.bytes());
            assertEquals(422, refused.status(), refused.body());
            assertTrue(refused.body().contains("junk_" + i + " is not a field of a migration"), refused.body());
            assertUnchanged(untouched, "a form with junk_" + i);
            statuses.merge(refused.status(), 1, Integer::sum);
            Multipart m = new Multipart().file("diary", id + ".diary", diary).field("phrase", phrase)
                    .field("model", "claude-sonnet-4-6").field("provider", "anthropic").field("api_key", GOOD_KEY)
                    .field("telegram_token", "");
            Answer answer = RawHttp.post(port, "POST", "/api/persona/migrate", "localhost:" + port, m.contentType(),
                    m.bytes());
            assertEquals(200, answer.status(), answer.body());
            statuses.merge(answer.status(), 1, Integer::sum);
        }
        System.out.println("FuzzTest migrates: " + (MIGRATES + 6) + " answered " + statuses);
        assertTrue(statuses.keySet().stream().anyMatch(s -> s >= 400), "nothing was refused: " + statuses);
    }
}
