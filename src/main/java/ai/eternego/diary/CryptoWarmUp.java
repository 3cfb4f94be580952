package ai.eternego.diary;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The key derivation runs at full speed only once the JIT has compiled its loop, and the first diary
 * loads the zip and cipher classes: a cold first create pays for both. In the background at start,
 * this makes a phrase, derives its key and writes a diary of a one-file home to nowhere, twice, so the
 * first create or migrate costs what the later ones do.
 */
@ApplicationScoped
public class CryptoWarmUp {

    private static final Logger LOG = Logger.getLogger(CryptoWarmUp.class);
    static final int ROUNDS = 2;

    void warm(@Observes StartupEvent event) {
        Infrastructure.getDefaultWorkerPool().execute(CryptoWarmUp::run);
    }

    static void run() {
        try {
            Path home = Files.createTempDirectory("eternego-warm-up");
            Path note = Files.writeString(home.resolve("warm-up.md"), "a line to compress\n".repeat(64));
            try {
                for (int i = 0; i < ROUNDS; i++) {
                    DiaryKey key = DiaryKey.derive(Bip39.generate(), "00000000-0000-0000-0000-000000000000");
                    DiaryWriter.write(home, OutputStream.nullOutputStream(), key);
                }
            } finally {
                Files.deleteIfExists(note);
                Files.deleteIfExists(home);
            }
        } catch (IOException e) {
            LOG.debugf("Warm-up skipped: %s", e.getClass().getSimpleName());
        }
    }
}
