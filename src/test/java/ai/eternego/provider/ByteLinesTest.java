package ai.eternego.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class ByteLinesTest {

    @Test
    void linesSplitInsideACharacterAreWhole() {
        byte[] bytes = "data: héllo 🌍\r\ndata: 你好\n\ntail".getBytes(StandardCharsets.UTF_8);
        ByteLines lines = new ByteLines();
        List<String> got = new ArrayList<>();
        for (byte b : bytes) {
            lines.feed(new byte[] { b }, got::add);
        }
        assertEquals(List.of("data: héllo 🌍", "data: 你好", ""), got);
        assertEquals("tail", lines.rest());
        assertNull(lines.rest());
    }

    @Test
    void linesWholeInAChunkAndLinesAcrossChunksComeInOrder() {
        String head = "event: a\r\ndata: {\"t\":\"é\"}\n\nda";
        String text = head + "ta: 你好\r\nlast\n\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int cjk = (head + "ta: ").getBytes(StandardCharsets.UTF_8).length;
        // whole lines then a line begun; a character cut in two; a line end cut between \r and \n
        int[] cuts = { 0, head.getBytes(StandardCharsets.UTF_8).length, cjk + 1, cjk + 7, bytes.length - 2, bytes.length };
        ByteLines lines = new ByteLines();
        List<String> got = new ArrayList<>();
        for (int i = 1; i < cuts.length; i++) {
            lines.feed(Arrays.copyOfRange(bytes, cuts[i - 1], cuts[i]), got::add);
        }
        assertEquals(List.of("event: a", "data: {\"t\":\"é\"}", "", "data: 你好", "last", ""), got);
        assertNull(lines.rest());
    }

    @Test
    void thoughtsAreLeftOutEvenWhenTheirTagsAreSplit() {
        ThinkFilter filter = new ThinkFilter();
        StringBuilder said = new StringBuilder();
        for (String piece : List.of("Hi <th", "ink>secret</thi", "nk> there <", "b>", " <think>never closed")) {
            said.append(filter.accept(piece));
        }
        said.append(filter.finish());
        assertEquals("Hi  there <b> ", said.toString());
    }

    @Test
    void piecesWithNoTagAreSaidOrThoughtWhole() {
        ThinkFilter filter = new ThinkFilter();
        StringBuilder said = new StringBuilder();
        for (String piece : List.of("Hello", " you", "<think>", "a plan", " in mind", "</think>", " and", " words <3")) {
            said.append(filter.accept(piece));
        }
        said.append(filter.finish());
        assertEquals("Hello you and words <3", said.toString());
    }
}
