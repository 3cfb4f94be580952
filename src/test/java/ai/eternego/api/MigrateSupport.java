package ai.eternego.api;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Posts a migrate form the way curl -F does. */
final class MigrateSupport {

    static final String FIXTURE_ID = "6a0f3b52-91c4-4d2e-b7a8-5e19c0d4f2a7";

    private MigrateSupport() {
    }

    static ValidatableResponse migrate(String fileName, byte[] diary, String phrase, Map<String, String> fields) {
        RequestSpecification request = given();
        if (diary != null) {
            request = request.multiPart("diary", fileName, diary, "application/octet-stream");
        }
        if (phrase != null) {
            request = request.multiPart("phrase", phrase);
        }
        for (Map.Entry<String, String> field : fields.entrySet()) {
            request = request.multiPart(field.getKey(), field.getValue());
        }
        return request.when().post("/api/persona/migrate").then();
    }
}
