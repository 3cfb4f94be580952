package ai.eternego.diary;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import ai.eternego.core.Refusal;

/**
 * A streaming zip reader that unpacks into a staging directory and trusts nothing the archive
 * declares: local headers, data (STORED or DEFLATE, with or without data descriptors, Zip64), then the
 * central directory, whose records must agree with the local headers one by one, then the end record.
 * See {@link DiaryReader} for the rules and the status codes.
 */
final class SafeUnzip {

    private static final int LOC = 0x04034b50;
    private static final int CEN = 0x02014b50;
    private static final int EXT = 0x08074b50;
    private static final int ZIP64_END = 0x06064b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int END = 0x06054b50;
    private static final long MAGIC32 = 0xFFFFFFFFL;
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    private record Local(String name, long offset, long crc, long csize, long size) {
    }

    private final InputStream in;
    private final Path target;
    private final DiaryReader.Limits limits;
    private final boolean posix;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private long consumed; // archive offset of buf[pos]
    private final byte[] chunk = new byte[64 * 1024];
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final List<Local> locals = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Set<Path> dirs = new HashSet<>();
    private long totalInflated;
    private long entryBytes;

    SafeUnzip(InputStream in, Path target, DiaryReader.Limits limits) {
        this.in = in;
        this.target = target;
        this.limits = limits;
        this.posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    void run() throws IOException {
        try {
            int sig = u32orEof();
            if (sig == -1) {
                throw damaged("the archive is empty");
            }
            while (sig == LOC) {
                localEntry();
                sig = (int) u32();
            }
            int cen = 0;
            while (sig == CEN) {
                centralRecord(cen++);
                sig = (int) u32();
            }
            if (cen != locals.size()) {
                throw damaged("the central directory lists " + cen + " entries, the archive holds " + locals.size());
            }
            if (sig == ZIP64_END) {
                long size = u64();
                skip(size);
                sig = (int) u32();
            }
            if (sig == ZIP64_LOCATOR) {
                skip(16);
                sig = (int) u32();
            }
            if (sig != END) {
                throw damaged("unexpected record 0x" + Integer.toHexString(sig));
            }
            skip(6);
            int count = u16();
            skip(8);
            skip(u16()); // comment
            if (count != 0xFFFF && count != (locals.size() & 0xFFFF)) {
                throw damaged("the end record counts " + count + " entries");
            }
        } catch (EOFException e) {
            throw damaged("the archive ends too early");
        } finally {
            inflater.end();
        }
    }

    private void localEntry() throws IOException {
        long offset = consumed - 4;
        skip(2); // version needed
        int flags = u16();
        int method = u16();
        skip(4); // time, date
        long declaredCrc = u32();
        long csize = u32();
        long size = u32();
        int nameLen = u16();
        int extraLen = u16();
        byte[] rawName = bytes(nameLen);
        byte[] extra = bytes(extraLen);
        String name = decodeName(rawName);
        checkName(name);
        if (!names.add(name)) {
            throw unsafe(name, "appears twice");
        }
        if (names.size() > limits.maxEntries()) {
            throw tooMuch("The diary holds more than " + limits.maxEntries() + " files, over this service's limit.");
        }
        if ((flags & 1) != 0) {
            throw unsafe(name, "is encrypted inside the archive");
        }
        if (method != 0 && method != 8) {
            throw damaged("entry \"" + shown(name) + "\" uses compression method " + method + ", which is not supported");
        }
        long[] z64 = zip64(extra, size == MAGIC32, csize == MAGIC32, false);
        if (size == MAGIC32) {
            size = z64[0];
        }
        if (csize == MAGIC32) {
            csize = z64[1];
        }
        boolean descriptor = (flags & 8) != 0;
        boolean dir = name.endsWith("/");

        OutputStream out = null;
        if (dir) {
            mkdirs(name, target.resolve(name.substring(0, name.length() - 1)));
        } else {
            Path file = target.resolve(name);
            Path parent = file.getParent();
            if (parent != null && !parent.equals(target)) {
                mkdirs(name, parent);
            }
            out = create(name, file);
        }
        crc.reset();
        entryBytes = 0;
        long real;
        long realCompressed;
        try {
            if (method == 0) {
                if (descriptor) {
                    throw damaged("stored entry \"" + shown(name) + "\" has no declared size");
                }
                if (csize != size) {
                    throw damaged("stored entry \"" + shown(name) + "\" declares two sizes");
                }
                long left = csize;
                while (left > 0) {
                    int n = (int) Math.min(left, chunk.length);
                    readFully(chunk, n);
                    emit(name, dir, out, chunk, n, false);
                    left -= n;
                }
                real = csize;
                realCompressed = csize;
            } else {
                long[] r = inflate(name, dir, out);
                real = r[0];
                realCompressed = r[1];
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
        long realCrc = crc.getValue();
        if (descriptor) {
            long sig = u32();
            long dCrc = sig == EXT ? u32() : sig;
            boolean wide = real >= MAGIC32 || realCompressed >= MAGIC32;
            long dC = wide ? u64() : u32();
            long dS = wide ? u64() : u32();
            declaredCrc = dCrc;
            csize = dC;
            size = dS;
        }
        if (size != real) {
            throw unsafe(name, "inflates to " + real + " bytes but declares " + size);
        }
        if (csize != realCompressed) {
            throw damaged("entry \"" + shown(name) + "\" declares " + csize + " compressed bytes, has " + realCompressed);
        }
        if (declaredCrc != realCrc) {
            throw damaged("entry \"" + shown(name) + "\" fails its CRC check");
        }
        locals.add(new Local(name, offset, realCrc, realCompressed, real));
    }

    /** Inflates one entry from the buffered stream; returns {real size, compressed bytes consumed}. */
    private long[] inflate(String name, boolean dir, OutputStream out) throws IOException {
        inflater.reset();
        long produced = 0;
        try {
            while (true) {
                if (inflater.needsInput()) {
                    if (pos == lim && !fill()) {
                        throw new EOFException();
                    }
                    inflater.setInput(buf, pos, lim - pos);
                    int fed = lim - pos;
                    consumed += fed;
                    pos = lim;
                }
                int n = inflater.inflate(chunk);
                if (n > 0) {
                    produced += n;
                    emit(name, dir, out, chunk, n, true);
                }
                if (inflater.finished()) {
                    int back = inflater.getRemaining();
                    pos -= back;
                    consumed -= back;
                    return new long[] {produced, inflater.getBytesRead()};
                }
                if (n == 0 && inflater.needsDictionary()) {
                    throw damaged("entry \"" + shown(name) + "\" needs a preset dictionary");
                }
            }
        } catch (DataFormatException e) {
            throw damaged("entry \"" + shown(name) + "\" is not valid DEFLATE data");
        }
    }

    /**
     * Counts, checks the limits with the bytes really produced, then writes. The ratios are judged
     * against the compressed bytes really consumed: the inflater's count for this entry, the archive
     * read so far for the whole ({@code consumed} less what the inflater still holds). When the whole
     * is over its ratio and the file being inflated is over its own, the refusal names the file.
     */
    private void emit(String name, boolean dir, OutputStream out, byte[] b, int n, boolean deflated) throws IOException {
        totalInflated += n;
        entryBytes += n;
        if (dir) {
            throw unsafe(name, "is a directory with content");
        }
        if (entryBytes > limits.maxEntryBytes()) {
            throw tooMuch("The file \"" + shown(name) + "\" in the diary is larger than this service's limit of "
                    + limits.maxEntryBytes() + " bytes.");
        }
        if (totalInflated > limits.maxTotalBytes()) {
            throw tooMuch("The diary unpacks to more than this service's limit of " + limits.maxTotalBytes() + " bytes.");
        }
        long archiveRead = deflated ? consumed - inflater.getRemaining() : consumed;
        boolean entryOver = deflated && expandsMoreThan(entryBytes, inflater.getBytesRead(), limits.maxEntryRatio());
        boolean totalOver = totalInflated > DiaryReader.Limits.RATIO_FLOOR
                && expandsMoreThan(totalInflated, archiveRead, limits.maxTotalRatio());
        if (entryOver && (entryBytes > DiaryReader.Limits.RATIO_FLOOR || totalOver)) {
            throw tooMuch("The file \"" + shown(name) + "\" in the diary expands more than " + limits.maxEntryRatio()
                    + " times its compressed size, over this service's limit (a zip bomb?); if you trust this diary, raise"
                    + " eternego.diary.max-entry-ratio and send it again.");
        }
        if (totalOver) {
            throw tooMuch("The diary expands more than " + limits.maxTotalRatio() + " times its size, over this service's"
                    + " limit (a zip bomb?); if you trust this diary, raise eternego.diary.max-total-ratio and send it again.");
        }
        crc.update(b, 0, n);
        out.write(b, 0, n);
    }

    /** {@code inflated > ratio * compressed}, without overflow ({@code inflated} is at least 1). */
    private static boolean expandsMoreThan(long inflated, long compressed, int ratio) {
        return (inflated - 1) / ratio >= compressed;
    }

    private void centralRecord(int i) throws IOException {
        int madeBy = u16();
        skip(2); // version needed
        int flags = u16();
        skip(2); // method
        skip(4); // time, date
        long crcValue = u32();
        long csize = u32();
        long size = u32();
        int nameLen = u16();
        int extraLen = u16();
        int commentLen = u16();
        skip(2); // disk
        skip(2); // internal attributes
        long external = u32();
        long offset = u32();
        byte[] rawName = bytes(nameLen);
        byte[] extra = bytes(extraLen);
        skip(commentLen);
        String name = decodeName(rawName);
        if (i >= locals.size()) {
            throw damaged("the central directory lists \"" + shown(name) + "\", which the archive does not hold");
        }
        Local local = locals.get(i);
        if (!local.name.equals(name)) {
            throw unsafe(name, "is named \"" + shown(local.name) + "\" in its local header");
        }
        long[] z64 = zip64(extra, size == MAGIC32, csize == MAGIC32, offset == MAGIC32);
        if (size == MAGIC32) {
            size = z64[0];
        }
        if (csize == MAGIC32) {
            csize = z64[1];
        }
        if (offset == MAGIC32) {
            offset = z64[2];
        }
        if ((flags & 1) != 0) {
            throw unsafe(name, "is encrypted inside the archive");
        }
        int type = (int) ((external >>> 16) & S_IFMT);
        int system = madeBy >>> 8;
        if (type != 0 || system == 3) {
            if (type == S_IFLNK) {
                throw unsafe(name, "is a symbolic link");
            }
            if (type == S_IFDIR ? !name.endsWith("/") : (type != S_IFREG && type != 0)) {
                throw unsafe(name, "is not a regular file");
            }
        }
        if (size != local.size || csize != local.csize || crcValue != local.crc) {
            throw damaged("entry \"" + shown(name) + "\" has sizes or CRC in the central directory that disagree with its data");
        }
        if (offset != local.offset) {
            throw damaged("entry \"" + shown(name) + "\" has a central directory offset that disagrees with its position");
        }
    }

    /** Values of the Zip64 extra field, in the order the flags ask for: {size, csize, offset}. */
    private long[] zip64(byte[] extra, boolean wantSize, boolean wantCsize, boolean wantOffset) {
        long[] r = new long[3];
        if (!wantSize && !wantCsize && !wantOffset) {
            return r;
        }
        ByteBuffer bb = ByteBuffer.wrap(extra).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        while (bb.remaining() >= 4) {
            int id = bb.getShort() & 0xFFFF;
            int len = bb.getShort() & 0xFFFF;
            if (len > bb.remaining()) {
                break;
            }
            if (id == 1) {
                ByteBuffer f = bb.slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
                f.limit(len);
                try {
                    if (wantSize) {
                        r[0] = f.getLong();
                    }
                    if (wantCsize) {
                        r[1] = f.getLong();
                    }
                    if (wantOffset) {
                        r[2] = f.getLong();
                    }
                } catch (java.nio.BufferUnderflowException e) {
                    throw damaged("a Zip64 field is too short");
                }
                if (r[0] < 0 || r[1] < 0 || r[2] < 0) {
                    throw damaged("a Zip64 size is out of range");
                }
                return r;
            }
            bb.position(bb.position() + len);
        }
        throw damaged("a Zip64 size is missing");
    }

    private static String decodeName(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw Refusal.invalid("The diary holds an entry whose name is not valid UTF-8; it cannot be restored.");
        }
    }

    private static void checkName(String name) {
        if (name.isEmpty()) {
            throw unsafe(name, "has an empty name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw unsafe(name, "has a control character in its name");
            }
        }
        if (name.indexOf('\\') >= 0) {
            throw unsafe(name, "has a backslash in its name");
        }
        if (name.startsWith("/")) {
            throw unsafe(name, "is an absolute path");
        }
        if (DRIVE.matcher(name).matches()) {
            throw unsafe(name, "starts with a drive letter");
        }
        String body = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String part : body.split("/", -1)) {
            if (part.equals("..")) {
                throw unsafe(name, "climbs out of the home with '..'");
            }
            if (part.isEmpty() || part.equals(".")) {
                throw unsafe(name, "has an empty or '.' path segment");
            }
        }
    }

    private void mkdirs(String name, Path dir) throws IOException {
        if (dirs.contains(dir)) {
            return;
        }
        Path rel = target.relativize(dir);
        Path cur = target;
        for (Path part : rel) {
            cur = cur.resolve(part.toString());
            if (Files.isDirectory(cur, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                if (posix) {
                    Files.createDirectory(cur, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(cur);
                }
            } catch (FileAlreadyExistsException e) {
                throw unsafe(name, "collides with a file of the same name");
            }
        }
        dirs.add(dir);
    }

    private OutputStream create(String name, Path file) throws IOException {
        Set<OpenOption> opts = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        try {
            java.nio.channels.SeekableByteChannel ch = posix
                    ? Files.newByteChannel(file, opts, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.newByteChannel(file, opts);
            return java.nio.channels.Channels.newOutputStream(ch);
        } catch (FileAlreadyExistsException | NotDirectoryException | NoSuchFileException e) {
            throw unsafe(name, "collides with another entry of the same name");
        }
    }

    // ---- buffered reading ----

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            pos = lim = 0;
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    private int u8() throws IOException {
        if (pos == lim && !fill()) {
            throw new EOFException();
        }
        consumed++;
        return buf[pos++] & 0xff;
    }

    private int u16() throws IOException {
        return u8() | u8() << 8;
    }

    private long u32() throws IOException {
        return (u16() | (long) u16() << 16) & MAGIC32;
    }

    private int u32orEof() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        return (int) u32();
    }

    private long u64() throws IOException {
        long v = u32() | u32() << 32;
        if (v < 0) {
            throw damaged("a Zip64 value is out of range");
        }
        return v;
    }

    private void readFully(byte[] b, int n) throws IOException {
        int off = 0;
        while (off < n) {
            if (pos == lim && !fill()) {
                throw new EOFException();
            }
            int k = Math.min(n - off, lim - pos);
            System.arraycopy(buf, pos, b, off, k);
            pos += k;
            off += k;
            consumed += k;
        }
    }

    private byte[] bytes(int n) throws IOException {
        byte[] b = new byte[n];
        readFully(b, n);
        return b;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == lim && !fill()) {
                throw new EOFException();
            }
            int k = (int) Math.min(n, lim - pos);
            pos += k;
            consumed += k;
            n -= k;
        }
    }

    // ---- errors ----

    static String shown(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length() && sb.length() < 200; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else if (c == '"') {
                sb.append("\\\"");
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= 200) {
            sb.append('…');
        }
        return sb.toString();
    }

    private static Refusal unsafe(String name, String why) {
        return Refusal.invalid("The diary entry \"" + shown(name) + "\" " + why + "; the diary cannot be restored.");
    }

    private static Refusal damaged(String why) {
        return Refusal.invalid("The diary's archive is damaged: " + why + ".");
    }

    private static Refusal tooMuch(String detail) {
        return Refusal.tooLarge(detail);
    }
}
