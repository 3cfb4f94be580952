package ai.eternego.agent;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The service starts on a home a previous run left: the active persona is running again, the
 * hibernating one stays stopped, and the one who was sick is retried and comes back when her Mind answers.
 */
@QuarkusTest
@TestProfile(Living.class)
@WithTestResource(SeededHome.class)
class RestartTest {

    @Inject
    AgentSupervisor supervisor;

    private Map<String, Map<String, Object>> listed() {
        List<Map<String, Object>> personas = given().get("/api/personas").then().statusCode(200).extract()
                .jsonPath().getList("personas");
        return personas.stream().collect(Collectors.toMap(p -> (String) p.get("id"), p -> p));
    }

    @Test
    void activeComesBackRunningHibernatingStaysStoppedSickRecovers() {
        await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(listed().get(SeededHome.ACTIVE).get("running")));
        Map<String, Map<String, Object>> personas = listed();
        assertEquals(3, personas.size(), personas.toString());
        assertEquals("active", personas.get(SeededHome.ACTIVE).get("status"));
        assertEquals("Sirius", personas.get(SeededHome.ACTIVE).get("name"));
        assertEquals("hibernate", personas.get(SeededHome.HIBERNATING).get("status"));
        assertEquals(false, personas.get(SeededHome.HIBERNATING).get("running"));
        assertFalse(supervisor.isRunning(SeededHome.HIBERNATING));
        assertTrue(supervisor.isRunning(SeededHome.ACTIVE));

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Map<String, Object> mira = listed().get(SeededHome.SICK);
            return "active".equals(mira.get("status")) && Boolean.TRUE.equals(mira.get("running"));
        });
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(10))
                .until(() -> !supervisor.isRunning(SeededHome.HIBERNATING));
        assertEquals("hibernate", listed().get(SeededHome.HIBERNATING).get("status"));
    }
}
