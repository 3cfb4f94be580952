package ai.eternego.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ByteLinesTest {

    @Test
    void linesSplitInsideACharacterAreWhole() {
        byte[] bytes = "data: héllo 🌍\r\ndata: 你好\n\ntail".getBytes(StandardCharsets.UTF_8);
        ByteLines lines = new ByteLines();
        List<String> got = new ArrayList<>();
        for (byte b : bytes) {
            got.addAll(lines.feed(new byte[] { b }));
        }
        assertEquals(List.of("data: héllo 🌍", "data: 你好", ""), got);
        assertEquals("tail", lines.rest());
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
}
