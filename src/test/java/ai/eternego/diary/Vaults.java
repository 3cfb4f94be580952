package ai.eternego.diary;

import java.nio.file.Path;
import java.util.Optional;

/** The production {@link KeyVault} over a home, for tests that lay out a home before the service starts. */
public final class Vaults {

    private Vaults() {
    }

    public static KeyVault over(Path home) {
        return new KeyVault(home, Optional.empty());
    }
}
