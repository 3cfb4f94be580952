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

class DiscordTextTest {

    @Test
    void aShortReplyIsOnePartAndABlankOneNone() {
        assertEquals(List.of("hello"), DiscordText.parts("  hello \n", 2000));
        assertEquals(List.of(), DiscordText.parts(" \n\t ", 2000));
        assertEquals(List.of(), DiscordText.parts(null, 2000));
    }

    @Test
    void aParagraphBreakIsTheFirstChoice() {
        String first = "First paragraph. It has two sentences.";
        String second = "Second paragraph, short.";
        assertEquals(List.of(first, second), DiscordText.parts(first + "\n\n" + second, first.length() + 10));
    }

    @Test
    void thenASentenceEnd() {
        String text = "One sentence here. Another one follows! And a question? Yes";
        assertEquals(List.of("One sentence here. Another one follows!", "And a question? Yes"),
                DiscordText.parts(text, 45));
    }

    @Test
    void thenASpaceAndLastAHardCutThatKeepsSurrogatePairsWhole() {
        assertEquals(List.of("alpha beta", "gamma"), DiscordText.parts("alpha beta gamma", 12));
        String emoji = "😀".repeat(5);
        List<String> parts = DiscordText.parts(emoji, 5);
        assertEquals(emoji, String.join("", parts));
        parts.forEach(part -> assertFalse(Character.isHighSurrogate(part.charAt(part.length() - 1)), part));
        parts.forEach(part -> assertTrue(part.length() <= 5));
    }

    @Property
    void everyPartFitsAndEveryCharacterIsKeptInOrder(@ForAll @StringLength(max = 9000) String text,
            @ForAll @IntRange(min = 2, max = 2000) int limit) {
        List<String> parts = DiscordText.parts(text, limit);
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
