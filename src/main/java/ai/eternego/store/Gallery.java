package ai.eternego.store;

import java.io.IOException;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Upstream's {@code media/gallery.jsonl}: one line for each image she looked at,
 * {@code {"source":<home-relative path>,"question","answer","time"}}, appended and forced to the disk. Upstream's
 * night routine writes it; here her eye's answer is written as soon as she has it. Blocking: call it on a worker.
 */
@ApplicationScoped
public class Gallery {

    public static final String FILE = "gallery.jsonl";

    private final HomeLayout layout;
    private final PersonaLocks locks;
    private final ObjectMapper json;

    public Gallery(HomeLayout layout, PersonaLocks locks, ObjectMapper json) {
        this.layout = layout;
        this.locks = locks;
        this.json = json;
    }

    /** Adds the image at {@code source} (relative to her home), what was asked of it and what her eye saw. */
    public void add(String id, String source, String question, String answer, String time) {
        ObjectNode line = json.createObjectNode().put("source", source).put("question", question).put("answer", answer)
                .put("time", time);
        String text = line.toString() + "\n";
        Path file = layout.homeDir(id).resolve(MediaStore.DIR).resolve(FILE);
        locks.locked(id, () -> {
            try {
                AtomicFiles.appendLines(file, text, true);
            } catch (IOException e) {
                throw Disk.failure("keep her gallery", e);
            }
            return file;
        });
    }
}
