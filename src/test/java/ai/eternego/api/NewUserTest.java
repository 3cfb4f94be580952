package ai.eternego.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.agent.AgentSupervisor;
import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.DiaryReader;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.HomeSnapshot;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.RawHttp;
import ai.eternego.testing.RawHttp.Answer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;

/** What a new user hit: a GET that erased backups, a deletion that lost a day, unclear or wrong answers. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class NewUserTest {

    static final String KEY = "sk-ant-NEWUSER-1111";
    static final ObjectMapper JSON = new ObjectMapper();

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @BeforeEach
    void fakes() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
    }

    private JsonPath create(String name) {
        return given().contentType(ContentType.JSON).body("""
                {"name": "%s", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s"}""".formatted(name, KEY))
                .when().post("/api/persona/create").then().statusCode(200).extract().jsonPath();
    }

    private void purge(String id) {
        if (Files.exists(home.resolve("personas").resolve(id))) {
            given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
        }
    }

    @Test
    void twentyExportsLeaveEveryKeptDiaryAsItWas() throws Exception {
        JsonPath created = create("Vesta");
        String id = created.getString("persona.id");
        DiaryKey key = DiaryKey.derive(created.getString("recovery_phrase"), id);
        try {
            for (int night = 0; night < 3; night++) {
                given().post("/api/persona/" + id + "/sleep").then().statusCode(200);
            }
            Path diaries = home.resolve("diary").resolve(id);
            HomeSnapshot kept = HomeSnapshot.of(diaries);
            Files.writeString(home.resolve("personas").resolve(id).resolve("home").resolve("after-the-night.md"),
                    "written after her last diary\n");
            for (int i = 0; i < 20; i++) {
                byte[] exported = given().get("/api/persona/" + id + "/export").then().statusCode(200)
                        .contentType("application/octet-stream").extract().asByteArray();
                if (i == 0 || i == 19) {
                    Path file = Files.createTempDirectory("export").resolve(id + ".diary");
                    Files.write(file, exported);
                    Path out = Files.createTempDirectory("unpacked");
                    DiaryReader.extract(file, key, out, new DiaryReader.Limits(1L << 30, 1000, 1L << 30, 200, 100));
                    assertEquals("written after her last diary\n", Files.readString(out.resolve("after-the-night.md")),
                            "an export is of her state now");
                }
            }
            assertEquals(kept, HomeSnapshot.of(diaries), "an export changed her kept diaries");
            Path exports = home.resolve("tmp").resolve("exports");
            await().atMost(Duration.ofSeconds(10)).until(() -> !Files.isDirectory(exports) || isEmpty(exports));
        } finally {
            purge(id);
        }
    }

    @Test
    void deleteKeepsADiaryOfHerStateAtThatMoment() throws Exception {
        JsonPath created = create("Ceres");
        String id = created.getString("persona.id");
        String phrase = created.getString("recovery_phrase");
        given().post("/api/persona/" + id + "/sleep").then().statusCode(200);
        Files.writeString(home.resolve("personas").resolve(id).resolve("home").resolve("last-words.md"),
                "said after her last night\n");

        given().post("/api/persona/" + id + "/delete").then().statusCode(200)
                .body("kept_diary", equalTo("archive/" + id + ".diary"));

        Path archived = home.resolve("archive").resolve(id + ".diary");
        Path out = Files.createTempDirectory("archived");
        DiaryReader.extract(archived, DiaryKey.derive(phrase, id), out, new DiaryReader.Limits(1L << 30, 1000, 1L << 30, 200, 100));
        assertEquals("said after her last night\n", Files.readString(out.resolve("last-words.md")));
        JsonNode note = JSON.readTree(home.resolve("archive").resolve(id + ".json").toFile());
        assertEquals(id, note.path("id").asText());
        assertEquals("Ceres", note.path("name").asText());
        assertFalse(note.path("date").asText().isEmpty());

        // leave no archive behind for the other tests
        Files.delete(archived);
        Files.delete(home.resolve("archive").resolve(id + ".json"));
    }

    @Test
    void aWrongMethodOnCreateOrMigrateIs405() {
        HomeSnapshot before = HomeSnapshot.of(home);
        for (String path : List.of("/api/persona/create", "/api/persona/migrate")) {
            for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
                Response answer = given().request(method, path);
                String what = method + " " + path + ": " + answer.asString();
                assertEquals(405, answer.statusCode(), what);
                assertEquals("POST", answer.header("Allow"), what);
                assertTrue(answer.jsonPath().getString("detail").startsWith("This route takes POST only"), what);
            }
        }
        assertEquals(before, HomeSnapshot.of(home));
    }

    @Test
    void anUnknownFieldOnCreateIs422NamingTheClosestField() {
        HomeSnapshot before = HomeSnapshot.of(home);
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"Typo\", \"thinking_model\": \"claude-sonnet-4-6\", \"thinking_provder\": \"anthropic\"}")
                .post("/api/persona/create").then().statusCode(422)
                .body("detail", equalTo("The request is not valid: thinking_provder is not a field; did you mean "
                        + "thinking_provider?"))
                .body("errors[0].field", equalTo("thinking_provder"));
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"Typo\", \"thinking_model\": \"m\", \"colour\": \"blue\"}")
                .post("/api/persona/create").then().statusCode(422)
                .body("detail", equalTo("The request is not valid: colour is not a field of this request."));
        assertEquals(before, HomeSnapshot.of(home));
        assertEquals(0, Fakes.served(wm).size(), "a provider was called");
    }

    @Test
    void anUnknownFieldOnMigrateIs422NamingTheClosestField() {
        HomeSnapshot before = HomeSnapshot.of(home);
        MigrateSupport.migrate("6c17c83c-3158-450d-8e43-0e7efea717c1.diary", "x".getBytes(StandardCharsets.UTF_8),
                "abandon ".repeat(23) + "art", Map.of("model", "claude-sonnet-4-6", "provdier", "anthropic"))
                .statusCode(422)
                .body("detail", equalTo("The form is not valid: provdier is not a field of a migration; did you mean "
                        + "provider? See /q/swagger-ui for the fields."));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(before, HomeSnapshot.of(home)));
        assertEquals(0, Fakes.served(wm).size(), "a provider was called");
    }

    @Test
    void aTruncatedMultipartBodyIs400WithASentence() throws Exception {
        HomeSnapshot before = HomeSnapshot.of(home);
        byte[] body = ("--XX\r\nContent-Disposition: form-data; name=\"phrase\"\r\n\r\nabandon abandon")
                .getBytes(StandardCharsets.US_ASCII);
        int port = RestAssured.port;
        Answer answer = RawHttp.post(port, "POST", "/api/persona/migrate", "localhost:" + port,
                "multipart/form-data; boundary=XX", body);
        assertEquals(400, answer.status(), answer.body());
        assertTrue(answer.body().contains("\"detail\":\"The multipart form"), answer.body());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(before, HomeSnapshot.of(home)));
    }

    @Test
    void anUpdateNamesTheFieldsAsTheClientSentThem() {
        String id = create("Juno").getString("persona.id");
        try {
            given().contentType(ContentType.JSON).body("{\"eye\": {\"model\": \"gpt-4o\", \"api_key\": \"bad key\"}}")
                    .post("/api/persona/" + id + "/update").then().statusCode(422)
                    .body("errors[0].field", equalTo("eye.api_key"))
                    .body("detail", org.hamcrest.Matchers.startsWith("The request is not valid: eye.api_key "));
        } finally {
            purge(id);
        }
    }

    @Test
    void aCreateThatCannotStartStillTellsHerPhrase() {
        QuarkusMock.installMockForType(new AgentSupervisor(null, null, null, null, null, null, null, null, null, null, null, null, null, null) {
            @Override
            public Uni<Void> start(String id) {
                return Uni.createFrom().failure(new IllegalStateException("her diary key cannot be opened on this machine"));
            }
        }, AgentSupervisor.class);
        JsonPath body = given().contentType(ContentType.JSON).body("""
                {"name": "Pallas", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s"}""".formatted(KEY))
                .post("/api/persona/create").then().statusCode(500).extract().jsonPath();
        String id = body.getString("persona.id");
        try {
            assertEquals(List.of("detail", "persona", "recovery_phrase"), List.copyOf(body.getMap("").keySet()));
            assertEquals("The persona was created but failed to start: her diary key cannot be opened on this machine",
                    body.getString("detail"));
            String phrase = body.getString("recovery_phrase");
            assertEquals(24, phrase.split(" ").length);
            assertTrue(DiaryReader.verify(home.resolve("diary").resolve(id).resolve(id + ".diary"),
                    DiaryKey.derive(phrase, id)), "the phrase told opens her diary");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            purge(id);
        }
    }

    private static boolean isEmpty(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }
}
