package ai.eternego.provider;

/**
 * Removes {@code <think>…</think>} from streamed text: what she thinks is not what she says. Tags may be
 * split across pieces, so a tail that could begin a tag is held back until the next piece tells.
 */
final class ThinkFilter {

    private static final String OPEN = "<think>";
    private static final String CLOSE = "</think>";

    private final StringBuilder held = new StringBuilder();
    private boolean thinking;

    /** The part of {@code piece} (with what was held) that she says; may be empty. */
    String accept(String piece) {
        held.append(piece);
        StringBuilder said = new StringBuilder();
        while (true) {
            String tag = thinking ? CLOSE : OPEN;
            int at = held.indexOf(tag);
            if (at >= 0) {
                if (!thinking) {
                    said.append(held, 0, at);
                }
                held.delete(0, at + tag.length());
                thinking = !thinking;
                continue;
            }
            int keep = partialTagAtEnd(tag);
            if (!thinking) {
                said.append(held, 0, held.length() - keep);
            }
            held.delete(0, held.length() - keep);
            return said.toString();
        }
    }

    /** What was held back when the answer ends: said, unless it is inside a thought. */
    String finish() {
        String rest = thinking ? "" : held.toString();
        held.setLength(0);
        return rest;
    }

    private int partialTagAtEnd(String tag) {
        for (int n = Math.min(tag.length() - 1, held.length()); n > 0; n--) {
            if (held.substring(held.length() - n).equals(tag.substring(0, n))) {
                return n;
            }
        }
        return 0;
    }
}
