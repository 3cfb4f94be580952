package ai.eternego.provider;

import java.util.List;

/**
 * What her Mind is asked: her system prompt, the conversation so far (oldest first), and the abilities
 * she may call.
 *
 * @param system the system prompt
 * @param turns  the turns, each by {@code user} (the person) or {@code assistant} (her)
 * @param tools  the abilities offered as native tools (none: she is offered none)
 * @param toolsInWords her abilities described in words, for her system prompt when a server refuses
 *                     native tools ({@code null} when none are offered)
 */
public record MindRequest(String system, List<Turn> turns, List<MindTool> tools, String toolsInWords) {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    public MindRequest {
        turns = List.copyOf(turns);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** A request that offers no ability. */
    public MindRequest(String system, List<Turn> turns) {
        this(system, turns, List.of(), null);
    }

    /** The same request without native tools: her abilities are told in words, in her system prompt. */
    public MindRequest inWords() {
        String told = toolsInWords == null || toolsInWords.isBlank() ? system : system + "\n\n" + toolsInWords;
        return new MindRequest(told, turns, List.of(), null);
    }

    /**
     * One turn: {@code role} is {@link #USER} or {@link #ASSISTANT}; {@code content} is its text (for a call
     * of an ability, upstream's text form: her {@code {"tools.<name>": {…}}} or the {@code TOOL_RESULT}).
     * {@code call} is set on her turn that calls an ability natively and on the user turn that carries its
     * result: a vendor that takes tools sends both in its own shape, else the text is sent.
     */
    public record Turn(String role, String content, MindPiece.ToolCall call) {

        public Turn(String role, String content) {
            this(role, content, null);
        }

        /** Whether this is her native call of an ability. */
        public boolean isCall() {
            return call != null && ASSISTANT.equals(role);
        }

        /** Whether this is the result of her native call of an ability. */
        public boolean isResult() {
            return call != null && USER.equals(role);
        }
    }
}
