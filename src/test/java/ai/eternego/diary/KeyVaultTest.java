package ai.eternego.diary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyVaultTest {

    static final String ID = "6a0f3b52-91c4-4d2e-b7a8-5e19c0d4f2a7";

    static DiaryKey key() {
        byte[] b = new byte[32];
        new Random(3).nextBytes(b);
        return DiaryKey.of(b);
    }

    @Test
    void sealOpenRoundTripWithGeneratedMachineKey(@TempDir Path home) throws Exception {
        KeyVault v = new KeyVault(home, Optional.empty());
        byte[] sealed = v.seal(ID, key());
        assertEquals(61, sealed.length);
        assertEquals(1, sealed[0]);
        assertEquals(key(), v.open(ID, sealed));
        assertNotEquals(java.util.Arrays.toString(sealed), java.util.Arrays.toString(v.seal(ID, key())), "random nonce");

        Path file = home.resolve("keys/machine.key");
        assertTrue(Files.isRegularFile(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals(32, Base64.getDecoder().decode(Files.readString(file).strip()).length);
        try (var s = Files.list(file.getParent())) {
            assertEquals(1, s.count(), "no temp files left");
        }
        // a second vault (restart) reads the same key
        assertEquals(key(), new KeyVault(home, Optional.empty()).open(ID, sealed));
    }

    @Test
    void configuredMachineKeyIsUsedAndNothingWritten(@TempDir Path home) {
        byte[] mk = new byte[32];
        new Random(9).nextBytes(mk);
        String b64 = Base64.getEncoder().encodeToString(mk);
        KeyVault v = new KeyVault(home, Optional.of(b64));
        byte[] sealed = v.seal(ID, key());
        assertEquals(key(), new KeyVault(home, Optional.of(b64)).open(ID, sealed));
        assertArrayEquals(mk, v.machineKey());
        assertFalse(Files.exists(home.resolve("keys")));
        // another machine key does not open it
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new KeyVault(home, Optional.empty()).open(ID, sealed));
        assertFalse(e.getMessage().contains(b64));
    }

    @Test
    void otherPersonaOrTamperingDoesNotOpen(@TempDir Path home) {
        KeyVault v = new KeyVault(home, Optional.empty());
        byte[] sealed = v.seal(ID, key());
        assertThrows(IllegalStateException.class, () -> v.open("11111111-2222-3333-4444-555555555555", sealed));
        byte[] bad = sealed.clone();
        bad[20] ^= 1;
        assertThrows(IllegalStateException.class, () -> v.open(ID, bad));
        assertThrows(IllegalStateException.class, () -> v.open(ID, new byte[5]));
    }

    @Test
    void badConfiguredKeyRefused(@TempDir Path home) {
        assertThrows(IllegalStateException.class, () -> new KeyVault(home, Optional.of("c2hvcnQ=")).seal(ID, key()));
    }

    @Test
    void concurrentCreatorsAgree(@TempDir Path home) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                tasks.add(() -> Base64.getEncoder().encodeToString(new KeyVault(home, Optional.empty()).machineKey()));
            }
            Set<String> keys = new HashSet<>();
            for (Future<String> f : pool.invokeAll(tasks)) {
                keys.add(f.get());
            }
            assertEquals(1, keys.size());
            assertEquals(keys.iterator().next(), Files.readString(home.resolve("keys/machine.key")).strip());
        } finally {
            pool.shutdown();
        }
    }
}
