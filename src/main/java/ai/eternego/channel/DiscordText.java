package ai.eternego.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a reply into messages a platform accepts: each part at most {@code limit} characters, cut at the
 * last paragraph break, else the last sentence end, else the last space that keeps the part at least half
 * full; a word longer than that is cut where it must be, never inside a surrogate pair. The parts, in order,
 * hold every word of the reply; the whitespace at a cut is dropped.
 */
public final class DiscordText {

    /** Discord's longest message content. */
    public static final int LIMIT = 2000;

    private DiscordText() {
    }

    /** The parts of {@code text}, in order, none longer than {@code limit}; none when it is blank. */
    public static List<String> parts(String text, int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("a part holds at least two characters");
        }
        List<String> parts = new ArrayList<>();
        String rest = text == null ? "" : text.strip();
        while (rest.length() > limit) {
            int cut = cut(rest, limit);
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

    /** Where to end the first part of {@code text}: the best boundary at or before {@code limit}. */
    private static int cut(String text, int limit) {
        int floor = limit / 2;
        int paragraph = text.lastIndexOf("\n\n", limit - 1);
        if (paragraph >= floor) {
            return paragraph;
        }
        int sentence = lastSentenceEnd(text, limit, floor);
        if (sentence > 0) {
            return sentence;
        }
        for (int i = limit; i > floor; i--) {
            if (Character.isWhitespace(text.charAt(i - 1))) {
                return i - 1;
            }
        }
        return Character.isLowSurrogate(text.charAt(limit)) ? limit - 1 : limit;
    }

    /** The index just after the last sentence end (". ", "! ", "? ", "…" or a line break) within the part. */
    private static int lastSentenceEnd(String text, int limit, int floor) {
        for (int i = limit; i > floor; i--) {
            char after = text.charAt(i);
            char end = text.charAt(i - 1);
            if (end == '\n') {
                return i;
            }
            if (Character.isWhitespace(after) && (end == '.' || end == '!' || end == '?' || end == '…')) {
                return i;
            }
        }
        return -1;
    }
}
