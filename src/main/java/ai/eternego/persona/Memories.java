package ai.eternego.persona;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.core.Refusal;
import ai.eternego.record.PersonaRecord;

/**
 * What a migrated diary's {@code config.json} says of who she is: id, name, birthday, version, status
 * and idle timeout. Unknown keys, older three-organ records and minimal records are tolerated;
 * her organs and channels are never taken from here.
 */
record Memories(String name, String birthday, String version, String status, Integer idleTimeout) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Memories read(Path config, String id) {
        if (!Files.isRegularFile(config)) {
            throw Refusal.invalid("The diary has no config.json, so it is not a persona's diary.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(config.toFile());
        } catch (IOException e) {
            throw Refusal.invalid("The diary's config.json is not valid JSON, so she cannot be restored.");
        }
        if (root == null || !root.isObject()) {
            throw Refusal.invalid("The diary's config.json is not a JSON object, so she cannot be restored.");
        }
        if (!id.equals(root.path("id").asText(null))) {
            throw Refusal.invalid("The diary's config.json belongs to another persona than its file name"
                    + " says (" + id + "); upload it under its own name.");
        }
        String name = text(root, "name");
        if (name == null || name.isBlank()) {
            throw Refusal.invalid("The diary's config.json has no name, so she cannot be restored.");
        }
        String status = text(root, "status");
        if (!"hibernate".equals(status)) {
            status = "active";
        }
        JsonNode idle = root.path("idle_timeout");
        return new Memories(name,
                orElse(text(root, "birthday"), LocalDate.now().toString()),
                orElse(text(root, "version"), PersonaRecord.VERSION),
                status,
                idle.canConvertToInt() && idle.isIntegralNumber() ? idle.intValue() : PersonaRecord.DEFAULT_IDLE_TIMEOUT);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.path(field);
        return node.isTextual() ? node.asText() : null;
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
