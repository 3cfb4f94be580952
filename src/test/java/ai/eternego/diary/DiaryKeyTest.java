package ai.eternego.diary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Test;

class DiaryKeyTest {

    private static byte[] jdk(String phrase, String salt, int iterations) throws Exception {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(phrase.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), iterations, 256))
                .getEncoded();
    }

    @Test
    void equalsJdkPbkdf2() throws Exception {
        String phrase = "abandon ".repeat(23) + "art";
        String id = "6a0f3b52-91c4-4d2e-b7a8-5e19c0d4f2a7";
        byte[] expected = jdk(phrase, id, DiaryKey.ITERATIONS);
        DiaryKey k = DiaryKey.derive(phrase, id);
        assertArrayEquals(expected, k.bytes());
        assertArrayEquals(Arrays.copyOfRange(expected, 0, 16), k.signing());
        assertArrayEquals(Arrays.copyOfRange(expected, 16, 32), k.encryption());
        assertEquals(DiaryKey.of(expected), k);
        assertFalse(k.toString().contains("[B"));
    }

    @Test
    void edgeCasesOfTheLoopMatchJdk() throws Exception {
        // few iterations, a password longer than one SHA-256 block, non-ASCII
        String longPhrase = "zoo ".repeat(30) + "café";
        for (int it : new int[] {1, 2, 4097, 10_000}) {
            assertArrayEquals(jdk(longPhrase, "salt", it),
                    DiaryKey.pbkdf2(longPhrase.getBytes(StandardCharsets.UTF_8), "salt".getBytes(StandardCharsets.UTF_8), it), "iterations " + it);
        }
    }
}
