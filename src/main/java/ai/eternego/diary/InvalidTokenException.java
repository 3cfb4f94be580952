package ai.eternego.diary;

import java.io.IOException;

/** The bytes are not a Fernet token that this key authenticates (wrong key, damaged, truncated, not base64url). */
public final class InvalidTokenException extends IOException {

    public InvalidTokenException(String message) {
        super(message);
    }
}
