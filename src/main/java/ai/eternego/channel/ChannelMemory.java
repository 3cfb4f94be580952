package ai.eternego.channel;

import java.util.Optional;

/**
 * The little a session must remember across restarts, kept in her workspace (small JSON texts, each
 * written atomically). Both calls block on the disk: call them from a worker thread.
 */
public interface ChannelMemory {

    Optional<String> read(String name);

    void write(String name, String content);
}
