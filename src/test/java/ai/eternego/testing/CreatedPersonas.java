package ai.eternego.testing;

import static io.restassured.RestAssured.given;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.restassured.http.ContentType;

/** Personas a test creates through the API, remembered so that each is purged when the test ends. */
public final class CreatedPersonas {

    private final List<String> ids = new ArrayList<>();

    /** Creates {@code name} with an Anthropic Mind ({@code claude-sonnet-4-6}, the fake must know the key); her id. */
    public String withAnthropicMind(String name, String key) {
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "%s", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s"}""".formatted(name, key))
                .when().post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");
        ids.add(id);
        return id;
    }

    /** Remembers a persona created some other way. */
    public void add(String id) {
        ids.add(id);
    }

    /** Purges every one still living under {@code home}. */
    public void purgeAll(Path home) {
        for (String id : ids) {
            if (Files.exists(home.resolve("personas").resolve(id))) {
                given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
            }
        }
        ids.clear();
    }
}
