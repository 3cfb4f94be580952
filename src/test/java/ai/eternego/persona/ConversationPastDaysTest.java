package ai.eternego.persona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The briefing of her past days in her prompt: newest day first, within its share of her context. */
class ConversationPastDaysTest {

    static final String DAY1 = "[2026-05-01T10:00:00+02:00] person: the first day\n[2026-05-01T10:00:05+02:00] persona: hello";
    static final String DAY2 = "[2026-05-02T09:00:00+02:00] person: the second day\n[2026-05-02T09:00:03+02:00] persona: again";
    static final String DAY3 = "[2026-05-03T08:00:00+02:00] person: an older line of the third day\n"
            + "[2026-05-03T08:00:04+02:00] persona: the newest line of the third day";

    @TempDir
    Path home;

    private void write(String name, String text) throws Exception {
        Files.createDirectories(home.resolve("history"));
        Files.writeString(home.resolve("history").resolve(name), text, StandardCharsets.UTF_8);
    }

    private String past(long budget) {
        StringBuilder system = new StringBuilder("You are Iris.");
        Conversation.pastDays(home, budget, system);
        return system.toString();
    }

    @Test
    void theDaysOfHerBriefingComeNewestFirst() throws Exception {
        write("conversation-2026-05-01.md", DAY1);
        write("conversation-2026-05-02.md", DAY2);
        write("briefing.md", "- 2026-05-01T23:59:00.000000+02:00: conversation-2026-05-01.md\n"
                + "- 2026-05-02T23:59:00.000000+02:00: conversation-2026-05-02.md\n"
                + "- 2026-05-02T23:59:30.000000+02:00: conversation-2026-05-02.md\n"
                + "- 2026-05-03T00:00:00.000000+02:00: ../../config.json\n");

        String system = past(10_000);

        assertTrue(system.startsWith("You are Iris.\n\n## Your past days"), system);
        assertTrue(system.indexOf("### 2026-05-02\n" + DAY2) < system.indexOf("### 2026-05-01\n" + DAY1), system);
        assertEquals(1, system.split("### 2026-05-02", -1).length - 1, "a day slept twice is told once");
        assertFalse(system.contains("config"), "only day files of her history are read");
    }

    @Test
    void aDayFileTheBriefingLacksIsStillHerPast() throws Exception {
        write("conversation-2026-05-01.md", DAY1);

        assertTrue(past(10_000).contains(DAY1));
    }

    @Test
    void olderDaysGiveWayToTheBudgetAndTheDayThatDoesNotFitKeepsItsNewestLines() throws Exception {
        write("conversation-2026-05-01.md", DAY1);
        write("conversation-2026-05-02.md", DAY2);
        write("conversation-2026-05-03.md", DAY3);
        long budget = ("\n\n### 2026-05-03\n" + DAY3).length() + ("\n\n### 2026-05-02\n").length() + 45;

        String system = past(budget);

        assertTrue(system.contains(DAY3), system);
        assertTrue(system.contains("### 2026-05-02\n[2026-05-02T09:00:03+02:00] persona: again"), system);
        assertFalse(system.contains("the second day"), "the older line of a day that does not fit is left out");
        assertFalse(system.contains("2026-05-01"), "older days are left out");
        String past = system.substring(system.indexOf("\n\n### "));
        assertTrue(past.length() <= budget, past.length() + " > " + budget);
    }

    @Test
    void noHistoryNoPast() {
        assertEquals("You are Iris.", past(10_000));
    }
}
