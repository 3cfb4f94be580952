package ai.eternego.provider;

import java.util.List;

/**
 * What her Mind is asked: her system prompt and the conversation so far, oldest first.
 *
 * @param system the system prompt
 * @param turns  the turns, each by {@code user} (the person) or {@code assistant} (her)
 */
public record MindRequest(String system, List<Turn> turns) {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    public MindRequest {
        turns = List.copyOf(turns);
    }

    /** One turn: {@code role} is {@link #USER} or {@link #ASSISTANT}. */
    public record Turn(String role, String content) {
    }
}
