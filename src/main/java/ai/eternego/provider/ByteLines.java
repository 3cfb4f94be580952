package ai.eternego.provider;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream into lines as its chunks arrive. Bytes are kept until a newline ends the line,
 * and only then decoded: a newline byte never occurs inside a UTF-8 character, so a chunk that ends
 * in the middle of a line or of a character loses nothing.
 */
final class ByteLines {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** The lines that {@code chunk} completes, without their line ends. */
    List<String> feed(byte[] chunk) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                pending.write(chunk, from, i - from);
                lines.add(take());
                from = i + 1;
            }
        }
        pending.write(chunk, from, chunk.length - from);
        return lines;
    }

    /** The last line when the stream ended without a newline, or {@code null}. */
    String rest() {
        return pending.size() == 0 ? null : take();
    }

    private String take() {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
