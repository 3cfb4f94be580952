package ai.eternego.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Update renames her: the same rule as create's name (1–100 characters, no control character). */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class RenameApiTest {

    private static final String KEY = "sk-ant-rename-9090";

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    private String create(String name) {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        return given().contentType(ContentType.JSON).body("""
                {"name": "%s", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s"}""".formatted(name, KEY))
                .post("/api/persona/create").then().statusCode(200).extract().path("persona.id");
    }

    @Test
    void aRenameIsSavedAndShown() throws Exception {
        String id = create("Old Name");
        try {
            given().contentType(ContentType.JSON).body("{\"name\": \"Nouvelle Étoile\"}")
                    .post("/api/persona/" + id + "/update").then().statusCode(200)
                    .body("persona.name", equalTo("Nouvelle Étoile"));
            given().get("/api/persona/" + id).then().statusCode(200).body("name", equalTo("Nouvelle Étoile"));
            JsonPath saved = JsonPath.from(Files.readString(
                    home.resolve("personas").resolve(id).resolve("home").resolve("config.json")));
            assertEquals("Nouvelle Étoile", saved.getString("name"));
            assertEquals(KEY, saved.getString("thinking.api_key"), "a rename keeps her organs");
        } finally {
            given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
        }
    }

    @Test
    void anUpdateWithoutANameKeepsHers() {
        String id = create("Constant");
        try {
            given().contentType(ContentType.JSON).body("{\"status\": \"hibernate\"}")
                    .post("/api/persona/" + id + "/update").then().statusCode(200)
                    .body("persona.name", equalTo("Constant")).body("persona.status", equalTo("hibernate"));
        } finally {
            given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"\"", "\"   \"", "\"tab\\there\"", "\"line\\nbreak\"", "12" })
    void aBadNameIs422AndChangesNothing(String name) throws Exception {
        String id = create("Steady");
        try {
            Path record = home.resolve("personas").resolve(id).resolve("home").resolve("config.json");
            String before = Files.readString(record);
            given().contentType(ContentType.JSON).body("{\"name\": " + name + "}")
                    .post("/api/persona/" + id + "/update").then().statusCode(422)
                    .body("detail", containsString("name"));
            assertEquals(before, Files.readString(record));
        } finally {
            given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
        }
    }

    @Test
    void aNameOfAHundredAndOneCharactersIs422() {
        String id = create("Short");
        try {
            given().contentType(ContentType.JSON).body("{\"name\": \"" + "n".repeat(101) + "\"}")
                    .post("/api/persona/" + id + "/update").then().statusCode(422);
            given().contentType(ContentType.JSON).body("{\"name\": \"" + "n".repeat(100) + "\"}")
                    .post("/api/persona/" + id + "/update").then().statusCode(200);
        } finally {
            given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
        }
    }
}
