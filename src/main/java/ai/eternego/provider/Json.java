package ai.eternego.provider;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON of the streaming calls: bodies built as trees, lines read as trees (a line of her words: {@link LeanLine}). */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Reads trees with the type of a tree known once: the mapper would look it up for every line. */
    private static final ObjectReader TREES = MAPPER.reader();

    private Json() {
    }

    /** The factory of the mapper that reads the trees, for reading a line as tokens. */
    static JsonFactory factory() {
        return MAPPER.getFactory();
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request body could not be written", e);
        }
    }

    static JsonNode read(String text) {
        try {
            return TREES.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload of an SSE {@code data:} line, or {@code null} for any other line. */
    static String data(String line) {
        if (!line.startsWith("data:")) {
            return null;
        }
        return line.substring(5).trim();
    }

    /** The text of a field, or {@code null} when it is missing or not text. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
