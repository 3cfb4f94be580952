package ai.eternego.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

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

    @Test
    void aShortReplyIsOnePartAndABlankOrMissingOneNone() {
        assertEquals(List.of("hello"), TextParts.split("  hello \n", 2000));
        assertEquals(List.of(), TextParts.split(" \n\t ", 2000));
        assertEquals(List.of(), TextParts.split(null, 2000));
    }

    @Test
    void aParagraphBreakIsTheFirstChoiceAtDiscordsLimitsToo() {
        String first = "First paragraph. It has two sentences.";
        String second = "Second paragraph, short.";
        assertEquals(List.of(first, second), TextParts.split(first + "\n\n" + second, first.length() + 10));
    }

    @Test
    void thenTheLastSentenceEndWithinThePart() {
        String text = "One sentence here. Another one follows! And a question? Yes";
        assertEquals(List.of("One sentence here. Another one follows!", "And a question? Yes"),
                TextParts.split(text, 45));
    }

    @Test
    void thenASpaceAndLastAHardCutThatKeepsSurrogatePairsWhole() {
        assertEquals(List.of("alpha beta", "gamma"), TextParts.split("alpha beta gamma", 12));
        String emoji = "😀".repeat(5);
        List<String> parts = TextParts.split(emoji, 5);
        assertEquals(emoji, String.join("", parts));
        parts.forEach(part -> assertFalse(Character.isHighSurrogate(part.charAt(part.length() - 1)), part));
        parts.forEach(part -> assertTrue(part.length() <= 5));
    }

    @Property
    void everyPartFitsAndEveryCharacterIsKeptInOrder(@ForAll @StringLength(max = 9000) String text,
            @ForAll @IntRange(min = 2, max = 2000) int limit) {
        List<String> parts = TextParts.split(text, limit);
        parts.forEach(part -> {
            assertTrue(part.length() <= limit, part.length() + " > " + limit);
            assertFalse(part.isBlank());
        });
        assertEquals(visible(text), visible(String.join("", parts)));
    }

    /** The text without its whitespace (as {@link String#strip} sees whitespace): what a cut may drop. */
    private static String visible(String text) {
        StringBuilder kept = new StringBuilder();
        text.codePoints().filter(c -> !Character.isWhitespace(c)).forEach(kept::appendCodePoint);
        return kept.toString();
    }
}
