package ai.eternego.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.eternego.core.PersonaId;

/** Puts ETERNEGO_HOME in order at start: what an interrupted create or migrate left behind goes. */
@ApplicationScoped
public class HomeRecovery {

    private static final Logger LOG = Logger.getLogger(HomeRecovery.class);

    private final HomeLayout layout;

    public HomeRecovery(HomeLayout layout) {
        this.layout = layout;
    }

    /** Called once, at start, before any persona runs. */
    public void recover() {
        Path root = layout.root();
        try {
            AtomicFiles.createDirectories(root);
            AtomicFiles.restrict(root);
            AtomicFiles.deleteTree(layout.stagingRoot());
            AtomicFiles.deleteTree(layout.tempDir());
            AtomicFiles.createDirectories(layout.stagingRoot());
            AtomicFiles.createDirectories(layout.tempDir().resolve("uploads"));
            removeOrphans(layout.keysDir(), ".key");
            removeOrphans(root.resolve("diary"), "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy " + root, e);
        }
    }

    private void removeOrphans(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.endsWith(suffix)) {
                    continue;
                }
                String id = name.substring(0, name.length() - suffix.length());
                if (PersonaId.isCanonical(id) && !layout.exists(id)) {
                    LOG.infof("Removing %s left by an interrupted create or migrate", entry.getFileName());
                    AtomicFiles.deleteTree(entry);
                }
            }
        }
    }
}
