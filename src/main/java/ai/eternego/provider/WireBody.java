package ai.eternego.provider;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import ai.eternego.store.AtomicFiles;

/**
 * A request body made of text pieces and files, written to a spill file piece by piece: a file is copied
 * or base64-encoded in 64 KB steps, so a 20 MB document is never held in memory, whole or encoded.
 * {@link #spill} does file work and runs on a worker thread.
 */
final class WireBody {

    private interface Piece {
        void writeTo(OutputStream out) throws IOException;
    }

    private final List<Piece> pieces = new ArrayList<>();

    WireBody text(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        pieces.add(out -> out.write(bytes));
        return this;
    }

    /** The file's bytes as they are (a multipart upload). */
    WireBody file(Path file) {
        pieces.add(out -> Files.copy(file, out));
        return this;
    }

    /** The file's bytes in standard base64, with no line breaks (a JSON inline part). */
    WireBody base64(Path file) {
        pieces.add(out -> {
            OutputStream encoder = Base64.getEncoder().wrap(new Unclosed(out));
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(encoder);
            }
            encoder.close();
        });
        return this;
    }

    /** Writes the whole body to a new file in {@code dir}; the caller deletes it when the call is over. */
    Path spill(Path dir) {
        try {
            AtomicFiles.createDirectories(dir);
            Path spill = Files.createTempFile(dir, "organ-", ".body");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spill), 65536)) {
                for (Piece piece : pieces) {
                    piece.writeTo(out);
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(spill);
                throw e;
            }
            return spill;
        } catch (IOException e) {
            throw new UncheckedIOException("a request body could not be written to disk", e);
        }
    }

    /** Lets the base64 encoder end its padding without closing the body beneath it. */
    private static final class Unclosed extends java.io.FilterOutputStream {
        Unclosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
