package ai.eternego.agent;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Only her conversation tells how her Mind does: no heartbeat comes within a test, sick after 3 Mind faults. */
public class Talking implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("eternego.agent.heartbeat", "1h", "%test.eternego.agent.heartbeat", "1h",
                "eternego.agent.sick-after", "3", "eternego.agent.max-backoff", "1h");
    }
}
