package ai.eternego.diary;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared/ directory that lives beside the clone (../shared from the working directory). */
final class SharedFiles {

    private SharedFiles() {
    }

    static Path shared() {
        Path p = Path.of(System.getProperty("user.dir")).resolve("..").resolve("shared").normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("shared/ not found beside the project: " + p);
        }
        return p;
    }
}
