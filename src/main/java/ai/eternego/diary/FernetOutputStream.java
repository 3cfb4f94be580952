package ai.eternego.diary;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes one Fernet token, streaming: {@code 0x80 | 8-byte big-endian Unix seconds | 16-byte random IV |
 * AES-128-CBC (PKCS#7) ciphertext | HMAC-SHA256 over everything before}, as base64url with {@code =}
 * padding and no newline. Memory use is constant whatever the length of the plaintext.
 *
 * <p>{@link #finish()} completes the token and leaves the wrapped stream open; {@link #close()} finishes
 * and closes it. A stream that is never finished is not a valid token.
 */
public final class FernetOutputStream extends OutputStream {

    private final OutputStream sink;
    private final OutputStream base64;
    private final Cipher cipher;
    private final Mac mac;
    private final byte[] ct = new byte[64 * 1024 + 32];
    private boolean finished;

    /** A token stamped now, with a random IV. */
    public FernetOutputStream(OutputStream out, DiaryKey key) throws IOException {
        this(out, key, System.currentTimeMillis() / 1000, randomIv());
    }

    /** A token with the given timestamp and IV (tests; never reuse an IV under one key). */
    public FernetOutputStream(OutputStream out, DiaryKey key, long unixSeconds, byte[] iv) throws IOException {
        if (iv == null || iv.length != 16) {
            throw new IllegalArgumentException("the IV is 16 bytes");
        }
        this.sink = out;
        this.base64 = Base64.getUrlEncoder().wrap(new Unclosable(out));
        try {
            cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.encryption(), "AES"), new IvParameterSpec(iv));
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.signing(), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC or HMAC-SHA256 is not available", e);
        }
        byte[] header = new byte[25];
        header[0] = (byte) 0x80;
        for (int i = 0; i < 8; i++) {
            header[1 + i] = (byte) (unixSeconds >>> (56 - 8 * i));
        }
        System.arraycopy(iv, 0, header, 9, 16);
        emit(header, 0, header.length);
    }

    private static byte[] randomIv() {
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        return iv;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("the token is already finished");
        }
        while (len > 0) {
            int n = Math.min(len, 64 * 1024);
            try {
                int produced = cipher.update(b, off, n, ct, 0);
                emit(ct, 0, produced);
            } catch (GeneralSecurityException e) {
                throw new IOException("encryption failed", e);
            }
            off += n;
            len -= n;
        }
    }

    private void emit(byte[] b, int off, int len) throws IOException {
        if (len > 0) {
            mac.update(b, off, len);
            base64.write(b, off, len);
        }
    }

    /** Writes the last block, the HMAC and the base64 padding; the wrapped stream stays open. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            int produced = cipher.doFinal(ct, 0);
            emit(ct, 0, produced);
        } catch (GeneralSecurityException e) {
            throw new IOException("encryption failed", e);
        }
        base64.write(mac.doFinal());
        base64.close();
        sink.flush();
    }

    @Override
    public void flush() throws IOException {
        sink.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            sink.close();
        }
    }

    /** Lets the base64 encoder write its padding on close without closing the sink. */
    private static final class Unclosable extends OutputStream {
        private final OutputStream out;

        Unclosable(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
