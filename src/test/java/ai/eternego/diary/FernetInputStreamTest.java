package ai.eternego.diary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** A Fernet stream that failed stays failed: no later read may look like the end of a whole plaintext. */
class FernetInputStreamTest {

    private static final DiaryKey KEY = DiaryKey.of(filled(7));

    @Test
    void aWholeTokenReadsBackItsPlaintext() throws IOException {
        byte[] plain = plaintext();
        try (InputStream in = new FernetInputStream(new ByteArrayInputStream(token(plain)), KEY)) {
            assertArrayEquals(plain, in.readAllBytes());
            assertEquals(-1, in.read());
        }
    }

    @Test
    void afterAnHmacMismatchEveryReadFailsAgain() throws IOException {
        byte[] token = token(plaintext());
        // flip one character of the tag (the last 43 base64url characters carry it)
        int at = token.length - 10;
        token[at] = (byte) (token[at] == 'A' ? 'B' : 'A');
        assertFailsForGood(new FernetInputStream(new ByteArrayInputStream(token), KEY));
    }

    @Test
    void afterATruncationEveryReadFailsAgain() throws IOException {
        byte[] token = token(plaintext());
        byte[] cut = Arrays.copyOf(token, token.length - 100);
        assertFailsForGood(new FernetInputStream(new ByteArrayInputStream(cut), KEY));
    }

    private static void assertFailsForGood(FernetInputStream in) {
        byte[] buf = new byte[8192];
        assertThrows(InvalidTokenException.class, () -> {
            while (in.read(buf, 0, buf.length) >= 0) {
                // read until the token's end is judged
            }
        });
        assertThrows(InvalidTokenException.class, () -> in.read(buf, 0, buf.length));
        assertThrows(InvalidTokenException.class, in::read);
        assertThrows(InvalidTokenException.class, in::readAllBytes);
        assertEquals(0, in.available());
    }

    private static byte[] token(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FernetOutputStream fernet = new FernetOutputStream(out, KEY);
        fernet.write(plain);
        fernet.finish();
        return out.toByteArray();
    }

    private static byte[] plaintext() {
        byte[] plain = new byte[200_000];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i * 31 + 7);
        }
        return plain;
    }

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }
}
