package ai.eternego.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The packaged jar with an ETERNEGO_HOME it cannot use (tests run as root, whom permissions do not
 * stop, so the homes here are a regular file and a path under one): start-up ends with exit code 1
 * and one line naming the path and what to do, with no stack trace.
 */
class UnusableHomeIT {

    private static void refusesToStart(Path home, Path log) throws Exception {
        ServiceProcess service = ServiceProcess.launch(Map.of("eternego.home", home.toString()), log);
        assertTrue(service.process().waitFor(90, TimeUnit.SECONDS), "it kept running:\n" + service.tail());
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(1, service.process().exitValue(), output);
        String line = "ETERNEGO_HOME " + home + " is not a directory this service can write: create it (mkdir -p " + home
                + ") or point ETERNEGO_HOME elsewhere.";
        assertTrue(output.lines().anyMatch(line::equals), output);
        assertFalse(output.contains("Exception") || output.contains("at ai.eternego") || output.contains("\tat "), output);
        assertFalse(output.contains("Listening on"), output);
    }

    @Test
    void aRegularFileAsHome() throws Exception {
        Path dir = Files.createTempDirectory("eternego-home");
        Path home = Files.writeString(dir.resolve("home"), "not a directory");
        refusesToStart(home, dir.resolve("service.log"));
        assertEquals("not a directory", Files.readString(home));
    }

    @Test
    void aHomeUnderARegularFile() throws Exception {
        Path dir = Files.createTempDirectory("eternego-home");
        Path file = Files.writeString(dir.resolve("file"), "x");
        refusesToStart(file.resolve("home"), dir.resolve("service.log"));
        assertTrue(Files.isRegularFile(file));
    }
}
