package ai.eternego.diary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds hostile and hand-made diaries byte by byte, independently of the production code: raw zips
 * with arbitrary names, Unix modes, lying sizes and methods, and Fernet tokens of arbitrary bytes with
 * a chosen timestamp, plus damage (truncation, flipped bytes, trailing newline).
 *
 * <pre>
 * byte[] zip = HostileDiaries.zip(Entry.file("config.json", json), Entry.symlink("evil", "/etc/passwd"));
 * byte[] token = HostileDiaries.fernet(zip, key, HostileDiaries.NOW);
 * Files.write(dir.resolve(id + ".diary"), token);
 * </pre>
 */
public final class HostileDiaries {

    public static final long NOW = System.currentTimeMillis() / 1000;
    public static final int STORED = 0;
    public static final int DEFLATED = 8;
    public static final int S_IFREG = 0100644;
    public static final int S_IFLNK = 0120777;
    public static final int S_IFDIR = 040755;
    public static final int S_IFIFO = 010644;

    private HostileDiaries() {
    }

    /**
     * One zip entry. {@code declaredSize}/{@code declaredCrc} of -1 mean the true values; {@code unixMode}
     * 0 means "made by MS-DOS, no mode"; {@code centralName} null means the same as {@code name}.
     */
    public record Entry(String name, byte[] data, int method, long declaredSize, long declaredCrc, int unixMode,
                        String centralName) {

        public static Entry file(String name, byte[] data) {
            return new Entry(name, data, DEFLATED, -1, -1, S_IFREG, null);
        }

        public static Entry file(String name, String text) {
            return file(name, text.getBytes(StandardCharsets.UTF_8));
        }

        public static Entry stored(String name, byte[] data) {
            return new Entry(name, data, STORED, -1, -1, S_IFREG, null);
        }

        public static Entry symlink(String name, String target) {
            return new Entry(name, target.getBytes(StandardCharsets.UTF_8), STORED, -1, -1, S_IFLNK, null);
        }

        public static Entry directory(String name) {
            return new Entry(name.endsWith("/") ? name : name + "/", new byte[0], STORED, -1, -1, S_IFDIR, null);
        }

        public Entry declaring(long size) {
            return new Entry(name, data, method, size, declaredCrc, unixMode, centralName);
        }

        public Entry crc(long crc) {
            return new Entry(name, data, method, declaredSize, crc, unixMode, centralName);
        }

        public Entry mode(int mode) {
            return new Entry(name, data, method, declaredSize, declaredCrc, mode, centralName);
        }

        public Entry centralName(String other) {
            return new Entry(name, data, method, declaredSize, declaredCrc, unixMode, other);
        }
    }

    /** A complete zip (local headers, data, central directory, end record) of {@code entries}, in order. */
    public static byte[] zip(Entry... entries) {
        Zip zip = new Zip();
        for (Entry e : entries) {
            CRC32 c = new CRC32();
            c.update(e.data());
            long crc = e.declaredCrc() >= 0 ? e.declaredCrc() : c.getValue();
            byte[] body = e.method() == DEFLATED ? deflate(e.data()) : e.data();
            long size = e.declaredSize() >= 0 ? e.declaredSize() : e.data().length;
            long csize = e.method() == STORED && e.declaredSize() >= 0 ? e.declaredSize() : body.length;
            zip.add(e.name(), e.centralName() == null ? e.name() : e.centralName(), e.method(), crc, size, csize, e.unixMode(),
                    out -> out.writeBytes(body));
        }
        return zip.finish();
    }

    /**
     * A zip bomb: {@code first}, then one DEFLATE entry per name, each honestly declaring {@code size}
     * zero bytes (true CRC, below 4 GiB so no Zip64) in about a thousandth of that. Its data is one
     * sync-flushed DEFLATE chunk of 1 MiB of zeros repeated (valid: after the first, every chunk copies
     * from zeros), closed by an empty final block, so a bomb of gigabytes is built in moments.
     */
    public static byte[] zerosBomb(Entry first, long size, String... names) {
        int mib = 1 << 20;
        if (size % mib != 0 || size >= 0xFFFFFFFFL) {
            throw new IllegalArgumentException("size must be whole MiB, under 4 GiB");
        }
        byte[] zeros = new byte[mib];
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(zeros);
        byte[] chunk = drain(d, Deflater.SYNC_FLUSH);
        d.finish();
        byte[] end = drain(d, Deflater.NO_FLUSH);
        d.end();
        CRC32 c = new CRC32();
        for (long i = 0; i < size / mib; i++) {
            c.update(zeros);
        }
        long chunks = size / mib;
        Zip zip = new Zip();
        byte[] firstBody = deflate(first.data());
        CRC32 fc = new CRC32();
        fc.update(first.data());
        zip.add(first.name(), first.name(), DEFLATED, fc.getValue(), first.data().length, firstBody.length, S_IFREG,
                out -> out.writeBytes(firstBody));
        for (String name : names) {
            zip.add(name, name, DEFLATED, c.getValue(), size, chunks * chunk.length + end.length, S_IFREG, out -> {
                for (long i = 0; i < chunks; i++) {
                    out.writeBytes(chunk);
                }
                out.writeBytes(end);
            });
        }
        return zip.finish();
    }

