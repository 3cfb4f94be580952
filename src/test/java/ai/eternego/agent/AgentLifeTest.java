package ai.eternego.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.DiaryReader;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.TestClock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * The supervisor on its real timers (heartbeat 200 ms in {@link Living}): she falls sick when her Mind
 * stops answering and comes back when it answers again; optional organs only leave a trace; the
 * nightly sleep follows a clock the test moves.
 */
@QuarkusTest
@TestProfile(Living.class)
@WithTestResource(FakeWorld.class)
class AgentLifeTest {

    static final String MIND_KEY = "sk-ant-LIVING-1111";
    static final String EYE_KEY = "sk-oai-LIVING-2222";
    static final Duration BOUND = Duration.ofSeconds(20);

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    AgentSupervisor supervisor;

    @Inject
    TestClock clock;

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", MIND_KEY);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", EYE_KEY);
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private JsonPath create(String name, boolean withEye) {
        String eye = withEye ? ", \"eye_model\": \"gpt-4o\", \"eye_provider\": \"openai\", \"eye_api_key\": \""
                + EYE_KEY + "\"" : "";
        return given().contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"thinking_model\": \"claude-sonnet-4-6\", \"thinking_provider\": "
                        + "\"anthropic\", \"thinking_api_key\": \"" + MIND_KEY + "\"" + eye + "}")
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath();
    }

    private void purge(String id) {
        if (Files.exists(home.resolve("personas").resolve(id))) {
            given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
        }
    }

    private List<JsonPath> beats(String id) {
        Path health = home.resolve("personas").resolve(id).resolve("home").resolve("health.jsonl");
        try {
            if (!Files.exists(health)) {
                return List.of();
            }
            return Files.readAllLines(health, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                    .map(JsonPath::from).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StubMapping failing(String path) {
        return wm.stubFor(get(urlPathEqualTo(path)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}")));
    }

    private String status(String id) {
        return JsonPath.from(home.resolve("personas").resolve(id).resolve("home/config.json").toFile())
                .getString("status");
    }

    @Test
    void sheFallsSickAfterThreeMindFaultsAndComesBack() {
        String id = create("Vega", true).getString("persona.id");
        try {
            await().atMost(BOUND).until(() -> beats(id).size() >= 2);
            assertTrue(beats(id).stream().allMatch(b -> b.getBoolean("ok")), "a healthy persona beats ok");

            // Her eye fails: every beat says so, she stays active and running.
            failing(FakeWorld.OPENAI + "/v1/models/gpt-4o");
            int before = beats(id).size();
            await().atMost(BOUND).until(() -> beats(id).stream().skip(before)
                    .filter(b -> b.getList("faults").equals(List.of("eye"))).count() >= 5);
            assertEquals("active", status(id));
            assertTrue(supervisor.isRunning(id));
            assertTrue(given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                    .anyMatch(l -> l.startsWith("eternego_heartbeat_faults_total{organ=\"eye\",provider=\"openai\"}")),
                    "heartbeat faults are counted by organ and provider");

            // Her Mind fails: after three beats she is sick and stopped.
            StubMapping mindDown = failing(FakeWorld.ANTHROPIC + "/v1/models/claude-sonnet-4-6");
            await().atMost(BOUND).until(() -> "sick".equals(status(id)));
            assertFalse(supervisor.isRunning(id));
            List<JsonPath> all = beats(id);
            long trailing = 0;
            for (int i = all.size() - 1; i >= 0 && all.get(i).getList("faults").contains("thinking"); i--) {
                trailing++;
            }
            assertEquals(3, trailing, "exactly sick-after Mind faults in a row, then no more beats");
            given().get("/api/persona/" + id).then().statusCode(200).body("status", equalTo("sick"))
                    .body("running", equalTo(false));
            JsonPath diagnosis = given().get("/api/persona/" + id + "/diagnose").then().statusCode(200).extract()
                    .jsonPath();
            assertEquals("sick", diagnosis.getString("status"));
            assertFalse(diagnosis.getBoolean("running"));
            List<List<String>> faults = diagnosis.getList("heartbeats.faults");
            assertEquals(List.of(List.of("thinking", "eye"), List.of("thinking", "eye"), List.of("thinking", "eye")),
                    faults.subList(faults.size() - 3, faults.size()).stream()
                            .map(f -> f.stream().sorted((a, b) -> b.compareTo(a)).toList()).toList());
            assertFalse(diagnosis.getBoolean("heartbeats[-1].ok"));
            Instant.parse(diagnosis.getString("heartbeats[-1].time"));
            // She tells why, and when she tries again.
            // (recovery is tried every few hundred milliseconds here, so a failed attempt may already be told too)
            assertTrue(diagnosis.getString("sick_reason").startsWith("her Mind did not answer 3 heartbeats in a row "
                    + "(thinking (anthropic): the provider did not answer; try again)"), diagnosis.getString("sick_reason"));
            assertTrue(Instant.parse(diagnosis.getString("next_recovery")).isAfter(Instant.parse(
                    diagnosis.getString("heartbeats[-1].time"))));
            // Stopping her is a 409 that leaves her recovery alone.
            given().post("/api/persona/" + id + "/stop").then().statusCode(409);

            // Her Mind answers again: she comes back active and running, on her own.
            wm.removeStub(mindDown);
            await().atMost(BOUND).until(() -> supervisor.isRunning(id) && "active".equals(status(id)));
            given().get("/api/persona/" + id).then().statusCode(200).body("status", equalTo("active"))
                    .body("running", equalTo(true));
            given().get("/api/persona/" + id + "/diagnose").then().statusCode(200)
                    .body("sick_reason", org.hamcrest.Matchers.nullValue())
                    .body("next_recovery", org.hamcrest.Matchers.nullValue());
            int back = beats(id).size();
            await().atMost(BOUND).until(() -> beats(id).size() > back);
        } finally {
            purge(id);
        }
    }

    @Test
    void aLocalMindGoneFromOllamaIsRegisteredAgainFromHerBaseModel() {
        Fakes.ollamaRunning(wm, "qwen2.5:7b");
        String id = given().contentType(ContentType.JSON).body("{\"name\": \"Altair\", \"thinking_model\": \"qwen2.5:7b\"}")
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");
        try {
            // Ollama lists the base model but not hers: every beat fails her Mind, so she falls sick.
            await().atMost(BOUND).until(() -> "sick".equals(status(id)));
            await().atMost(BOUND).untilAsserted(() -> assertEquals("her Mind did not answer 3 heartbeats in a row "
                    + "(thinking (local): no such model: eternego-" + id + "); her last recovery attempt failed: no such "
                    + "model: eternego-" + id, given().get("/api/persona/" + id + "/diagnose").then().extract()
                            .path("sick_reason")));
            // Recovery registers her again from qwen2.5:7b; once Ollama lists her, she is back.
            await().atMost(BOUND).until(() -> wm.findAll(Fakes.createRequested(id, "qwen2.5:7b")).size() >= 2);
            Fakes.ollamaRunning(wm, "qwen2.5:7b", "eternego-" + id);
            await().atMost(BOUND).until(() -> supervisor.isRunning(id) && "active".equals(status(id)));
        } finally {
            purge(id);
        }
    }

    @Test
    void hibernatingWhileSickEndsHerRecovery() {
        String id = create("Deneb", false).getString("persona.id");
        try {
            StubMapping mindDown = failing(FakeWorld.ANTHROPIC + "/v1/models/claude-sonnet-4-6");
            await().atMost(BOUND).until(() -> "sick".equals(status(id)));
            given().contentType(ContentType.JSON).body("{\"status\": \"hibernate\"}")
                    .post("/api/persona/" + id + "/update").then().statusCode(200)
                    .body("persona.status", equalTo("hibernate"));
            wm.removeStub(mindDown);
            // Recovery would have happened within the max backoff (1 s) plus a beat; she stays as she was put.
            int requests = Fakes.served(wm).size();
            await().during(Duration.ofMillis(2500)).atMost(BOUND)
                    .until(() -> "hibernate".equals(status(id)) && !supervisor.isRunning(id));
            assertEquals(requests, Fakes.served(wm).size(), "nobody checked her Mind");
        } finally {
            purge(id);
        }
    }

    private Path diaryDir(String id) {
        return home.resolve("diary").resolve(id);
    }

    private Set<String> diaries(String id) {
        try (Stream<Path> files = Files.list(diaryDir(id))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".diary"))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String lastSleep(String id) {
        Path state = home.resolve("personas").resolve(id).resolve("workspace").resolve(Routines.STATE);
        if (!Files.exists(state)) {
            return null;
        }
        return JsonPath.from(state.toFile()).getString("sleep");
    }

    @Test
    void sheSleepsOncePerNightCatchesUpAndKeepsThreeGenerations() throws Exception {
        clock.set(Instant.parse("2031-03-01T23:59:00Z"));
        JsonPath created = create("Altair", false);
        String id = created.getString("persona.id");
        DiaryKey key = DiaryKey.derive(created.getString("recovery_phrase"), id);
        Path newest = diaryDir(id).resolve(id + ".diary");
        try {
            // Born a minute before midnight: her first night is tonight, not yesterday's.
            await().atMost(BOUND).until(() -> "2031-03-01".equals(lastSleep(id)));
            assertEquals(Set.of(id + ".diary"), diaries(id));

            // Midnight passes: one beat writes her diary; the first one stays as a generation.
            clock.set(Instant.parse("2031-03-02T00:00:30Z"));
            await().atMost(BOUND).until(() -> "2031-03-02".equals(lastSleep(id)));
            assertEquals(2, diaries(id).size(), diaries(id).toString());
            assertTrue(DiaryReader.verify(newest, key));
            Instant written = Files.getLastModifiedTime(newest).toInstant();

            // The same night never twice, however many beats follow.
            int seen = beats(id).size();
            await().atMost(BOUND).until(() -> beats(id).size() >= seen + 5);
            assertEquals(2, diaries(id).size());
            assertEquals(written, Files.getLastModifiedTime(newest).toInstant());

            // The machine slept through three midnights: one diary catches up, on the next beat.
            clock.set(Instant.parse("2031-03-05T03:00:00Z"));
            await().atMost(BOUND).until(() -> "2031-03-05".equals(lastSleep(id)));
            Set<String> three = diaries(id);
            assertEquals(3, three.size(), three.toString());
            assertTrue(DiaryReader.verify(newest, key));
            int after = beats(id).size();
            await().atMost(BOUND).until(() -> beats(id).size() >= after + 3);
            assertEquals(three, diaries(id), "caught up once, not once per missed night");

            // The next nights: never more than three generations, the oldest go, the newest is whole.
            for (String night : List.of("2031-03-06", "2031-03-07")) {
                Set<String> previous = diaries(id);
                clock.set(Instant.parse(night + "T00:00:05Z"));
                await().atMost(BOUND).until(() -> night.equals(lastSleep(id)));
                Set<String> now = diaries(id);
                assertEquals(3, now.size(), now.toString());
                assertTrue(now.contains(id + ".diary"));
                assertTrue(DiaryReader.verify(newest, key));
                assertFalse(now.equals(previous), "a generation was added and the oldest removed");
                String oldest = previous.stream().filter(n -> !n.equals(id + ".diary")).sorted().findFirst()
                        .orElseThrow();
                assertFalse(now.contains(oldest), "the oldest generation is removed");
            }
            try (Stream<Path> files = Files.list(diaryDir(id))) {
                assertEquals(3, files.count(), "nothing half-written lies beside her diaries");
            }
        } finally {
            purge(id);
        }
    }
}
