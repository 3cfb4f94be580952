package ai.eternego.diary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import ai.eternego.config.EternegoConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Wraps diary keys under the key of this machine (AES-256-GCM), so that what is stored on disk
 * ({@code keys/<id>.key}, written by the caller) is useless elsewhere.
 *
 * <p>The machine key is {@code eternego.keys.machine-key} (base64 of 32 bytes) when configured, otherwise
 * {@code <home>/keys/machine.key} (base64 text), created on first use with mode 0600 in a 0700
 * directory, atomically: written to a temporary file, then hard-linked into place (which fails when a
 * concurrent creator won, whose key is then read); file systems without hard links fall back to a
 * non-replacing move.
 *
 * <p>Sealed format, 61 bytes: {@code 0x01} (version) | 12-byte random nonce | AES-256-GCM of the 32
 * key bytes with a 16-byte tag, AAD = the persona id as UTF-8 (a sealed key moved to another id does
 * not open).
 */
@ApplicationScoped
public class KeyVault {

    static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    /** Created with the bean, at run time: a native image must not carry a seeded random in its heap. */
    private final SecureRandom random = new SecureRandom();

    private final Path home;
    private final Optional<String> configured;
    private volatile byte[] machineKey;

    @Inject
    public KeyVault(EternegoConfig config) {
        this(config.home(), config.keys().machineKey());
    }

    /** For tests and tools: a vault over {@code home} with an optional base64 machine key. */
    KeyVault(Path home, Optional<String> machineKey) {
        this.home = home;
        this.configured = machineKey.map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Loads the machine key, or creates it on this first start; a malformed configured key stops the start. */
    void prepare(@Observes StartupEvent event) {
        machineKey();
    }

    /** Wraps {@code key} for {@code personaId}. */
    public byte[] seal(String personaId, DiaryKey key) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        byte[] plain = key.bytes();
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce, personaId);
            byte[] ct = c.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE + ct.length).put(VERSION).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Unwraps a key sealed by {@link #seal}; an {@link IllegalStateException} when it does not authenticate. */
    public DiaryKey open(String personaId, byte[] sealed) {
        if (sealed == null || sealed.length != 1 + NONCE + 32 + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalStateException("The stored diary key of " + personaId + " is not in a known format.");
        }
        byte[] nonce = Arrays.copyOfRange(sealed, 1, 1 + NONCE);
        byte[] plain = null;
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, nonce, personaId);
            plain = c.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
            return DiaryKey.of(plain);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("The stored diary key of " + personaId
                    + " does not open with this machine's key (another machine key, or a damaged key file).");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String personaId) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(machineKey(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(personaId.getBytes(StandardCharsets.UTF_8));
        return c;
    }

    /** The 32-byte machine key, loaded or created once. */
    byte[] machineKey() {
        byte[] k = machineKey;
        if (k == null) {
            synchronized (this) {
                k = machineKey;
                if (k == null) {
                    k = configured.isPresent() ? decode(configured.get(), "eternego.keys.machine-key") : loadOrCreate();
                    machineKey = k;
                }
            }
        }
        return k;
    }

    private static byte[] decode(String b64, String where) {
        byte[] k;
        try {
            k = Base64.getDecoder().decode(b64.strip());
        } catch (IllegalArgumentException e) {
            try {
                k = Base64.getUrlDecoder().decode(b64.strip());
            } catch (IllegalArgumentException e2) {
                throw new IllegalStateException(where + " is not base64");
            }
        }
        if (k.length != 32) {
            throw new IllegalStateException(where + " must be the base64 of 32 bytes, not " + k.length);
        }
        return k;
    }

    /** Path of the generated machine key. */
    Path keyFile() {
        return home.resolve("keys").resolve("machine.key");
    }

    private byte[] loadOrCreate() {
        Path file = keyFile();
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
            }
            Path dir = file.getParent();
            boolean posix = home.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                try {
                    if (posix) {
                        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    } else {
                        Files.createDirectories(dir);
                    }
                } catch (FileAlreadyExistsException raced) {
                    // another creator made it
                }
            }
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            Path tmp = posix
                    ? Files.createTempFile(dir, "machine.key.", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, "machine.key.", ".tmp");
            try {
                Files.write(tmp, (Base64.getEncoder().encodeToString(fresh) + "\n").getBytes(StandardCharsets.US_ASCII),
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
                try {
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException lost) {
                    return decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
                } catch (UnsupportedOperationException | IOException noLinks) {
                    if (Files.exists(file)) {
                        return decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
                    }
                    Files.move(tmp, file);
                }
                return fresh;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the machine key " + file, e);
        }
    }
}
