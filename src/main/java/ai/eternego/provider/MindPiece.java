package ai.eternego.provider;

/**
 * One piece of her Mind's streamed answer: some of her words, or a whole call of one of her abilities
 * (the vendor's native tool call, its arguments assembled from however many pieces they came in).
 */
public sealed interface MindPiece permits MindPiece.Words, MindPiece.ToolCall {

    /** Some of her words, in order, thoughts left out. */
    record Words(String text) implements MindPiece {
    }

    /**
     * She calls an ability: the vendor's call id (made up when the vendor gives none), the ability's name,
     * its arguments as a JSON object's text, and Gemini's {@code thoughtSignature} of the call ({@code null}
     * elsewhere), which must travel back with the call.
     */
    record ToolCall(String id, String name, String argumentsJson, String signature) implements MindPiece {

        public ToolCall(String id, String name, String argumentsJson) {
            this(id, name, argumentsJson, null);
        }
    }
}
