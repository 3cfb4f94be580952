package ai.eternego.door;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import ai.eternego.channel.ChannelMemory;
import ai.eternego.store.AtomicFiles;
import ai.eternego.store.HomeLayout;

/**
 * What one of her channels remembers, as small files in {@code workspace/channels/} named after the channel
 * ({@code telegram.offset.json}), each written atomically. Nothing is written once she is deleted: a late
 * write never brings back a persona directory.
 */
final class WorkspaceMemory implements ChannelMemory {

    private final HomeLayout layout;
    private final String id;
    private final String prefix;

    WorkspaceMemory(HomeLayout layout, String id, String prefix) {
        this.layout = layout;
        this.id = id;
        this.prefix = prefix;
    }

    static Path dir(HomeLayout layout, String id) {
        return layout.workspaceDir(id).resolve("channels");
    }

    private Path file(String name) {
        return dir(layout, id).resolve(prefix + "." + name + ".json");
    }

    @Override
    public Optional<String> read(String name) {
        try {
            return Optional.of(Files.readString(file(name), StandardCharsets.UTF_8));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(String name, String content) {
        write(layout, id, file(name), content);
    }

    /** Writes {@code file} of her workspace atomically, unless she no longer exists. */
    static void write(HomeLayout layout, String id, Path file, String content) {
        if (!layout.exists(id)) {
            return;
        }
        try {
            AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
