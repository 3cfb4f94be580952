package ai.eternego.memory;

import static ai.eternego.memory.Days.answers;
import static ai.eternego.memory.Days.chat;
import static ai.eternego.memory.Days.conversation;
import static ai.eternego.memory.Days.herHome;
import static ai.eternego.memory.Days.text;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.TestClock;
import ai.eternego.testing.Upstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Her teacher, her lessons and her imagination, chosen by her Mind through her abilities: a question beyond her
 * reaches her teacher and comes back as the TOOL_RESULT she answers from; a need she cannot meet is taught once
 * and kept in upstream's lesson files, then met again without her teacher; upstream's meanings from a migrated
 * diary are used, and the shell tool one names is an unknown ability; a drawing is kept in {@code media/}, carried
 * by her reply and served. Faults of the teacher and the imagination are said in words and leave her well.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class TeacherAndImaginationTest {

    static final String KEY = "sk-ant-MIND-4242";
    static final String TEACHER_KEY = "sk-ant-TEACHER-5151";
    static final String IMAGINATION_KEY = "sk-IMAGINE-6161";
    static final String TEACHER_MARK = "teacher of a persona";
    static final String LESSON_MARK = "I need to know how to do this";
    static final String FIXTURE_ID = "6a0f3b52-91c4-4d2e-b7a8-5e19c0d4f2a7";
    static final byte[] PNG = png();
    static final ZonedDateTime NOW = ZonedDateTime.of(2031, 7, 1, 14, 0, 5, 0, ZoneOffset.UTC);

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    TestClock clock;

    @Inject
    Lessons lessons;

    final CreatedPersonas personas = new CreatedPersonas();
    final Map<String, String> phrases = new java.util.HashMap<>();

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicModel(wm, "claude-opus-4-1", TEACHER_KEY);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-image-1", IMAGINATION_KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(10), "Hello.");
    }

    @AfterEach
    void cleanUp() {
        clock.reset();
        personas.purgeAll(home);
    }

    @Test
    void sheAsksHerTeacherAndAnswersInHerOwnVoice() {
        String id = create("Lyra", true, false);
        answers(wm, KEY, "Ask your teacher", 1, "{\"tools.ask_teacher\": {\"question\": \"How far away is the moon?\"}}",
                Duration.ZERO);
        answers(wm, KEY, "tool: ask_teacher", 1, "My teacher says about 384,400 km.", Duration.ZERO);
        answers(wm, TEACHER_KEY, TEACHER_MARK, 1, "About 384,400 km on average.", Duration.ZERO);

        String reply = given().contentType(ContentType.JSON).body(Map.of("message", "How far is the moon? Ask your teacher."))
                .post("/api/persona/" + id + "/chat").then().statusCode(200).extract().jsonPath().getString("reply");

        assertEquals("My teacher says about 384,400 km.", reply);
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))
                .withHeader("x-api-key", equalTo(TEACHER_KEY))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("How far away is the moon?"))));
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))
                .withHeader("x-api-key", equalTo(KEY)).withRequestBody(containing(
                        "TOOL_RESULT\\ntool: ask_teacher\\nstatus: ok\\nresult: About 384,400 km on average.")));
        List<Map<String, Object>> lines = conversation(id);
        assertEquals(List.of("person", "persona", "person", "persona"), lines.stream().map(l -> l.get("role")).toList());
        assertEquals("{\"tools.ask_teacher\": {\"question\": \"How far away is the moon?\"}}", lines.get(1).get("content"));
        assertEquals("TOOL_RESULT\ntool: ask_teacher\nstatus: ok\nresult: About 384,400 km on average.",
                lines.get(2).get("content"));
        assertNull(lines.get(2).get("channel"), "no door delivers the exchange with her teacher");
        assertEquals("My teacher says about 384,400 km.", lines.get(3).get("content"));
    }

    @Test
    void withoutATeacherHerMindTeachesHer() {
        String id = create("Lyra", false, false);
        answers(wm, KEY, "Ask your teacher", 1, "{\"tools.ask_teacher\": {\"question\": \"Why is the sky blue?\"}}",
                Duration.ZERO);
        answers(wm, KEY, TEACHER_MARK, 1, "Rayleigh scattering.", Duration.ZERO);
        answers(wm, KEY, "tool: ask_teacher", 1, "Because of Rayleigh scattering.", Duration.ZERO);

        chat(id, "Why is the sky blue? Ask your teacher.");

        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))
                .withHeader("x-api-key", equalTo(KEY)).withRequestBody(containing(TEACHER_MARK))
                .withRequestBody(containing("Why is the sky blue?")));
        List<Map<String, Object>> lines = conversation(id);
        assertEquals("TOOL_RESULT\ntool: ask_teacher\nstatus: ok\nresult: Rayleigh scattering.", lines.get(2).get("content"));
        assertEquals("Because of Rayleigh scattering.", lines.get(3).get("content"));
    }

    @Test
    void aLessonIsKeptInUpstreamsShapesAndTheSameNeedNextTimeAsksNoTeacher() throws Exception {
        String id = create("Lyra", true, false);
        String taught = "1. Ask which food they like.\n2. Save a reminder for the day before.";
        // at equal priorities the newest stub wins: each turn's marks are stubbed after the older turns' ones,
        // which her conversation carries along
        answers(wm, KEY, "Help me plan a picnic", 1, "{\"tools.learn\": {\"need\": \"plan a picnic\"}}", Duration.ZERO);
        answers(wm, KEY, "your teacher taught you this", 1, "Let us ask what food they like.", Duration.ZERO);
        answers(wm, KEY, "Another picnic please", 1, "{\"tools.learn\": {\"need\": \"Plan a  Picnic\"}}", Duration.ZERO);
        answers(wm, KEY, "the lesson you keep for", 1, "As before: food first.", Duration.ZERO);
        answers(wm, TEACHER_KEY, LESSON_MARK, 1, taught, Duration.ZERO);

        chat(id, "Help me plan a picnic");
        Path her = herHome(home, id);
        String learned = text(her.resolve("meanings/learned.json"));
        String name = JsonPath.from(learned).getString("'plan a picnic'");
        assertTrue(name.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), learned);
        assertEquals("{\n  \"plan a picnic\": \"" + name + "\"\n}", learned, "upstream's json.dumps(indent=2)");
        assertEquals(taught + "\n", text(her.resolve("meanings/" + name + ".md")));
        assertEquals("# plan a picnic\n\n" + taught + "\n", text(her.resolve("lessons/" + name + ".md")));
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))
                .withHeader("x-api-key", equalTo(TEACHER_KEY))
                .withRequestBody(containing("plan a picnic")).withRequestBody(containing("save_destiny")));

        chat(id, "Another picnic please");

        assertEquals(1, teacherRequests(), "the second need is met by the lesson she keeps");
        // both of the second turn's requests tell her Mind the need she keeps a way for
        wm.verify(2, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))
                .withHeader("x-api-key", equalTo(KEY)).withRequestBody(containing("Another picnic please"))
                .withRequestBody(containing("You keep a way for these needs (call learn with the same words to follow "
                        + "one): plan a picnic.")));
        List<Map<String, Object>> lines = conversation(id);
        assertEquals(8, lines.size());
        assertTrue(((String) lines.get(2).get("content")).startsWith("TOOL_RESULT\ntool: learn\nstatus: ok\nresult: your "
                + "teacher taught you this, kept as your lesson for \"plan a picnic\""));
        assertEquals("TOOL_RESULT\ntool: learn\nstatus: ok\nresult: the lesson you keep for \"plan a picnic\" (meanings/"
                + name + ".md):\n" + taught, lines.get(6).get("content"));
        assertEquals("As before: food first.", lines.get(7).get("content"));

        JsonPath knowledge = given().get("/api/persona/" + id + "/knowledge").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("meanings/" + name + ".md", "lessons/" + name + ".md"), knowledge.getList("instruction.file"));
        assertEquals(List.of("plan a picnic", "plan a picnic"), knowledge.getList("instruction.intention"));

        // her night's diary opens in upstream's reader and carries her lesson
        given().post("/api/persona/" + id + "/sleep").then().statusCode(200);
        Path opened = Files.createTempDirectory("opened");
        try {
            Upstream.Verdict verdict = Upstream.verifyDiary(home.resolve("diary").resolve(id).resolve(id + ".diary"),
                    phrases.get(id), "--extract", opened.toString());
            assertEquals(0, verdict.exitCode(), verdict.output());
            assertEquals(learned, text(opened.resolve("meanings/learned.json")));
            assertEquals(taught + "\n", text(opened.resolve("meanings/" + name + ".md")));
            assertEquals("# plan a picnic\n\n" + taught + "\n", text(opened.resolve("lessons/" + name + ".md")));
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(opened)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
    }

    @Test
    void upstreamsMeaningsFromAMigratedDiaryAreUsedAndTheShellToolOneNamesIsUnknown() throws Exception {
        if (Files.exists(home.resolve("personas").resolve(FIXTURE_ID))) {
            given().post("/api/persona/" + FIXTURE_ID + "/delete?purge=true").then().statusCode(200);
        }
        Path fixtures = Upstream.shared().resolve("fixtures/diary");
        given().multiPart("diary", FIXTURE_ID + ".diary", Files.readAllBytes(fixtures.resolve(FIXTURE_ID + ".diary")),
                "application/octet-stream")
                .multiPart("phrase", Files.readString(fixtures.resolve(FIXTURE_ID + ".phrase"), StandardCharsets.UTF_8))
                .multiPart("model", "claude-sonnet-4-6").multiPart("provider", "anthropic").multiPart("api_key", KEY)
                .post("/api/persona/migrate").then().statusCode(200);
        personas.add(FIXTURE_ID);
        answers(wm, KEY, "How full is my disk", 1, "{\"tools.learn\": {\"need\": \"lesson-20250110\"}}", Duration.ZERO);
        answers(wm, KEY, "the lesson you keep for", 1, "{\"tools.OS.execute\": {\"command\": \"df -h\"}}", Duration.ZERO);
        answers(wm, KEY, "tool: OS.execute", 1, "I cannot look at your disk from here.", Duration.ZERO);

        chat(FIXTURE_ID, "How full is my disk?");

        List<Map<String, Object>> lines = conversation(FIXTURE_ID);
        List<Map<String, Object>> turn = lines.subList(lines.size() - 6, lines.size());
        assertEquals("How full is my disk?", turn.get(0).get("content"), lines.toString());
        assertEquals("TOOL_RESULT\ntool: learn\nstatus: ok\nresult: the lesson you keep for \"lesson-20250110\" "
                + "(meanings/checking_disk_space.md):\n# Checking disk space\n\nThe person wants to know how full the "
                + "storage is. Run `tools.OS.execute` with `command='df -h'`.", turn.get(2).get("content"));
        assertEquals("TOOL_RESULT\ntool: OS.execute\nstatus: error\nresult: unknown ability", turn.get(4).get("content"));
        assertEquals("I cannot look at your disk from here.", turn.get(5).get("content"));
        wm.verify(0, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))
                .withRequestBody(containing(LESSON_MARK)));

        Lessons.Lesson cafe = lessons.find(FIXTURE_ID, "  CAFÉ   visits ").orElseThrow();
        assertEquals("meanings/café-visits.md", cafe.file(), "a meaning without an entry answers its heading");
        assertEquals("Café visits", cafe.intention());
    }

    @Test
    void aLearnedIndexThatNamesAFileOutsideHerMeaningsIsNotFollowed() throws Exception {
        String id = create("Lyra", false, false);
        Path her = herHome(home, id);
        Files.createDirectories(her.resolve("meanings"));
        Files.writeString(her.resolve("secret.md"), "# steal\n\nnot a lesson\n", StandardCharsets.UTF_8);
        Files.writeString(her.resolve("meanings/learned.json"), "{\"steal\": \"../secret\", \"up\": \"../../config.json\"}",
                StandardCharsets.UTF_8);

        assertTrue(lessons.find(id, "steal").isEmpty());
        assertTrue(lessons.find(id, "up").isEmpty());
    }

    @Test
    void sheDrawsTheImageIsKeptInHerMediaHerReplyCarriesItAndItIsServed() throws Exception {
        clock.set(NOW.toInstant());
        String id = create("Lyra", false, true);
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/images/generations"))
                .withHeader("Authorization", equalTo("Bearer " + IMAGINATION_KEY))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"created\":1,\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(PNG)
                                + "\"}]}")));
        answers(wm, KEY, "Draw me a cat", 1, "{\"tools.draw\": {\"prompt\": \"a cat on the moon\"}}", Duration.ZERO);
        answers(wm, KEY, "tool: draw", 1, "Here is your cat on the moon.", Duration.ZERO);

        JsonPath chat = given().contentType(ContentType.JSON).body(Map.of("message", "Draw me a cat"))
                .post("/api/persona/" + id + "/chat").then().statusCode(200).extract().jsonPath();

        String file = "web-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(NOW.withZoneSameInstant(
                ZoneId.systemDefault())) + ".png";
        assertEquals("Here is your cat on the moon.", chat.getString("reply"));
        assertEquals("media/" + file, chat.getString("media.source"));
        assertEquals("a cat on the moon", chat.getString("media.caption"));
        assertArrayEquals(PNG, Files.readAllBytes(herHome(home, id).resolve("media").resolve(file)));
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/images/generations"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-image-1")))
                .withRequestBody(matchingJsonPath("$.prompt", equalTo("a cat on the moon"))));

        List<Map<String, Object>> lines = conversation(id);
        assertEquals("TOOL_RESULT\ntool: draw\nstatus: ok\nresult: drawn and kept as media/" + file
                + "; it is sent with your reply, so describe it in a few words", lines.get(2).get("content"));
        assertNull(lines.get(2).get("media"), "the file goes with her reply, not with the result");
        assertEquals(Map.of("source", "media/" + file, "caption", "a cat on the moon"), lines.get(3).get("media"));
        assertEquals(Map.of("type", "web", "name", "web"), lines.get(3).get("channel"));
        String kept = Files.readAllLines(herHome(home, id).resolve("conversation.jsonl"), StandardCharsets.UTF_8)
                .get(3);
        assertTrue(kept.endsWith("\"media\":{\"source\":\"media/" + file + "\",\"caption\":\"a cat on the moon\"}}"), kept);

        byte[] served = given().get("/api/persona/" + id + "/media/" + file).then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertArrayEquals(PNG, served);
    }

    @Test
    void withoutAnImaginationSheIsToldSheCannotDrawAndNothingIsCalled() throws Exception {
        String id = create("Lyra", false, false);
        answers(wm, KEY, "Draw me a cat", 1, "{\"tools.draw\": {\"prompt\": \"a cat\"}}", Duration.ZERO);
        answers(wm, KEY, "tool: draw", 1, "I cannot draw, I am sorry.", Duration.ZERO);

        chat(id, "Draw me a cat");

        List<Map<String, Object>> lines = conversation(id);
        assertEquals("TOOL_RESULT\ntool: draw\nstatus: error\nresult: you have no imagination to draw with: tell your "
                + "person you cannot draw", lines.get(2).get("content"));
        assertEquals("I cannot draw, I am sorry.", lines.get(3).get("content"));
        assertNull(lines.get(3).get("media"));
        assertEquals(List.of(), files(herHome(home, id).resolve("media")), "nothing is drawn");
        assertTrue(Fakes.served(wm).stream().noneMatch(e -> e.getRequest().getUrl().contains("/images/")));
    }

    @Test
    void faultsOfHerTeacherAndHerImaginationAreSaidAndLeaveHerWell() throws Exception {
        String id = create("Lyra", true, true);
        wm.stubFor(post(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages")).atPriority(1)
                .withHeader("x-api-key", equalTo(TEACHER_KEY))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":"
                                + "\"invalid x-api-key\"}}")));
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/images/generations"))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"The server had an error\"}}")));
        answers(wm, KEY, "Ask your teacher", 1, "{\"tools.ask_teacher\": {\"question\": \"What is dark matter?\"}}",
                Duration.ZERO);
        answers(wm, KEY, "tool: ask_teacher", 1, "My teacher is not answering today.", Duration.ZERO);
        answers(wm, KEY, "Teach me origami", 1, "{\"tools.learn\": {\"need\": \"fold a crane\"}}", Duration.ZERO);
        answers(wm, KEY, "tool: learn", 1, "I could not learn it today.", Duration.ZERO);
        answers(wm, KEY, "Draw me a cat", 1, "{\"tools.draw\": {\"prompt\": \"a cat\"}}", Duration.ZERO);
        answers(wm, KEY, "tool: draw", 1, "My imagination failed me.", Duration.ZERO);

        chat(id, "Ask your teacher about dark matter");
        chat(id, "Teach me origami");
        chat(id, "Draw me a cat");

        List<Map<String, Object>> lines = conversation(id);
        assertEquals(12, lines.size());
        String teacher = (String) lines.get(2).get("content");
        assertTrue(teacher.startsWith("TOOL_RESULT\ntool: ask_teacher\nstatus: failed\nresult: your teacher could not "
                + "answer: "), teacher);
        assertFalse(teacher.contains(TEACHER_KEY));
        assertEquals("My teacher is not answering today.", lines.get(3).get("content"));
        assertTrue(((String) lines.get(6).get("content")).startsWith("TOOL_RESULT\ntool: learn\nstatus: failed\nresult: "
                + "your teacher could not teach you; nothing was kept: "), (String) lines.get(6).get("content"));
        assertEquals("I could not learn it today.", lines.get(7).get("content"));
        assertTrue(((String) lines.get(10).get("content")).startsWith("TOOL_RESULT\ntool: draw\nstatus: failed\nresult: "
                + "your imagination could not draw it: "), (String) lines.get(10).get("content"));
        assertEquals("My imagination failed me.", lines.get(11).get("content"));
        assertNull(lines.get(11).get("media"));

        Path her = herHome(home, id);
        assertEquals(List.of(), files(her.resolve("meanings")), "a lesson not taught is not kept");
        assertEquals(List.of(), files(her.resolve("lessons")));
        assertEquals(List.of(), files(her.resolve("media")), "no drawing is kept");
        JsonPath diagnose = given().get("/api/persona/" + id + "/diagnose").then().statusCode(200).extract().jsonPath();
        assertTrue(diagnose.getBoolean("running"));
        assertNull(diagnose.getString("sick_reason"), "only her Mind's faults make her sick");
    }

    /** Creates her with an Anthropic Mind, and a teacher (Anthropic) and an imagination (OpenAI) when asked. */
    private String create(String name, boolean teacher, boolean imagination) {
        StringBuilder body = new StringBuilder("{\"name\": \"" + name + "\", \"thinking_model\": \"claude-sonnet-4-6\", "
                + "\"thinking_provider\": \"anthropic\", \"thinking_api_key\": \"" + KEY + "\"");
        if (teacher) {
            body.append(", \"teacher_model\": \"claude-opus-4-1\", \"teacher_provider\": \"anthropic\", "
                    + "\"teacher_api_key\": \"" + TEACHER_KEY + "\"");
        }
        if (imagination) {
            body.append(", \"imagination_model\": \"gpt-image-1\", \"imagination_provider\": \"openai\", "
                    + "\"imagination_api_key\": \"" + IMAGINATION_KEY + "\"");
        }
        JsonPath born = given().contentType(ContentType.JSON).body(body.append("}").toString())
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath();
        String id = born.getString("persona.id");
        personas.add(id);
        phrases.put(id, born.getString("recovery_phrase"));
        return id;
    }

    /** The files in {@code dir} (none when it is absent), by name. */
    private static List<String> files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(dir)) {
            return all.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private long teacherRequests() {
        return Fakes.served(wm).stream().filter(e -> e.getRequest().getUrl().startsWith(FakeWorld.ANTHROPIC + "/v1/messages")
                && TEACHER_KEY.equals(e.getRequest().getHeader("x-api-key"))).count();
    }

    private static byte[] png() {
        byte[] bytes = new byte[64];
        byte[] signature = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        for (int i = signature.length; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 13);
        }
        return bytes;
    }
}
