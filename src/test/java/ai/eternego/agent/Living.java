package ai.eternego.agent;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** She lives fast: beats every 200 ms, sick after 3 Mind faults, retried within a second, 3 diaries kept. */
public class Living implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("eternego.agent.heartbeat", "200ms", "%test.eternego.agent.heartbeat", "200ms",
                "eternego.agent.sick-after", "3", "eternego.agent.max-backoff", "1s",
                "eternego.diary.generations", "3");
    }
}
