package ai.eternego.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a long reply into ordered parts a platform accepts: at a paragraph break when one falls in the part,
 * else at the end of a sentence, else between words, else (one endless word) at the limit, never inside a
 * surrogate pair. Only the whitespace at a cut is dropped. Every platform cuts with it (Telegram at 4096
 * characters, Discord at 2000).
 */
public final class TextParts {

    private TextParts() {
    }

    /** The parts of {@code text}, in order, none longer than {@code max} (at least 2); none when it is blank. */
    public static List<String> split(String text, int max) {
        if (max < 2) {
            throw new IllegalArgumentException("a part holds at least two characters");
        }
        List<String> parts = new ArrayList<>();
        String rest = text == null ? "" : text.strip();
        while (rest.length() > max) {
            int cut = cut(rest, max);
            String part = rest.substring(0, cut).stripTrailing();
            if (!part.isEmpty()) {
                parts.add(part);
            }
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    private static int cut(String text, int max) {
        String window = text.substring(0, max + 1);
        int paragraph = window.lastIndexOf("\n\n");
        if (paragraph > 0) {
            return paragraph;
        }
        int sentence = -1;
        for (int i = max; i > 0; i--) {
            char c = window.charAt(i - 1);
            if ((c == '.' || c == '!' || c == '?' || c == '\n') && Character.isWhitespace(window.charAt(i))) {
                sentence = i;
                break;
            }
        }
        if (sentence > 0) {
            return sentence;
        }
        for (int i = max; i > 0; i--) {
            if (Character.isWhitespace(window.charAt(i))) {
                return i;
            }
        }
        return Character.isLowSurrogate(text.charAt(max)) ? max - 1 : max;
    }
}
