package ai.eternego.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Long replies are cut at paragraphs, then sentences, then words, in order, each part within the limit. */
class TextPartsTest {

    @Test
    void shortTextIsOnePart() {
        assertEquals(List.of("Hello."), TextParts.split("  Hello.  ", 20));
        assertEquals(List.of(), TextParts.split("   ", 20));
    }

    @Test
    void cutsAtAParagraphFirst() {
        assertEquals(List.of("One. Two.", "Three four five."), TextParts.split("One. Two.\n\nThree four five.", 20));
    }

    @Test
    void thenAtASentence() {
        assertEquals(List.of("One two three.", "Four five six."), TextParts.split("One two three. Four five six.", 20));
    }

    @Test
    void thenBetweenWords() {
        assertEquals(List.of("alpha beta gamma", "delta epsilon"), TextParts.split("alpha beta gamma delta epsilon", 18));
    }

    @Test
    void anEndlessWordIsCutAtTheLimitButNeverInsideASurrogatePair() {
        String word = "a".repeat(9) + "😀" + "b".repeat(10);
        List<String> parts = TextParts.split(word, 10);
        assertEquals(String.join("", parts), word);
        parts.forEach(part -> {
            assertTrue(part.length() <= 10);
            assertTrue(!Character.isHighSurrogate(part.charAt(part.length() - 1)), "a pair is kept whole");
        });
    }

    @Test
    void nineThousandCharactersStayInOrderUnderTheLimit() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 9000; i++) {
            text.append("Sentence ").append(i).append(" says a little more. ");
        }
        List<String> parts = TextParts.split(text.toString(), 4096);
        assertEquals(3, parts.size());
        parts.forEach(part -> assertTrue(part.length() <= 4096 && part.endsWith("more.")));
        assertEquals(text.toString().strip(), String.join(" ", parts));
    }
}
