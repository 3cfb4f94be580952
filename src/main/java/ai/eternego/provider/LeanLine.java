package ai.eternego.provider;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads the line that makes up almost all of an answer, a piece of her words, without building its tree:
 * a vendor's line is walked once as JSON tokens, and only the text of her words becomes a string. A tree
 * costs a map, its entries and a node for every field of every line, thousands of lines a second while
 * many answers stream, and that garbage is what her collector pauses for.
 * <p>
 * A dialect's {@link Reader} claims only a line that carries her words and nothing else its tree reading
 * would act on (an error, a call of an ability, the end of the answer); it gives up on any other line,
 * and on any line it cannot read, which the dialect then reads as a tree, as before. One per answer: it
 * keeps the buffer the line is copied into.
 */
final class LeanLine {

    private static final JsonFactory JSON = Json.factory();

    /** The words of the object a parser has just opened, or {@code null} to leave the line to the tree. */
    @FunctionalInterface
    interface Reader {
        String words(JsonParser json) throws IOException;
    }

    private char[] chars = new char[512];

    /**
     * The words {@code reader} finds in the JSON object that starts at {@code from} in {@code line}
     * (JSON's whitespace before it skipped), or {@code null} when the line is not one it claims.
     */
    String words(String line, int from, Reader reader) {
        int start = from;
        while (start < line.length() && json(line.charAt(start))) {
            start++;
        }
        if (start == line.length() || line.charAt(start) != '{') {
            return null;
        }
        int length = line.length() - start;
        if (chars.length < length) {
            chars = new char[Math.max(length, 2 * chars.length)];
        }
        line.getChars(start, line.length(), chars, 0);
        try (JsonParser json = JSON.createParser(chars, 0, length)) {
            json.nextToken();
            return reader.words(json);
        } catch (IOException unreadable) {
            // the tree reads it again, and says why it cannot
            return null;
        }
    }

    /** As {@link #words(String, int, Reader)} for the payload of an SSE {@code data:} line; any other line is the tree's. */
    String data(String line, Reader reader) {
        return line.startsWith("data:") ? words(line, 5, reader) : null;
    }

    /**
     * The text of {@code content} in the object the parser is at (an OpenAI {@code delta}, an Ollama
     * {@code message}), or {@code null} when it has none or calls an ability ({@code tool_calls} not
     * {@code null}): such a line is the tree's. A repeated field counts once, the last, as in the tree.
     */
    static String content(JsonParser json) throws IOException {
        if (!object(json)) {
            json.skipChildren();
            return null;
        }
        String words = null;
        boolean calls = false;
        for (String field = field(json); field != null; field = field(json)) {
            if (field.equals("content")) {
                words = text(json);
            } else {
                if (field.equals("tool_calls")) {
                    calls = !isNull(json);
                }
                json.skipChildren();
            }
        }
        return calls ? null : words;
    }

    /** JSON's whitespace; a line that begins with any other, the tree reads (or refuses) as it does. */
    private static boolean json(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Whether the value the parser is at is the string {@code expected}; any other value is skipped. */
    static boolean is(JsonParser json, String expected) throws IOException {
        if (json.currentToken() != JsonToken.VALUE_STRING) {
            json.skipChildren();
            return false;
        }
        int length = json.getTextLength();
        if (length != expected.length()) {
            return false;
        }
        char[] text = json.getTextCharacters();
        int offset = json.getTextOffset();
        for (int i = 0; i < length; i++) {
            if (text[offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The string the parser is at, or {@code null} for any other value, which is skipped. */
    static String text(JsonParser json) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_STRING) {
            return json.getText();
        }
        json.skipChildren();
        return null;
    }

    /**
     * Moves to the next field of the object the parser is in and past its name: its name, or {@code null}
     * once the object has ended.
     */
    static String field(JsonParser json) throws IOException {
        if (json.nextToken() != JsonToken.FIELD_NAME) {
            return null;
        }
        String name = json.currentName();
        json.nextToken();
        return name;
    }

    /** Whether the object the last {@link #field} call ran to the end of was closed, not cut short. */
    static boolean closed(JsonParser json) {
        return json.currentToken() == JsonToken.END_OBJECT;
    }

    /** Whether the value the parser is at opens an object. */
    static boolean object(JsonParser json) {
        return json.currentToken() == JsonToken.START_OBJECT;
    }

    /** Whether the value the parser is at opens an array. */
    static boolean array(JsonParser json) {
        return json.currentToken() == JsonToken.START_ARRAY;
    }

    /** Whether the value the parser is at is {@code null}. */
    static boolean isNull(JsonParser json) {
        return json.currentToken() == JsonToken.VALUE_NULL;
    }
}
