package ai.eternego.store;

import java.io.IOException;
import java.nio.file.FileSystemException;

import ai.eternego.core.Refusal;

/** Failures of the disk, told in words: a full disk, or another refusal of the disk that says what failed. */
public final class Disk {

    private Disk() {
    }

    public static Refusal failure(String what, IOException e) {
        if (isFull(e)) {
            return new Refusal(Refusal.Kind.NO_SPACE, "The disk is full, so we could not " + what
                    + ". Free some space and try again; nothing was changed.", e);
        }
        return new Refusal(Refusal.Kind.DISK_FAILED, "We could not " + what + ": the disk refused ("
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
