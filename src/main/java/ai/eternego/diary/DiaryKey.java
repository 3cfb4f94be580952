package ai.eternego.diary;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The key of a diary: PBKDF2-HMAC-SHA256(password = phrase as UTF-8, salt = persona id as UTF-8,
 * 480 000 iterations, 32 bytes). Bytes 0–15 sign (HMAC-SHA256), bytes 16–31 encrypt (AES-128-CBC),
 * exactly as upstream's Fernet key.
 *
 * <p>Derivation is a hand-written PBKDF2 that computes the HMAC inner and outer pad states once and
 * clones them every iteration, so each iteration costs two SHA-256 compressions, which run on the
 * JDK's SHA intrinsics (SHA-NI where present). Measured on the build machine against the JDK's
 * {@code PBKDF2WithHmacSHA256} (four compressions per iteration) and BouncyCastle's
 * {@code PKCS5S2ParametersGenerator} (no intrinsics): this is the fastest of the three. Warm it takes
 * about half the time of Python {@code cryptography}/OpenSSL (0.12 s vs 0.27 s on the build machine);
 * the very first call in a fresh JVM is slower (0.8 s) because the intrinsics arrive with the C2
 * compiler; see {@code bench/diary-bench.sh}.
 *
 * <p>The arrays are copied in and out; {@link #toString()} never shows them.
 */
public record DiaryKey(byte[] signing, byte[] encryption) {

    public static final int ITERATIONS = 480_000;

    public DiaryKey {
        if (signing == null || signing.length != 16 || encryption == null || encryption.length != 16) {
            throw new IllegalArgumentException("a diary key is two 16-byte halves");
        }
        signing = signing.clone();
        encryption = encryption.clone();
    }

    /** The key of {@code personaId}'s diary under {@code phrase}, used byte for byte as given. */
    public static DiaryKey derive(String phrase, String personaId) {
        return of(pbkdf2(phrase.getBytes(StandardCharsets.UTF_8), personaId.getBytes(StandardCharsets.UTF_8), ITERATIONS));
    }

    /** A key from its 32-byte form (signing half first). */
    public static DiaryKey of(byte[] key32) {
        if (key32 == null || key32.length != 32) {
            throw new IllegalArgumentException("a diary key is 32 bytes");
        }
        return new DiaryKey(Arrays.copyOfRange(key32, 0, 16), Arrays.copyOfRange(key32, 16, 32));
    }

    @Override
    public byte[] signing() {
        return signing.clone();
    }

    @Override
    public byte[] encryption() {
        return encryption.clone();
    }

    /** The 32-byte form: signing half, then encryption half (what upstream base64-encodes as its Fernet key). */
    public byte[] bytes() {
        byte[] out = new byte[32];
        System.arraycopy(signing, 0, out, 0, 16);
        System.arraycopy(encryption, 0, out, 16, 16);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiaryKey k && MessageDigest.isEqual(signing, k.signing) && MessageDigest.isEqual(encryption, k.encryption);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signing) * 31 + Arrays.hashCode(encryption);
    }

    @Override
    public String toString() {
        return "DiaryKey[redacted]";
    }

    /** PBKDF2-HMAC-SHA256 with a 32-byte output (a single block). */
    static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) {
        try {
            MessageDigest probe = MessageDigest.getInstance("SHA-256");
            byte[] key = password.length > 64 ? probe.digest(password) : password;
            byte[] ipad = new byte[64];
            byte[] opad = new byte[64];
            for (int i = 0; i < 64; i++) {
                byte k = i < key.length ? key[i] : 0;
                ipad[i] = (byte) (k ^ 0x36);
                opad[i] = (byte) (k ^ 0x5c);
            }
            MessageDigest inner = MessageDigest.getInstance("SHA-256");
            inner.update(ipad);
            MessageDigest outer = MessageDigest.getInstance("SHA-256");
            outer.update(opad);
            Arrays.fill(ipad, (byte) 0);
            Arrays.fill(opad, (byte) 0);

            byte[] u = new byte[32];
            MessageDigest a = (MessageDigest) inner.clone();
            a.update(salt);
            a.update(new byte[] {0, 0, 0, 1});
            a.digest(u, 0, 32);
            MessageDigest b = (MessageDigest) outer.clone();
            b.update(u, 0, 32);
            b.digest(u, 0, 32);
            byte[] t = u.clone();
            int left = iterations - 1;
            while (left > 0) {
                int n = Math.min(left, 4096);
                rounds(inner, outer, u, t, n);
                left -= n;
            }
            Arrays.fill(u, (byte) 0);
            return t;
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A separate method so that the JIT compiles it as a whole (not only on-stack replacement). */
    private static void rounds(MessageDigest inner, MessageDigest outer, byte[] u, byte[] t, int n)
            throws CloneNotSupportedException, DigestException {
        for (int i = 0; i < n; i++) {
            MessageDigest a = (MessageDigest) inner.clone();
            a.update(u, 0, 32);
            a.digest(u, 0, 32);
            MessageDigest b = (MessageDigest) outer.clone();
            b.update(u, 0, 32);
            b.digest(u, 0, 32);
            for (int j = 0; j < 32; j++) {
                t[j] ^= u[j];
            }
        }
    }
}
