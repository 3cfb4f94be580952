package ai.eternego.persona;

import ai.eternego.record.ConversationLine;

/**
 * One thing told to whoever follows her, in the order it happened: a line of her conversation was kept,
 * or her status changed. The doors render it; this layer only says what happened.
 */
public sealed interface PersonaEvent {

    /** A line of her conversation, as it was kept: what she heard or what she said. */
    record Line(ConversationLine line) implements PersonaEvent {
    }

    /**
     * Her status changed: {@link #RUNNING}, {@link #STOPPED}, or {@link #SICK} with why in {@code detail}
     * ({@code null} otherwise).
     */
    record Status(String status, String detail) implements PersonaEvent {

        public static final String RUNNING = "running";
        public static final String STOPPED = "stopped";
        public static final String SICK = "sick";
    }
}
