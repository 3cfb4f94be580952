package ai.eternego.diary;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

import ai.eternego.core.Refusal;
import ai.eternego.config.EternegoConfig;

/**
 * Opens a diary in two streaming passes and constant memory, whatever its size.
 *
 * <ol>
 * <li>{@link #verify(Path, DiaryKey)}: decodes the base64url token (trailing whitespace tolerated,
 * anything else refused), checks the version byte, the minimal length, the block alignment and the
 * HMAC-SHA256 over the whole token in constant time. No TTL, no timestamp check: old and future
 * timestamps are both fine.</li>
 * <li>{@link #extract(Path, DiaryKey, Path, Limits)}: verifies first (nothing is written unless the
 * whole token authenticates), then decrypts and unpacks with a hand-written streaming zip parser
 * (local headers, STORED and DEFLATE data, data descriptors, Zip64, then the central directory and the
 * end record).</li>
 * </ol>
 *
 * <p>Refused, always with an {@link Refusal} whose detail a person can act on:
 * <ul>
 * <li>{@code INVALID} "The recovery phrase does not open this diary, or the diary is damaged." when the token does
 * not verify or decrypt (wrong phrase or persona id, truncated, altered, empty, not base64url, a plain
 * zip);</li>
 * <li>{@code INVALID} naming the entry: empty, absolute, drive-letter, {@code ..}, {@code .} or empty segments,
 * backslashes, control characters (NUL included), names that are not UTF-8, duplicates, entries that
 * collide with another as file and directory, symlinks and any other non-regular entry (Unix type in
 * the high 16 bits of the central directory's external attributes), encrypted entries, a central
 * directory name that disagrees with the local header, an entry whose really inflated size differs
 * from what it declares;</li>
 * <li>{@code INVALID} "The diary's archive is damaged: …" for CRC mismatches, bad DEFLATE data, unsupported
 * methods, records out of place and a missing end;</li>
 * <li>{@code TOO_LARGE} when the entry count, one entry's size or the total goes over the
 * {@link Limits}; sizes are the bytes really inflated, counted as they come, never the declared
 * ones;</li>
 * <li>{@code TOO_LARGE} when one entry expands more than {@code maxEntryRatio} times the compressed
 * bytes the inflater has consumed, or the whole more than {@code maxTotalRatio} times the archive bytes
 * read, judged as they inflate once past {@link Limits#RATIO_FLOOR}: a zip bomb stops after about a
 * mebibyte, not after inflating gigabytes.</li>
 * </ul>
 *
 * <p>The type of an entry (symlink or not) is only known from the central directory, at the end of
 * the archive, after the data has been written (as plain files, 0600, in directories 0700; a symlink
 * is never created). So {@code target} must be a fresh, empty staging directory that the caller
 * discards whenever this method throws, and renames into place only when it returns.
 */
public final class DiaryReader {

    public static final String DOES_NOT_OPEN = "The recovery phrase does not open this diary, or the diary is damaged.";

    /**
     * How much a diary may unpack to: total bytes, files, bytes of one file (all really inflated), and
     * how many times one file and the whole may expand over their compressed bytes (judged past
     * {@link #RATIO_FLOOR} inflated bytes).
     */
    public record Limits(long maxTotalBytes, int maxEntries, long maxEntryBytes, int maxEntryRatio, int maxTotalRatio) {

        /** Inflated bytes below which no ratio is judged, so small, very compressible files pass. */
        public static final long RATIO_FLOOR = 1 << 20;

        public Limits {
            if (maxEntryRatio < 1 || maxTotalRatio < 1) {
                throw new IllegalArgumentException("compression ratio limits must be at least 1");
            }
        }

        public static Limits of(EternegoConfig.Diary diary) {
            return new Limits(diary.maxTotalBytes(), diary.maxEntries(), diary.maxEntryBytes(), diary.maxEntryRatio(),
                    diary.maxTotalRatio());
        }
    }

    private DiaryReader() {
    }

    /** True when the diary is a whole, unaltered Fernet token under {@code key}. One streaming pass; decrypts nothing. */
    public static boolean verify(Path diary, DiaryKey key) throws IOException {
        try (InputStream in = Files.newInputStream(diary)) {
            return FernetInputStream.verify(in, key);
        }
    }

    /**
     * Verifies, then decrypts and unpacks the diary into {@code target}, an existing empty directory.
     * On any exception the content of {@code target} is undefined and must be discarded.
     */
    public static void extract(Path diary, DiaryKey key, Path target, Limits limits) throws IOException {
        if (!verify(diary, key)) {
            throw Refusal.invalid(DOES_NOT_OPEN);
        }
        extractVerified(diary, key, target, limits);
    }

    /**
     * Decrypts and unpacks a diary that the caller has just {@link #verify verified} with the same key,
     * saving a whole pass over a large file. The decrypting pass checks the HMAC again at its end, so a
     * file changed in between still fails; on any exception {@code target} must be discarded.
     */
    public static void extractVerified(Path diary, DiaryKey key, Path target, Limits limits) throws IOException {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("the staging directory does not exist");
        }
        try (Stream<Path> s = Files.list(target)) {
            if (s.findAny().isPresent()) {
                throw new IllegalArgumentException("the staging directory is not empty");
            }
        }
        try (InputStream raw = Files.newInputStream(diary);
             InputStream plain = new FernetInputStream(raw, key)) {
            new SafeUnzip(plain, target, limits).run();
            // the token ends right after the zip: read to its end so that the HMAC is checked again
            // (the file could have changed between the two passes)
            byte[] rest = new byte[8192];
            while (plain.read(rest) >= 0) {
                // bytes after the end record are ignored, as zip readers do
            }
        } catch (InvalidTokenException e) {
            throw Refusal.invalid(DOES_NOT_OPEN);
        }
    }
}
