package ai.eternego.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The packaged jar: binding 0.0.0.0 without a token refuses to start and says why; with one it serves. */
class PackagedServiceIT {

    @Test
    void aNonLoopbackBindWithoutATokenRefusesToStart() throws Exception {
        Path dir = Files.createTempDirectory("eternego-bind");
        Path log = dir.resolve("service.log");
        ServiceProcess service = ServiceProcess.launch(Map.of("eternego.home", dir.resolve("home").toString(),
                "quarkus.http.host", "0.0.0.0"), log);
        assertTrue(service.process().waitFor(90, TimeUnit.SECONDS), "it kept running:\n" + service.tail());
        assertNotEquals(0, service.process().exitValue(), service.tail());
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(output.contains("Refusing to listen on 0.0.0.0 without an API token")
                && output.contains("ETERNEGO_API_TOKEN"), output);
    }

    @Test
    void withATokenItServesAndAsksForIt() throws Exception {
        Path dir = Files.createTempDirectory("eternego-bind");
        try (ServiceProcess service = ServiceProcess.launch(Map.of("eternego.home", dir.resolve("home").toString(),
                "quarkus.http.host", "0.0.0.0", "eternego.api.token", "it-token-123"), dir.resolve("service.log"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int status = -1;
            while (System.nanoTime() < deadline && status < 0 && service.process().isAlive()) {
                try {
                    status = service.get("/api/personas").statusCode();
                } catch (java.io.IOException notYet) {
                    service.process().waitFor(100, TimeUnit.MILLISECONDS);
                }
            }
            assertEquals(401, status, service.tail());
            assertEquals(200, service.get("/q/health/live").statusCode());
        }
    }
}
