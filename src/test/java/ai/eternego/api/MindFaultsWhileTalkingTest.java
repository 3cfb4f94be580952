package ai.eternego.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import ai.eternego.agent.AgentSupervisor;
import ai.eternego.agent.Talking;
import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.Following;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** Her Mind's faults in her conversation count toward sick in the heartbeat's count; an answer starts it again. */
@QuarkusTest
@TestProfile(Talking.class)
@WithTestResource(FakeWorld.class)
class MindFaultsWhileTalkingTest {

    static final String KEY = "sk-ant-TALKSICK-8484";
    static final String REFUSED = "I can't think right now: my Mind (anthropic) refused my key.";

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    AgentSupervisor supervisor;

    private final CreatedPersonas created = new CreatedPersonas();

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(20), "I am ", "here.");
    }

    @AfterEach
    void purge() {
        created.purgeAll(home);
    }

    private String chat(String id) {
        return given().contentType(ContentType.JSON).body("{\"message\": \"are you there?\"}")
                .post("/api/persona/" + id + "/chat").then().statusCode(200).extract().jsonPath().getString("reply");
    }

    private StubMapping mindRefusing() {
        return wm.stubFor(post(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages")).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}")));
    }

    private String status(String id) {
        return JsonPath.from(home.resolve("personas").resolve(id).resolve("home/config.json").toFile()).getString("status");
    }

    @Test
    void threeFailedTurnsInARowMakeHerSickAndAnAnswerInBetweenStartsTheCountAgain() {
        String id = created.withAnthropicMind("Cora", KEY);
        try (Following following = new Following(RestAssured.port, id)) {
            StubMapping down = mindRefusing();
            assertEquals(REFUSED, chat(id));
            assertEquals(REFUSED, chat(id));
            wm.removeStub(down);
            assertEquals("I am here.", chat(id));
            down = mindRefusing();
            assertEquals(REFUSED, chat(id));
            assertEquals(REFUSED, chat(id));
            assertTrue(supervisor.isRunning(id), "an answer in between started the count again");
            assertEquals("active", status(id));

            assertEquals(REFUSED, chat(id));

            await().atMost(Duration.ofSeconds(20)).until(() -> "sick".equals(status(id)));
            assertFalse(supervisor.isRunning(id));
            String why = "her Mind failed 3 times in a row, the last while she talked (thinking (anthropic): the API key "
                    + "was refused)";
            given().get("/api/persona/" + id + "/diagnose").then().statusCode(200).body("status", equalTo("sick"))
                    .body("sick_reason", equalTo(why));
            given().contentType(ContentType.JSON).body("{\"message\": \"hello?\"}").post("/api/persona/" + id + "/hear")
                    .then().statusCode(409);
            await().atMost(Duration.ofSeconds(20)).until(() -> following.events().stream()
                    .anyMatch(e -> "status".equals(e.name())));
            List<Following.Event> statuses = following.events().stream().filter(e -> "status".equals(e.name())).toList();
            assertEquals("sick", statuses.get(0).data().getString("status"));
            assertEquals(why, statuses.get(0).data().getString("detail"));
        }
    }
}
