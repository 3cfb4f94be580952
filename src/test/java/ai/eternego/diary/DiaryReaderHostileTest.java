package ai.eternego.diary;

import static ai.eternego.diary.HostileDiaries.Entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.eternego.core.Refusal;

class DiaryReaderHostileTest {

    static final String ID = "6a0f3b52-91c4-4d2e-b7a8-5e19c0d4f2a7";
    static final DiaryKey KEY = key(1);
    static final DiaryKey OTHER = key(2);
    /** Sizes and counts only: the ratio limits are out of the way, so zeros test the byte counts. */
    static final DiaryReader.Limits LIMITS = new DiaryReader.Limits(10_000_000, 100, 5_000_000, Integer.MAX_VALUE,
            Integer.MAX_VALUE);
    /** The default ratios, sizes out of the way: only the compression ratio can refuse. */
    static final DiaryReader.Limits RATIOS = new DiaryReader.Limits(1L << 40, 100, 1L << 40, 200, 100);

    @TempDir
    Path tmp;

    static DiaryKey key(int seed) {
        byte[] b = new byte[32];
        new Random(seed).nextBytes(b);
        return DiaryKey.of(b);
    }

    static byte[] good() {
        return HostileDiaries.zip(Entry.file("config.json", "{\"id\":\"" + ID + "\"}"),
                Entry.file("history/briefing.md", "hello\n".repeat(100)));
    }

    Path save(byte[] token) {
        return HostileDiaries.save(tmp, ID, token);
    }

    Path staging() throws Exception {
        return Files.createDirectory(tmp.resolve("staging"));
    }

