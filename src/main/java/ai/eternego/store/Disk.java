package ai.eternego.store;

import java.io.IOException;
import java.nio.file.FileSystemException;

import ai.eternego.api.ApiException;

/** Failures of the disk, told in words: a full disk is a 507, anything else a 500 that says what failed. */
public final class Disk {

    private Disk() {
    }

    public static ApiException failure(String what, IOException e) {
        if (isFull(e)) {
            return new ApiException(507, "The disk is full, so we could not " + what
                    + ". Free some space and try again; nothing was changed.", e);
        }
        return new ApiException(500, "We could not " + what + ": the disk refused ("
                + e.getClass().getSimpleName() + "). Nothing was changed.", e);
    }

    public static boolean isFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t instanceof FileSystemException fs ? fs.getReason() : t.getMessage();
            if (message != null && (message.contains("No space left") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
