package ai.eternego.diary;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads one Fernet token (base64url text, trailing whitespace tolerated) and yields its plaintext,
 * streaming, in constant memory. No TTL and no clock-skew check: any timestamp is accepted.
 *
 * <p>The HMAC can only be checked at the end of the token, so the plaintext this stream yields is
 * <em>unauthenticated</em> until it reports end of stream; the end of stream itself throws an
 * {@link InvalidTokenException} when the HMAC or the padding is wrong. Callers that must not touch a
 * single unauthenticated byte run {@link #verify(InputStream, DiaryKey)} over the whole token first.
 *
 * <p>A stream that failed stays failed, as authenticated streams do: every read after the first
 * failure (a wrong HMAC, a truncated or malformed token, a read error) throws again, so no caller can
 * mistake what came before the failure for a whole plaintext.
 */
public final class FernetInputStream extends InputStream {

    /** Version byte, timestamp, IV. */
    static final int HEADER = 25;
    static final int TAG = 32;

    private final Base64UrlDecoder decoder;
    private final Mac mac;
    private final Cipher cipher; // null when only verifying
    private final byte[] raw = new byte[64 * 1024 + TAG];
    private int held; // undecided bytes at the front of raw (the possible tag)
    private byte[] out = new byte[64 * 1024 + 32];
    private int outPos;
    private int outLim;
    private long total;
    private boolean ended;
    private IOException failure;

    public FernetInputStream(InputStream token, DiaryKey key) throws IOException {
        this(token, key, true);
    }

    private FernetInputStream(InputStream token, DiaryKey key, boolean decrypt) throws IOException {
        this.decoder = new Base64UrlDecoder(token);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.signing(), "HmacSHA256"));
            cipher = decrypt ? Cipher.getInstance("AES/CBC/PKCS5Padding") : null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC or HMAC-SHA256 is not available", e);
        }
        // header + at least one tag's worth
        int have = 0;
        while (have < HEADER + TAG) {
            int n = decoder.read(raw, have, raw.length - have);
            if (n < 0) {
                throw new InvalidTokenException("too short");
            }
            have += n;
        }
        if ((raw[0] & 0xff) != 0x80) {
            throw new InvalidTokenException("not a Fernet token");
        }
        mac.update(raw, 0, HEADER);
        if (cipher != null) {
            try {
                cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.encryption(), "AES"),
                        new IvParameterSpec(raw, 9, 16));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        total = have;
        System.arraycopy(raw, HEADER, raw, 0, have - HEADER);
        held = have - HEADER;
    }

    /**
     * One pass over the whole token: true when it is a well-formed Fernet token whose HMAC this key
     * produces (constant-time comparison), false otherwise. Nothing is decrypted.
     */
    public static boolean verify(InputStream token, DiaryKey key) throws IOException {
        try {
            FernetInputStream f = new FernetInputStream(token, key, false);
            while (f.advance()) {
                // the HMAC is computed as the bytes go by
            }
            return true;
        } catch (InvalidTokenException e) {
            return false;
        }
    }

    /** Decodes the next chunk; returns false at the end of the token, after checking it. */
    private boolean advance() throws IOException {
        if (ended) {
            return false;
        }
        int n = held > TAG ? 0 : decoder.read(raw, held, raw.length - held);
        if (n < 0) {
            finishToken();
            return false;
        }
        total += n;
        int avail = held + n;
        int body = avail - TAG;
        if (body > 0) {
            consume(raw, 0, body);
            System.arraycopy(raw, body, raw, 0, TAG);
            held = TAG;
        } else {
            held = avail;
        }
        return true;
    }

    private void consume(byte[] b, int off, int len) throws IOException {
        mac.update(b, off, len);
        if (cipher != null) {
            int need = cipher.getOutputSize(len);
            if (need > out.length) {
                out = new byte[need];
            }
            try {
                outLim = cipher.update(b, off, len, out, 0);
            } catch (GeneralSecurityException e) {
                throw new InvalidTokenException("cannot decrypt");
            }
            outPos = 0;
        }
    }

    private void finishToken() throws IOException {
        ended = true;
        // held == TAG here, because the constructor read at least HEADER + TAG bytes
        long ciphertext = total - HEADER - TAG;
        if (ciphertext < 16 || ciphertext % 16 != 0) {
            throw new InvalidTokenException("ciphertext is not block-aligned");
        }
        byte[] expected = mac.doFinal();
        byte[] tag = java.util.Arrays.copyOf(raw, TAG);
        if (!MessageDigest.isEqual(expected, tag)) {
            throw new InvalidTokenException("HMAC mismatch");
        }
        if (cipher != null) {
            try {
                outLim = cipher.doFinal(out, 0);
                outPos = 0;
            } catch (GeneralSecurityException e) {
                throw new InvalidTokenException("bad padding");
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (cipher == null) {
            throw new IllegalStateException("verify-only stream");
        }
        if (len == 0) {
            return 0;
        }
        if (failure != null) {
            throw failedAgain();
        }
        while (outPos == outLim) {
            if (!step()) {
                if (outPos == outLim) {
                    return -1;
                }
            }
        }
        int n = Math.min(len, outLim - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    /** {@link #advance()}, remembering a failure so that every later read fails too. */
    private boolean step() throws IOException {
        try {
            return advance();
        } catch (IOException e) {
            failure = e;
            outPos = outLim;
            throw e;
        }
    }

    private IOException failedAgain() {
        return new InvalidTokenException("the token already failed (" + failure.getMessage() + ")");
    }

    @Override
    public int available() {
        return failure != null ? 0 : outLim - outPos;
    }
}
