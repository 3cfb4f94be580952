package ai.eternego.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.record.ConversationLine;

/**
 * Her conversation file as every turn reads it: what was written is read back, by this service and by the
 * next one (read from the disk); a file changed by another hand is read again; a torn last line (a crash in
 * the middle of an append) costs no line written after it.
 */
class ConversationLogTest {

    static final String ID = "6f1c2f4e-8d1b-4c57-9b0a-3c2d1e0f9a8b";
    static final ConversationLine.Channel WEB = new ConversationLine.Channel("web", "web");

    @TempDir
    Path root;

    HomeLayout layout;
    ConversationLog log;
    Path file;

    @BeforeEach
    void home() throws IOException {
        layout = new HomeLayout(root);
        Files.createDirectories(layout.homeDir(ID));
        log = newLog();
        file = layout.homeDir(ID).resolve(ConversationLog.FILE);
    }

    private ConversationLog newLog() {
        return new ConversationLog(layout, new PersonaLocks(), new ObjectMapper());
    }

    private static ConversationLine line(String role, String content) {
        return new ConversationLine(role, content, WEB, "2026-11-29T10:00:00.000000+00:00");
    }

    private static List<String> contents(List<ConversationLine> lines) {
        return lines.stream().map(ConversationLine::content).toList();
    }

    @Test
    void whatIsWrittenIsReadBackHereAndAfterARestartInOrder() {
        log.append(ID, line(ConversationLine.PERSON, "hello"));
        assertEquals(List.of("hello"), contents(log.read(ID)));
        log.write(ID, line(ConversationLine.PERSONA, "hello, my friend — été"));
        log.append(ID, line(ConversationLine.PERSON, "how are you?"));
        List<String> expected = List.of("hello", "hello, my friend — été", "how are you?");
        assertEquals(expected, contents(log.read(ID)));
        assertEquals(log.read(ID), newLog().read(ID));
        assertEquals(expected, contents(newLog().read(ID)));
    }

    @Test
    void readingTwiceWithNoChangeGivesTheSameLinesAndNoOneCanChangeThem() {
        log.append(ID, line(ConversationLine.PERSON, "hello"));
        List<ConversationLine> first = log.read(ID);
        assertSame(first, log.read(ID));
        assertThrows(UnsupportedOperationException.class, () -> first.add(line(ConversationLine.PERSON, "forged")));
    }

    @Test
    void aFileChangedByAnotherHandIsReadAgain() throws IOException {
        log.append(ID, line(ConversationLine.PERSON, "hello"));
        assertEquals(List.of("hello"), contents(log.read(ID)));
        Files.writeString(file, "{\"role\":\"person\",\"content\":\"added by hand\",\"channel\":null,"
                + "\"time\":\"2026-11-29T10:01:00+00:00\"}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(List.of("hello", "added by hand"), contents(log.read(ID)));
        Files.writeString(file, "{\"role\":\"person\",\"content\":\"a diary restored\",\"channel\":null,"
                + "\"time\":\"2026-11-29T10:02:00+00:00\"}\n", StandardCharsets.UTF_8);
        assertEquals(List.of("a diary restored"), contents(log.read(ID)));
        log.append(ID, line(ConversationLine.PERSONA, "I remember"));
        assertEquals(List.of("a diary restored", "I remember"), contents(log.read(ID)));
        Files.delete(file);
        assertEquals(List.of(), log.read(ID));
    }

    @Test
    void aLineWrittenAfterATornLastLineIsKeptWholeOnItsOwnLine() throws IOException {
        log.append(ID, line(ConversationLine.PERSON, "before the crash"));
        assertEquals(1, log.read(ID).size());
        Files.writeString(file, "{\"role\":\"persona\",\"content\":\"cut in the mid", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertEquals(List.of("before the crash"), contents(log.read(ID)));
        log.append(ID, line(ConversationLine.PERSON, "after the crash"));
        List<String> expected = List.of("before the crash", "after the crash");
        assertEquals(expected, contents(log.read(ID)));
        assertEquals(expected, contents(newLog().read(ID)));
        ConversationLog restarted = newLog();
        Files.writeString(file, "{\"role\":\"persona\",\"content\":\"torn again", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        restarted.append(ID, line(ConversationLine.PERSONA, "still here"));
        assertEquals(List.of("before the crash", "after the crash", "still here"), contents(restarted.read(ID)));
        assertTrue(Files.readString(file, StandardCharsets.UTF_8).endsWith("\n"));
    }

    @Test
    void pastItsBoundTheConversationReadLeastRecentlyIsForgottenAndReadAgainWhole() throws IOException {
        String other = "0b6a1d7e-2f3c-4e5d-8a9b-1c2d3e4f5a6b";
        Files.createDirectories(layout.homeDir(other));
        log.append(ID, line(ConversationLine.PERSON, "hers"));
        log.append(other, line(ConversationLine.PERSON, "the other's"));
        long one = Files.size(file);
        ConversationLog small = new ConversationLog(layout, new PersonaLocks(), new ObjectMapper(), one + one / 2);

        List<ConversationLine> hers = small.read(ID);
        assertSame(hers, small.read(ID), "remembered while within the bound");
        List<ConversationLine> theOthers = small.read(other);
        assertSame(theOthers, small.read(other));
        List<ConversationLine> again = small.read(ID);
        assertNotSame(hers, again, "the least recently read was forgotten, and read again");
        assertEquals(hers, again);
        assertNotSame(theOthers, small.read(other));
        assertEquals(List.of("the other's"), contents(small.read(other)));
    }

    @Test
    void herSleepAfterATornLineOfHerHistoryStartsLinesOfItsOwn() throws IOException {
        Path history = layout.homeDir(ID).resolve(ConversationLog.HISTORY);
        Files.createDirectories(history);
        Path day = history.resolve("conversation-2026-11-29.md");
        Path briefing = history.resolve(ConversationLog.BRIEFING);
        Files.writeString(day, "[2026-11-29T09:00:00+00:00] person: cut in the mid", StandardCharsets.UTF_8);
        Files.writeString(briefing, "- 2026-11-29T09:00:00.000000+00:00: conversation-2026-1", StandardCharsets.UTF_8);
        log.append(ID, line(ConversationLine.PERSON, "good night"));

        log.keepDay(ID, ZonedDateTime.parse("2026-11-29T23:00:00Z"));

        assertEquals(List.of("[2026-11-29T09:00:00+00:00] person: cut in the mid",
                "[2026-11-29T10:00:00.000000+00:00] person: good night"), Files.readAllLines(day, StandardCharsets.UTF_8));
        assertEquals(List.of("- 2026-11-29T09:00:00.000000+00:00: conversation-2026-1",
                "- 2026-11-29T23:00:00.000000+00:00: conversation-2026-11-29.md"),
                Files.readAllLines(briefing, StandardCharsets.UTF_8));
    }

    @Test
    void herSleepEmptiesWhatIsRead() {
        log.append(ID, line(ConversationLine.PERSON, "good night"));
        assertEquals(1, log.read(ID).size());
        assertEquals("conversation-2026-11-29.md", log.keepDay(ID, ZonedDateTime.parse("2026-11-29T23:00:00Z")));
        assertEquals(List.of(), log.read(ID));
        log.append(ID, line(ConversationLine.PERSON, "good morning"));
        assertEquals(List.of("good morning"), contents(log.read(ID)));
    }
}
