package ai.eternego.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The upstream side of compatibility: {@code ../shared} beside the project (its fixtures, its reader)
 * and {@code tools/verify_diary.py}, run with Debian's Python and python3-cryptography.
 */
public final class Upstream {

    private Upstream() {
    }

    /** {@code ../shared}, found from the working directory (the project root under Maven). */
    public static Path shared() {
        Path shared = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("shared");
        if (!Files.isDirectory(shared)) {
            throw new IllegalStateException("../shared is missing beside the project: " + shared);
        }
        return shared;
    }

    /** The result of one run of verify_diary.py. */
    public record Verdict(int exitCode, String output) {
    }

    /** Opens {@code diary} exactly as upstream Eternego does; extra arguments such as {@code --compare-dir}. */
    public static Verdict verifyDiary(Path diary, String phrase, String... extra) throws IOException, InterruptedException {
        Path phraseFile = Files.createTempFile("phrase", ".txt");
        try {
            Files.writeString(phraseFile, phrase, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of("/usr/bin/python3",
                    shared().resolve("tools/verify_diary.py").toString(), diary.toString(), "--phrase-file",
                    phraseFile.toString()));
            command.addAll(List.of(extra));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("verify_diary.py did not finish in 120 s");
            }
            return new Verdict(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(phraseFile);
        }
    }
}