    private static byte[] drain(Deflater d, int flush) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        int n;
        while ((n = d.deflate(buf, 0, buf.length, flush)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Writes local headers and data as entries come, then the central directory and the end record. */
    private static final class Zip {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream cen = new ByteArrayOutputStream();
        private int count;

        void add(String entryName, String centralName, int method, long crc, long size, long csize, int unixMode,
                 java.util.function.Consumer<ByteArrayOutputStream> body) {
            byte[] name = entryName.getBytes(StandardCharsets.UTF_8);
            byte[] cname = centralName.getBytes(StandardCharsets.UTF_8);
            int offset = out.size();
            int flags = 0x800;
            ByteBuffer loc = le(30 + name.length);
            loc.putInt(0x04034b50).putShort((short) 20).putShort((short) flags).putShort((short) method)
                    .putShort((short) 0).putShort((short) 0x21).putInt((int) crc).putInt((int) csize).putInt((int) size)
                    .putShort((short) name.length).putShort((short) 0).put(name);
            out.writeBytes(loc.array());
            body.accept(out);
            int madeBy = unixMode != 0 ? (3 << 8) | 20 : 20;
            ByteBuffer c2 = le(46 + cname.length);
            c2.putInt(0x02014b50).putShort((short) madeBy).putShort((short) 20).putShort((short) flags)
                    .putShort((short) method).putShort((short) 0).putShort((short) 0x21).putInt((int) crc)
                    .putInt((int) csize).putInt((int) size).putShort((short) cname.length).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(unixMode << 16)
                    .putInt(offset).put(cname);
            cen.writeBytes(c2.array());
            count++;
        }

        byte[] finish() {
            int cenOffset = out.size();
            out.writeBytes(cen.toByteArray());
            ByteBuffer end = le(22);
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) count)
                    .putShort((short) count).putInt(cen.size()).putInt(cenOffset).putShort((short) 0);
            out.writeBytes(end.array());
            return out.toByteArray();
        }
    }

    /** Raw DEFLATE (no zlib header) of {@code data}. */
    public static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /** A Fernet token (ASCII base64url with padding, no newline) of {@code plain}, stamped {@code unixSeconds}. */
    public static byte[] fernet(byte[] plain, DiaryKey key, long unixSeconds) {
        byte[] iv = new byte[16];
        new java.security.SecureRandom().nextBytes(iv);
        return Base64.getUrlEncoder().encode(fernetRaw(plain, key, unixSeconds, iv));
    }

    /** The decoded bytes of a Fernet token: version, timestamp, IV, ciphertext, HMAC. */
    public static byte[] fernetRaw(byte[] plain, DiaryKey key, long unixSeconds, byte[] iv) {
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.encryption(), "AES"), new IvParameterSpec(iv));
            byte[] ct = c.doFinal(plain);
            ByteBuffer b = ByteBuffer.allocate(25 + ct.length + 32);
            b.put((byte) 0x80).putLong(unixSeconds).put(iv).put(ct);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.signing(), "HmacSHA256"));
            mac.update(b.array(), 0, b.position());
            b.put(mac.doFinal());
            return b.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decrypts a whole token in memory (javax.crypto directly); checks the HMAC; no TTL. */
    public static byte[] decryptWhole(byte[] token, DiaryKey key) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(new String(token, StandardCharsets.US_ASCII).strip());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.signing(), "HmacSHA256"));
            mac.update(raw, 0, raw.length - 32);
            if (!java.security.MessageDigest.isEqual(mac.doFinal(), Arrays.copyOfRange(raw, raw.length - 32, raw.length))) {
                throw new IllegalStateException("HMAC mismatch");
            }
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.encryption(), "AES"), new IvParameterSpec(raw, 9, 16));
            return c.doFinal(raw, 25, raw.length - 57);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token with a newline appended (upstream tolerates it). */
    public static byte[] withTrailingNewline(byte[] token) {
        byte[] out = Arrays.copyOf(token, token.length + 1);
        out[token.length] = '\n';
        return out;
    }

    /** The first {@code length} characters of the token. */
    public static byte[] truncate(byte[] token, int length) {
        return Arrays.copyOf(token, length);
    }

    /** The token with the decoded byte at {@code offset} (negative: from the end) XOR-ed with 0x01, re-encoded. */
    public static byte[] flipByte(byte[] token, int offset) {
        byte[] raw = Base64.getUrlDecoder().decode(new String(token, StandardCharsets.US_ASCII).strip());
        int at = offset < 0 ? raw.length + offset : offset;
        raw[at] ^= 0x01;
        return Base64.getUrlEncoder().encode(raw);
    }

    /** Number of decoded bytes of a token. */
    public static int decodedLength(byte[] token) {
        return Base64.getUrlDecoder().decode(new String(token, StandardCharsets.US_ASCII).strip()).length;
    }

    /** Writes {@code bytes} to {@code dir/<id>.diary} and returns the path. */
    public static Path save(Path dir, String personaId, byte[] bytes) {
        try {
            Path p = dir.resolve(personaId + ".diary");
            Files.write(p, bytes);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