    static long files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).count();
        }
    }

    /** The token does not verify: false, and extract refuses with the one message, writing nothing. */
    void assertRefusedToken(byte[] token) throws Exception {
        Path diary = save(token);
        assertFalse(DiaryReader.verify(diary, KEY));
        Path target = staging();
        Refusal e = assertThrows(Refusal.class, () -> DiaryReader.extract(diary, KEY, target, LIMITS));
        assertEquals(Refusal.Kind.INVALID, e.kind());
        assertEquals("The recovery phrase does not open this diary, or the diary is damaged.", e.getMessage());
        assertEquals(0, files(target), "nothing written");
    }

    /** The token verifies but the archive is refused as {@code kind}, naming {@code mention}. */
    Refusal assertRefusedZip(byte[] zip, Refusal.Kind kind, String mention) throws Exception {
        Path diary = save(HostileDiaries.fernet(zip, KEY, HostileDiaries.NOW));
        assertTrue(DiaryReader.verify(diary, KEY));
        Refusal e = assertThrows(Refusal.class, () -> DiaryReader.extract(diary, KEY, staging(), LIMITS));
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(mention), e.getMessage());
        return e;
    }

    void assertAccepted(byte[] token) throws Exception {
        Path diary = save(token);
        assertTrue(DiaryReader.verify(diary, KEY));
        Path target = staging();
        DiaryReader.extract(diary, KEY, target, LIMITS);
        assertEquals("hello\n".repeat(100), Files.readString(target.resolve("history/briefing.md")));
        assertEquals("{\"id\":\"" + ID + "\"}", Files.readString(target.resolve("config.json")));
    }

    // ---- accepted ----

    @Test
    void goodDiaryOpens() throws Exception {
        assertAccepted(HostileDiaries.fernet(good(), KEY, HostileDiaries.NOW));
    }

    @Test
    void trailingNewlineAccepted() throws Exception {
        assertAccepted(HostileDiaries.withTrailingNewline(HostileDiaries.fernet(good(), KEY, HostileDiaries.NOW)));
    }

    @Test
    void futureTimestampAccepted() throws Exception {
        assertAccepted(HostileDiaries.fernet(good(), KEY, HostileDiaries.NOW + 10L * 365 * 86400));
    }

    @Test
    void ancientTimestampAccepted() throws Exception {
        assertAccepted(HostileDiaries.fernet(good(), KEY, 0));
    }

    @Test
    void storedEntriesAndDirectoryEntriesAccepted() throws Exception {
        Path diary = save(HostileDiaries.fernet(HostileDiaries.zip(Entry.directory("history"),
                Entry.stored("history/a.txt", "abc".getBytes(StandardCharsets.UTF_8)),
                Entry.file("empty", new byte[0])), KEY, HostileDiaries.NOW));
        Path target = staging();
        DiaryReader.extract(diary, KEY, target, LIMITS);
        assertEquals("abc", Files.readString(target.resolve("history/a.txt")));
        assertEquals(0, Files.size(target.resolve("empty")));
    }

    // ---- the token ----

    @Test
    void wrongKeyRefused() throws Exception {
        assertRefusedToken(HostileDiaries.fernet(good(), OTHER, HostileDiaries.NOW));
    }

    @Test
    void wrongPhraseRefused() throws Exception {
        String phrase = "abandon ".repeat(23) + "art";
        DiaryKey right = DiaryKey.derive(phrase, ID);
        Path diary = save(HostileDiaries.fernet(good(), right, HostileDiaries.NOW));
        assertTrue(DiaryReader.verify(diary, right));
        assertFalse(DiaryReader.verify(diary, DiaryKey.derive("abandon ".repeat(23) + "able", ID)));
    }

    @Test
    void truncatedRefused() throws Exception {
        byte[] t = HostileDiaries.fernet(good(), KEY, HostileDiaries.NOW);
        assertRefusedToken(HostileDiaries.truncate(t, t.length - 4));
    }

    @Test
    void truncatedMidQuadRefused() throws Exception {
        byte[] t = HostileDiaries.fernet(good(), KEY, HostileDiaries.NOW);
        assertRefusedToken(HostileDiaries.truncate(t, t.length - 7));
    }

    @Test
    void truncatedByWholeBlockRefused() throws Exception {
        byte[] t = HostileDiaries.fernet(good(), KEY, HostileDiaries.NOW);
        byte[] raw = java.util.Base64.getUrlDecoder().decode(t);
        byte[] cut = java.util.Arrays.copyOf(raw, raw.length - 16);
        assertRefusedToken(java.util.Base64.getUrlEncoder().encode(cut));
    }

    @Test
    void flippedHmacByteRefused() throws Exception {
        assertRefusedToken(HostileDiaries.flipByte(HostileDiaries.fernet(good(), KEY, HostileDiaries.NOW), -1));
    }

    @Test
    void flippedLateCiphertextByteRefusedAndNothingWritten() throws Exception {
        byte[] big = new byte[3_000_000];
        new Random(7).nextBytes(big);
        byte[] t = HostileDiaries.fernet(HostileDiaries.zip(Entry.file("config.json", "{}"), Entry.stored("big.bin", big)),
                KEY, HostileDiaries.NOW);
        assertRefusedToken(HostileDiaries.flipByte(t, -40));
    }

    @Test
    void flippedVersionRefused() throws Exception {
        assertRefusedToken(HostileDiaries.flipByte(HostileDiaries.fernet(good(), KEY, HostileDiaries.NOW), 0));
    }

    @Test
    void plainZipRefused() throws Exception {
        assertRefusedToken(good());
    }

    @Test
    void emptyFileRefused() throws Exception {
        assertRefusedToken(new byte[0]);
    }

    @Test
    void newlineOnlyRefused() throws Exception {
        assertRefusedToken("\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void standardBase64AlphabetRefused() throws Exception {
        byte[] t = HostileDiaries.fernet(good(), KEY, HostileDiaries.NOW);
        String s = new String(t, StandardCharsets.US_ASCII);
        if (s.indexOf('-') < 0 && s.indexOf('_') < 0) {
            t = HostileDiaries.withTrailingNewline(t);
            t[t.length - 1] = '+';
        } else {
            t = s.replace('-', '+').replace('_', '/').getBytes(StandardCharsets.US_ASCII);
        }
        assertRefusedToken(t);
    }

    @Test
    void garbageAfterTheTokenRefused() throws Exception {
        byte[] t = HostileDiaries.withTrailingNewline(HostileDiaries.fernet(good(), KEY, HostileDiaries.NOW));
        byte[] more = java.util.Arrays.copyOf(t, t.length + 4);
        System.arraycopy("AAAA".getBytes(StandardCharsets.US_ASCII), 0, more, t.length, 4);
        assertRefusedToken(more);
    }

    // ---- the archive ----

    @Test
    void dotDotRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("../x", "evil")), Refusal.Kind.INVALID, "\"../x\"");
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void innerDotDotRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("history/../../x", "evil")), Refusal.Kind.INVALID, "\"history/../../x\"");
    }

    @Test
    void absoluteRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("/etc/x", "evil")), Refusal.Kind.INVALID, "\"/etc/x\"");
    }

    @Test
    void driveLetterRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("C:x", "evil")), Refusal.Kind.INVALID, "\"C:x\"");
    }

    @Test
    void backslashRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("..\\x", "evil")), Refusal.Kind.INVALID, "..\\x");
        Files.walk(tmp).forEach(p -> assertFalse(p.getFileName().toString().contains("\\")));
    }

    @Test
    void nulRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("a\u0000b", "evil")), Refusal.Kind.INVALID, "a\\x00b");
    }

    @Test
    void emptyNameRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("", "evil")), Refusal.Kind.INVALID, "empty name");
    }

    @Test
    void duplicateRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("a.md", "1"), Entry.file("a.md", "2")), Refusal.Kind.INVALID, "\"a.md\" appears twice");
    }

    @Test
    void symlinkRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("config.json", "{}"), Entry.symlink("evil", "/etc/passwd")), Refusal.Kind.INVALID,
                "\"evil\" is a symbolic link");
    }

    @Test
    void fifoRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("pipe", "").mode(HostileDiaries.S_IFIFO)), Refusal.Kind.INVALID, "\"pipe\" is not a regular file");
    }

    @Test
    void centralNameDisagreeingRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("innocent.md", "x").centralName("other.md")), Refusal.Kind.INVALID, "innocent.md");
    }

    @Test
    void inflatesPastDeclaredSizeRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("bomb.txt", new byte[100_000]).declaring(10)), Refusal.Kind.INVALID, "\"bomb.txt\"");
    }

    @Test
    void inflatesShortOfDeclaredSizeRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("short.txt", new byte[100]).declaring(1000)), Refusal.Kind.INVALID, "\"short.txt\"");
    }

    @Test
    void crcMismatchRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("a.txt", "hello").crc(12345)), Refusal.Kind.INVALID, "CRC");
    }

    @Test
    void totalOverLimitRefusedCountingRealBytes() throws Exception {
        // each entry lies (declares 10 bytes) but only the real count matters; 3 × 4 MB > 10 MB total
        byte[] four = new byte[4_000_000];
        Refusal e = assertRefusedZip(HostileDiaries.zip(Entry.file("a", four), Entry.file("b", four), Entry.file("c", four)),
                Refusal.Kind.TOO_LARGE, "10000000 bytes");
        assertTrue(e.getMessage().contains("unpacks to more"), e.getMessage());
    }

    @Test
    void lyingBombStopsAtTheEntryLimit() throws Exception {
        // declares 10 bytes, inflates to 6 MB: refused by the per-entry limit while inflating
        assertRefusedZip(HostileDiaries.zip(Entry.file("bomb", new byte[6_000_000]).declaring(10)), Refusal.Kind.TOO_LARGE, "\"bomb\"");
    }

    // ---- compression ratio ----

    Refusal assertRatioRefused(byte[] zip, Path target, DiaryReader.Limits limits) throws Exception {
        Path diary = save(HostileDiaries.fernet(zip, KEY, HostileDiaries.NOW));
        Refusal e = assertThrows(Refusal.class, () -> DiaryReader.extract(diary, KEY, target, limits));
        assertEquals(Refusal.Kind.TOO_LARGE, e.kind(), e.getMessage());
        return e;
    }

    @Test
    void bombEntryRefusedByItsRatioAfterAboutAMebibyte() throws Exception {
        // 1 GiB of zeros in about 1 MB: refused once the entry passes the 1 MiB floor, long before 1 GiB
        byte[] zip = HostileDiaries.zerosBomb(Entry.file("config.json", "{}"), 1L << 30, "history/bomb.log");
        Path target = staging();
        Refusal e = assertRatioRefused(zip, target, RATIOS);
        assertEquals("The file \"history/bomb.log\" in the diary expands more than 200 times its compressed size, over this"
                + " service's limit (a zip bomb?); if you trust this diary, raise eternego.diary.max-entry-ratio and send it"
                + " again.", e.getMessage());
        assertTrue(Files.size(target.resolve("history/bomb.log")) < 2L << 20,
                "stopped near the floor, not after inflating the bomb");
    }

    @Test
    void manySmallBombsRefusedByTheOverallRatio() throws Exception {
        // each 900 kB of zeros stays under the per-entry floor; together they pass it at ~1000:1
        Entry[] bombs = new Entry[5];
        for (int i = 0; i < bombs.length; i++) {
            bombs[i] = Entry.file("history/part" + i + ".log", new byte[900_000]);
        }
        byte[] zip = HostileDiaries.zip(bombs);
        // with the default ratios the part being inflated is over its own ratio too: it is named
        Refusal named = assertRatioRefused(zip, staging(), RATIOS);
        assertTrue(named.getMessage().startsWith("The file \"history/part1.log\" in the diary expands more than 200 times"),
                named.getMessage());
        // with no limit per file, the overall ratio alone refuses
        Path other = Files.createDirectory(tmp.resolve("other"));
        Refusal e = assertRatioRefused(zip, other, new DiaryReader.Limits(1L << 40, 100, 1L << 40, Integer.MAX_VALUE, 100));
        assertEquals("The diary expands more than 100 times its size, over this service's limit (a zip bomb?); if you"
                + " trust this diary, raise eternego.diary.max-total-ratio and send it again.", e.getMessage());
    }

    @Test
    void smallVeryCompressibleFilesPassUnderTheFloor() throws Exception {
        Path diary = save(HostileDiaries.fernet(HostileDiaries.zip(Entry.file("config.json", "{}"),
                Entry.file("media/blank.bin", new byte[1_000_000])), KEY, HostileDiaries.NOW));
        Path target = staging();
        DiaryReader.extract(diary, KEY, target, RATIOS);
        assertEquals(1_000_000, Files.size(target.resolve("media/blank.bin")));
    }

    @Test
    void aLongRealisticHistoryPasses() throws Exception {
        Random random = new Random(9);
        List<String> words = Bip39.wordlist();
        String[] speakers = {"Vesper", "Ana", "Tomás", "Wen"};
        StringBuilder chat = new StringBuilder();
        long second = 1_730_000_000L;
        while (chat.length() < 6_000_000) {
            second += 1 + random.nextInt(900);
            chat.append(Instant.ofEpochSecond(second)).append(' ').append(speakers[random.nextInt(speakers.length)])
                    .append(": ");
            int n = 3 + random.nextInt(25);
            for (int w = 0; w < n; w++) {
                chat.append(w == 0 ? "" : random.nextInt(12) == 0 ? ", " : " ").append(words.get(random.nextInt(600)));
            }
            chat.append(random.nextInt(4) == 0 ? "?\n" : ".\n");
        }
        StringBuilder health = new StringBuilder();
        for (long t = second; health.length() < 3_000_000; t += 60) {
            health.append("{\"time\":\"").append(Instant.ofEpochSecond(t)).append("\",\"ok\":")
                    .append(random.nextInt(50) != 0).append(",\"faults\":").append(random.nextInt(50) == 0 ? 1 : 0).append("}\n");
        }
        byte[] history = chat.toString().getBytes(StandardCharsets.UTF_8);
        byte[] heartbeats = health.toString().getBytes(StandardCharsets.UTF_8);
        byte[] zip = HostileDiaries.zip(Entry.file("config.json", "{\"id\":\"" + ID + "\"}"),
                Entry.file("history/conversation.md", history), Entry.file("health.jsonl", heartbeats));
        double historyRatio = (double) history.length / HostileDiaries.deflate(history).length;
        double healthRatio = (double) heartbeats.length / HostileDiaries.deflate(heartbeats).length;
        double overall = (double) (history.length + heartbeats.length) / zip.length;
        System.out.printf("realistic diary: history %.1f:1, heartbeats %.1f:1, overall %.1f:1%n", historyRatio, healthRatio,
                overall);
        assertTrue(historyRatio < 20 && healthRatio < 50 && overall < 25, "well below the limits of 200 and 100");

        Path diary = save(HostileDiaries.fernet(zip, KEY, HostileDiaries.NOW));
        Path target = staging();
        // the shipped defaults (application.properties)
        DiaryReader.extract(diary, KEY, target, new DiaryReader.Limits(8L << 30, 100_000, 4L << 30, 200, 100));
        assertArrayEquals(history, Files.readAllBytes(target.resolve("history/conversation.md")));
        assertArrayEquals(heartbeats, Files.readAllBytes(target.resolve("health.jsonl")));
    }

    @Test
    void entryCountOverLimitRefused() throws Exception {
        Entry[] many = new Entry[101];
        for (int i = 0; i < many.length; i++) {
            many[i] = Entry.file("f" + i, "x");
        }
        assertRefusedZip(HostileDiaries.zip(many), Refusal.Kind.TOO_LARGE, "100 files");
    }

    @Test
    void fileAndDirectoryOfTheSameNameRefused() throws Exception {
        assertRefusedZip(HostileDiaries.zip(Entry.file("a", "1"), Entry.file("a/b", "2")), Refusal.Kind.INVALID, "\"a/b\"");
    }

    @Test
    void notAZipRefused() throws Exception {
        assertRefusedZip("just some text".getBytes(StandardCharsets.UTF_8), Refusal.Kind.INVALID, "damaged");
    }

    @Test
    void truncatedZipRefused() throws Exception {
        byte[] z = good();
        assertRefusedZip(java.util.Arrays.copyOf(z, z.length - 30), Refusal.Kind.INVALID, "damaged");
    }

    @Test
    void stagingMustBeEmpty() throws Exception {
        Path diary = save(HostileDiaries.fernet(good(), KEY, HostileDiaries.NOW));
        Path target = staging();
        Files.writeString(target.resolve("x"), "x");
        assertThrows(IllegalArgumentException.class, () -> DiaryReader.extract(diary, KEY, target, LIMITS));
    }
}
