package ai.eternego.diary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiaryRoundTripTest {

    static final String ID = "0b6f3a1e-5c2d-4e8f-9a7b-1c2d3e4f5a6b";
    static String phrase;
    static DiaryKey key;

    @BeforeAll
    static void key() {
        phrase = Bip39.generate();
        key = DiaryKey.derive(phrase, ID);
    }

    static Map<String, byte[]> makeHome(Path home) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("config.json", ("{\"id\":\"" + ID + "\",\"name\":\"Ada\"}").getBytes(StandardCharsets.UTF_8));
        files.put("history/briefing.md", "# briefing\n".repeat(300).getBytes(StandardCharsets.UTF_8));
        files.put("history/deep/er/nest.txt", "nested".getBytes(StandardCharsets.UTF_8));
        files.put("meanings/café.md", "ünïcödé ☕\n".getBytes(StandardCharsets.UTF_8));
        files.put("empty.txt", new byte[0]);
        byte[] big = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(big);
        files.put("media/big.bin", big);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path p = home.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        Files.createDirectories(home.resolve("empty-dir"));
        Files.createSymbolicLink(home.resolve("link-to-config"), home.resolve("config.json"));
        return files;
    }

    @Test
    void writeThenReadBackIdentical(@TempDir Path tmp) throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Map<String, byte[]> files = makeHome(home);
        Path diary = tmp.resolve(ID + ".diary");
        try (OutputStream out = Files.newOutputStream(diary)) {
            DiaryWriter.write(home, out, key);
        }

        byte[] token = Files.readAllBytes(diary);
        assertTrue(new String(token, StandardCharsets.US_ASCII).matches("[A-Za-z0-9_-]+={0,2}"), "strict base64url, no newline");
        assertEquals(0, token.length % 4);

        // ours
        assertTrue(DiaryReader.verify(diary, key));
        Path target = Files.createDirectory(tmp.resolve("out"));
        DiaryReader.extract(diary, key, target, new DiaryReader.Limits(1L << 30, 100, 1L << 30, 200, 100));
        Map<String, byte[]> back = new TreeMap<>();
        try (Stream<Path> s = Files.walk(target)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    back.put(target.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                } else if (Files.isDirectory(p) && !p.equals(target)) {
                    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                }
            }
        }
        assertSameFiles(files, back);

        // independent, non-streaming: javax.crypto + ZipInputStream
        byte[] plain = HostileDiaries.decryptWhole(token, key);
        byte[] raw = Base64.getUrlDecoder().decode(token);
        assertEquals((byte) 0x80, raw[0]);
        long ts = java.nio.ByteBuffer.wrap(raw, 1, 8).getLong();
        assertTrue(Math.abs(ts - System.currentTimeMillis() / 1000) < 600);
        Map<String, byte[]> independent = new TreeMap<>();
        try (ZipInputStream zin = new ZipInputStream(new ByteArrayInputStream(plain), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                assertFalse(e.isDirectory());
                assertEquals(ZipEntry.DEFLATED, e.getMethod());
                independent.put(e.getName(), zin.readAllBytes());
            }
        }
        assertSameFiles(files, independent);
    }

    @Test
    void upstreamReaderOpensOurDiary(@TempDir Path tmp) throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        makeHome(home);
        Files.delete(home.resolve("link-to-config")); // verify_diary.py compares regular files only anyway
        Path diary = tmp.resolve(ID + ".diary");
        try (OutputStream out = Files.newOutputStream(diary)) {
            DiaryWriter.write(home, out, key);
        }
        Path phraseFile = tmp.resolve("phrase");
        Files.writeString(phraseFile, phrase);
        Path tool = SharedFiles.shared().resolve("tools/verify_diary.py");
        Process p = new ProcessBuilder("/usr/bin/python3", tool.toString(), diary.toString(),
                "--phrase-file", phraseFile.toString(), "--compare-dir", home.toString())
                .redirectErrorStream(true).start();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        p.getInputStream().transferTo(log);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = log.toString(StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("RESULT ok"), out);
    }

    @Test
    void fernetStreamMatchesIndependentDecryption() throws Exception {
        byte[] iv = new byte[16];
        for (int len : new int[] {0, 1, 15, 16, 17, 65535, 65536, 200_000}) {
            byte[] plain = new byte[len];
            new Random(len).nextBytes(plain);
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (FernetOutputStream f = new FernetOutputStream(bos, key, 1_700_000_000L, iv)) {
                for (int off = 0; off < len; off += 7777) {
                    f.write(plain, off, Math.min(7777, len - off));
                }
            }
            byte[] token = bos.toByteArray();
            assertArrayEquals(Base64.getUrlEncoder().encode(HostileDiaries.fernetRaw(plain, key, 1_700_000_000L, iv)), token, "len " + len);
            try (FernetInputStream in = new FernetInputStream(new ByteArrayInputStream(token), key)) {
                assertArrayEquals(plain, in.readAllBytes(), "len " + len);
            }
        }
    }

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            assertArrayEquals(expected.get(k), actual.get(k), k);
        }
    }
}
