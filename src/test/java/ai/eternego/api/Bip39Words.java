package ai.eternego.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The BIP-39 English word list, for generators. */
final class Bip39Words {

    static final List<String> WORDS = load();

    private Bip39Words() {
    }

    private static List<String> load() {
        try (InputStream in = Bip39Words.class.getResourceAsStream("/bip39/english.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
