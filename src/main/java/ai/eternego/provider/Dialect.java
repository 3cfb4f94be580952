package ai.eternego.provider;

import java.util.List;

/**
 * How one vendor's stream reads, line by line; one instance per answer. A line that carries a vendor
 * error throws an {@link OrganFault}; {@link #complete()} tells whether the vendor's final event came.
 */
interface Dialect {

    /** Her words in {@code line} (thoughts left out), or {@code null} when it carries none. */
    String line(String line);

    /** Whether the answer ended as the vendor ends a whole answer. */
    boolean complete();

    /**
     * Her words known only once the body has ended (an answer sent whole, not streamed), or {@code null};
     * called before {@link #complete()}.
     */
    default String end() {
        return null;
    }

    /**
     * Whether a refusal with {@code status} and {@code body} says the server does not stream (it refuses
     * {@code stream} or its options): the call then fails with {@link StreamRefused}, not a fault.
     */
    default boolean refusesStreaming(int status, String body) {
        return false;
    }

    /**
     * Whether a refusal with {@code status} and {@code body} says the server does not take the tools
     * offered: the call then fails with {@link ToolsRefused}, not a fault. Checked before
     * {@link #refusesStreaming}.
     */
    default boolean refusesTools(int status, String body) {
        return false;
    }

    /** The calls of her abilities the answer made, each whole, in order; asked once the answer is whole. */
    default List<MindPiece.ToolCall> calls() {
        return List.of();
    }
}
