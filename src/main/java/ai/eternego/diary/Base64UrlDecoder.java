package ai.eternego.diary;

import java.io.IOException;
import java.io.InputStream;

/**
 * Streaming base64url decoder for a Fernet token: the URL-safe alphabet with {@code =} padding, the
 * length a multiple of four, then nothing but whitespace (space, tab, CR, LF). Anything else is an
 * {@link InvalidTokenException}.
 */
final class Base64UrlDecoder {

    private static final int PAD = -2;
    private static final int SPACE = -3;
    private static final int[] TABLE = new int[256];

    static {
        java.util.Arrays.fill(TABLE, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < 64; i++) {
            TABLE[alphabet.charAt(i)] = i;
        }
        TABLE['='] = PAD;
        TABLE[' '] = SPACE;
        TABLE['\t'] = SPACE;
        TABLE['\r'] = SPACE;
        TABLE['\n'] = SPACE;
    }

    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private boolean eof;
    private int bits;
    private int count;
    private int padsExpected;
    private boolean done;

    Base64UrlDecoder(InputStream in) {
        this.in = in;
    }

    /** Decodes into {@code out}; returns the number of bytes (0 &lt; n ≤ len) or -1 at the end. {@code len ≥ 3}. */
    int read(byte[] out, int off, int len) throws IOException {
        if (len < 3) {
            throw new IllegalArgumentException("len < 3");
        }
        int o = off;
        int end = off + len;
        final int[] t = TABLE;
        while (end - o >= 3) {
            if (pos == lim && !fill()) {
                break;
            }
            // fast path: whole quads of alphabet characters
            if (count == 0 && !done) {
                int p = pos;
                int l = lim - 3;
                while (p < l && end - o >= 3) {
                    int a = t[buf[p] & 0xff];
                    int b = t[buf[p + 1] & 0xff];
                    int c = t[buf[p + 2] & 0xff];
                    int d = t[buf[p + 3] & 0xff];
                    if ((a | b | c | d) < 0) {
                        break;
                    }
                    int v = a << 18 | b << 12 | c << 6 | d;
                    out[o] = (byte) (v >>> 16);
                    out[o + 1] = (byte) (v >>> 8);
                    out[o + 2] = (byte) v;
                    o += 3;
                    p += 4;
                }
                pos = p;
                if (end - o < 3 || pos == lim) {
                    continue;
                }
            }
            int v = t[buf[pos++] & 0xff];
            if (v >= 0) {
                if (done || padsExpected != 0) {
                    throw bad();
                }
                bits = bits << 6 | v;
                if (++count == 4) {
                    out[o++] = (byte) (bits >>> 16);
                    out[o++] = (byte) (bits >>> 8);
                    out[o++] = (byte) bits;
                    bits = 0;
                    count = 0;
                }
            } else if (v == PAD) {
                if (padsExpected > 0) {
                    padsExpected = 0;
                    out[o++] = (byte) (bits >>> 4);
                    bits = 0;
                    count = 0;
                    done = true;
                } else if (done) {
                    throw bad();
                } else if (count == 3) {
                    out[o++] = (byte) (bits >>> 10);
                    out[o++] = (byte) (bits >>> 2);
                    bits = 0;
                    count = 0;
                    done = true;
                } else if (count == 2) {
                    padsExpected = 1;
                } else {
                    throw bad();
                }
            } else if (v == SPACE) {
                if (count != 0 || padsExpected != 0) {
                    throw bad();
                }
                done = true;
            } else {
                throw bad();
            }
        }
        if (o == off && pos == lim && eof) {
            if (count != 0 || padsExpected != 0) {
                throw bad();
            }
            return -1;
        }
        return o - off;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            eof = true;
            pos = lim = 0;
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    private static InvalidTokenException bad() {
        return new InvalidTokenException("not base64url");
    }
}
