package ai.eternego.diary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public test vector written by an independent implementation of the upstream format opens byte for byte. */
class DiaryFixtureTest {

    static final String ID = "6a0f3b52-91c4-4d2e-b7a8-5e19c0d4f2a7";

    @Test
    void fixtureOpensAndMatchesItsManifest(@TempDir Path tmp) throws Exception {
        Path dir = SharedFiles.shared().resolve("fixtures/diary");
        String phrase = Files.readString(dir.resolve(ID + ".phrase"));
        Path diary = dir.resolve(ID + ".diary");
        DiaryKey key = DiaryKey.derive(phrase, ID);
        assertTrue(DiaryReader.verify(diary, key));

        Path target = Files.createDirectory(tmp.resolve("home"));
        DiaryReader.extract(diary, key, target, new DiaryReader.Limits(1 << 30, 1000, 1 << 30, 200, 100));

        String manifest = Files.readString(dir.resolve(ID + ".manifest.json"));
        Matcher m = Pattern.compile("\"path\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\",\\s*\"size\":\\s*(\\d+),\\s*\"sha256\":\\s*\"([0-9a-f]{64})\"")
                .matcher(manifest);
        List<String> expected = new ArrayList<>();
        while (m.find()) {
            String path = unescape(m.group(1));
            Path f = target.resolve(path);
            assertTrue(Files.isRegularFile(f), path);
            byte[] data = Files.readAllBytes(f);
            assertEquals(Long.parseLong(m.group(2)), data.length, path);
            assertEquals(m.group(3), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)), path);
            expected.add(path);
        }
        int count = Integer.parseInt(manifest.replaceAll("(?s).*\"file_count\":\\s*(\\d+).*", "$1"));
        assertEquals(count, expected.size(), "every manifest file parsed");
        try (Stream<Path> s = Files.walk(target)) {
            assertEquals(count, s.filter(Files::isRegularFile).count(), "nothing more came out");
        }
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && s.charAt(i + 1) == 'u') {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (c == '\\') {
                sb.append(s.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
