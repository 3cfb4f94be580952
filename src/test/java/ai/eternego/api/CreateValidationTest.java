package ai.eternego.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.HomeSnapshot;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every request a person can get wrong is a 4xx that says which field and why, and changes nothing. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class CreateValidationTest {

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    private void refused(String body, int status, String... fields) {
        HomeSnapshot before = HomeSnapshot.of(home);
        var response = given().contentType(ContentType.JSON).body(body)
                .when().post("/api/persona/create")
                .then().statusCode(status).contentType(ContentType.JSON)
                .body("detail", not(org.hamcrest.Matchers.emptyOrNullString()));
        for (String field : fields) {
            response.body("errors.field", hasItem(field)).body("detail", containsString(field));
        }
        assertEquals(before, HomeSnapshot.of(home), "a refused create changed ETERNEGO_HOME");
        assertEquals(0, Fakes.served(wm).size(), "a refused create reached a provider");
    }

    @Test
    void nameAndMindAreRequired() {
        refused("{}", 422, "name", "thinking_model");
        refused("{\"name\":\"Polaris\"}", 422, "thinking_model");
        refused("{\"thinking_model\":\"qwen2.5:14b\"}", 422, "name");
        refused("{\"name\":\"\",\"thinking_model\":\"qwen2.5:14b\"}", 422, "name");
        refused("{\"name\":\"Polaris\",\"thinking_model\":\"\"}", 422, "thinking_model");
    }

    @Test
    void wrongTypesAre422() {
        refused("{\"name\":5,\"thinking_model\":\"qwen2.5:14b\"}", 422, "name");
        refused("{\"name\":\"Polaris\",\"thinking_model\":[\"a\"]}", 422, "thinking_model");
        refused("{\"name\":\"Polaris\",\"thinking_model\":\"m\",\"eye_model\":true}", 422, "eye_model");
        refused("{\"name\":\"Polaris\",\"thinking_model\":{\"x\":1}}", 422, "thinking_model");
    }

    @Test
    void malformedBodiesAre422() {
        refused("{\"name\":", 422);
        refused("[]", 422);
        refused("\"Polaris\"", 422);
    }

    @Test
    void missingBodyIs422() {
        given().contentType(ContentType.JSON).when().post("/api/persona/create").then().statusCode(422);
    }

    @ParameterizedTest
    @ValueSource(strings = { "../etc/passwd", "a..b", "-model", "model with space", "model?x=1", "m#frag" })
    void modelNamesFollowAStrictPattern(String model) {
        refused("{\"name\":\"Polaris\",\"thinking_model\":\"" + model + "\"}", 422, "thinking_model");
    }

    @Test
    void nameLimits() {
        refused("{\"name\":\"" + "x".repeat(101) + "\",\"thinking_model\":\"m\"}", 422, "name");
        refused("{\"name\":\"bad\\u0000name\",\"thinking_model\":\"m\"}", 422, "name");
        refused("{\"name\":\"line\\nbreak\",\"thinking_model\":\"m\"}", 422, "name");
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://host", "localhost:11434", "/relative", "http://", "file:///etc/passwd",
            "http://host with space" })
    void urlsMustBeAbsoluteHttp(String url) {
        refused("{\"name\":\"Polaris\",\"thinking_model\":\"m\",\"thinking_url\":\"" + url + "\"}", 422,
                "thinking_url");
    }

    @Test
    void unknownProviderIs400NamingTheKnownOnes() {
        for (String field : List.of("thinking_provider", "eye_provider", "researcher_provider")) {
            String organ = field.substring(0, field.indexOf('_'));
            String body = "{\"name\":\"Polaris\",\"thinking_model\":\"m\",\"" + organ + "_model\":\"m\",\""
                    + field + "\":\"openia\"}";
            HomeSnapshot before = HomeSnapshot.of(home);
            given().contentType(ContentType.JSON).body(body).when().post("/api/persona/create")
                    .then().statusCode(400)
                    .body("detail", containsString(field))
                    .body("detail", containsString("anthropic, openai, xai, gemini"));
            assertEquals(before, HomeSnapshot.of(home));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "ear, anthropic, Anthropic has no speech-to-text; use openai or gemini",
            "ear, xai, xAI has no speech-to-text; use openai or gemini",
            "ear, local, Ollama has no speech-to-text; use openai or gemini",
            "mouth, anthropic, Anthropic has no text-to-speech; use openai or gemini",
            "mouth, xai, xAI has no text-to-speech; use openai or gemini",
            "mouth, local, Ollama has no text-to-speech; use openai or gemini",
            "imagination, anthropic, Anthropic has no image generation; use openai, xai or gemini",
            "imagination, local, Ollama has no image generation; use openai, xai or gemini" })
    void anOrganItsProviderCannotServeIsRefusedBeforeAnyCall(String organ, String provider, String why) {
        String cloud = "local".equals(provider) ? "" : ",\"" + organ + "_api_key\":\"sk-cap-1\"";
        String body = "{\"name\":\"Polaris\",\"thinking_model\":\"m\",\"" + organ + "_model\":\"some-model\",\""
                + organ + "_provider\":\"" + provider + "\"" + cloud + "}";
        HomeSnapshot before = HomeSnapshot.of(home);
        given().contentType(ContentType.JSON).body(body).when().post("/api/persona/create")
                .then().statusCode(400)
                .body("detail", containsString(organ + " (" + provider + "): " + why));
        assertEquals(before, HomeSnapshot.of(home), "a refused create changed ETERNEGO_HOME");
        assertEquals(0, Fakes.served(wm).size(), "the capability check ran after a call");
    }
}
