package ai.eternego.diary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The key derivation runs at full speed only once the JIT has compiled its loop; a cold first call
 * takes several times longer. Two derivations in the background at start make the first create or
 * migrate as fast as the later ones.
 */
@ApplicationScoped
public class KdfWarmUp {

    static final int ROUNDS = 2;

    void warm(@Observes StartupEvent event) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                DiaryKey.derive("warm up", "00000000-0000-0000-0000-000000000000");
            }
        });
    }
}
