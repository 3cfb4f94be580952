package ai.eternego.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every path under a directory with the SHA-256 of each file, to prove that a refused request left
 * ETERNEGO_HOME exactly as it was. The upload temp area and the machine key (created once, on first
 * need) are included like everything else.
 */
public record HomeSnapshot(Map<String, String> entries) {

    public static HomeSnapshot of(Path root) {
        Map<String, String> entries = new TreeMap<>();
        if (!Files.exists(root)) {
            return new HomeSnapshot(entries);
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                String name = root.relativize(path).toString();
                entries.put(name, Files.isDirectory(path) ? "dir" : sha256(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HomeSnapshot(entries);
    }

    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0;) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
