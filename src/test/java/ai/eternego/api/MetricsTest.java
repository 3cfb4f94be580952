package ai.eternego.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code /q/metrics} counts requests by route and status, births by outcome and personas by status. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class MetricsTest {

    static final String KEY = "sk-ant-METRICS-1111";

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Test
    void createsAndRefusalsAreCounted() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "Metis", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s"}""".formatted(KEY)).post("/api/persona/create").then().statusCode(200)
                .extract().path("persona.id");
        given().contentType(ContentType.JSON).body("""
                {"name": "Metis", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "sk-wrong"}""").post("/api/persona/create").then().statusCode(400);
        try {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.contains("eternego_births_total{operation=\"create\",outcome=\"ok\"}"), metrics);
            assertTrue(metrics.contains("eternego_births_total{operation=\"create\",outcome=\"not_prepared\"}"),
                    metrics);
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("eternego_personas{status=\"active\"}")
                    && !l.endsWith(" 0.0")), metrics);
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("http_server_requests_seconds_count")
                    && l.contains("uri=\"/api/persona/create\"") && l.contains("status=\"400\"")), metrics);
            assertTrue(!metrics.contains(KEY), "a key reached the metrics");
        } finally {
            if (Files.exists(home.resolve("personas").resolve(id))) {
                given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
            }
        }
    }
}
