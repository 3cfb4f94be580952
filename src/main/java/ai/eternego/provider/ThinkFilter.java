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
        if (held.length() == 0 && piece.indexOf('<') < 0) {
            // no tag can begin in it: the piece is said, or thought, whole (so are most pieces)
            return thinking ? "" : piece;
        }
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

    /** The length of the longest end of what is held that begins {@code tag}, without being all of it. */
    private int partialTagAtEnd(String tag) {
        for (int n = Math.min(tag.length() - 1, held.length()); n > 0; n--) {
            if (heldEndsWith(tag, n)) {
                return n;
            }
        }
        return 0;
    }

    private boolean heldEndsWith(String tag, int n) {
        int from = held.length() - n;
        for (int i = 0; i < n; i++) {
            if (held.charAt(from + i) != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
