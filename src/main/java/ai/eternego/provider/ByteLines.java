package ai.eternego.provider;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into lines as its chunks arrive. Bytes are kept until a newline ends the line,
 * and only then decoded: a newline byte never occurs inside a UTF-8 character, so a chunk that ends
 * in the middle of a line or of a character loses nothing. A line whole in one chunk is decoded from
 * the chunk, not copied aside first.
 */
final class ByteLines {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Hands {@code each} the lines that {@code chunk} completes, in order, without their line ends. */
    void feed(byte[] chunk, Consumer<String> each) {
        int from = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                if (pending.size() == 0) {
                    each.accept(line(chunk, from, i));
                } else {
                    pending.write(chunk, from, i - from);
                    each.accept(take());
                }
                from = i + 1;
            }
        }
        pending.write(chunk, from, chunk.length - from);
    }

    /** The last line when the stream ended without a newline, or {@code null}. */
    String rest() {
        return pending.size() == 0 ? null : take();
    }

    private String take() {
        byte[] bytes = pending.toByteArray();
        pending.reset();
        return line(bytes, 0, bytes.length);
    }

    private static String line(byte[] bytes, int from, int to) {
        int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }
}
