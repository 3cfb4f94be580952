package ai.eternego.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/** The short form of {@code bench/crash-test.sh} for CI: a few SIGKILLs at random moments, nothing lost. */
class CrashIT {

    @Test
    void killedAtRandomMomentsSheLosesNothing() throws Exception {
        int kills = Integer.getInteger("crash.kills", 3);
        long seed = Long.getLong("crash.seed", System.nanoTime());
        CrashDriver.Result result = new CrashDriver(Files.createTempDirectory("eternego-crash"), seed, System.out)
                .run(kills);
        System.out.println("CrashIT: seed " + seed + ", " + result.survived() + " of " + result.kills()
                + " SIGKILLs survived with nothing lost; " + result.acknowledged() + " personas acknowledged, "
                + result.messages() + " messages heard, " + result.answers() + " chats answered after a restart");
        assertEquals(java.util.List.of(), result.problems(), "seed " + seed);
        assertEquals(kills, result.survived());
        assertTrue(result.acknowledged() > 0, "no request ever succeeded: the test proved nothing");
        assertTrue(result.messages() > 0, "no message was ever heard: the conversation was not tested");
        assertTrue(result.answers() > 0, "she never answered after a restart");
    }
}
