package ai.eternego.persona;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.eternego.provider.MindRequest.Turn;

class ConversationFitTest {

    static final List<Turn> PAST = List.of(new Turn("user", "aaaa"), new Turn("assistant", "bbbb"),
            new Turn("user", "cccc"), new Turn("assistant", "dd"));

    @Test
    void theOldestAreDroppedFirstAndOrderIsKept() {
        assertEquals(PAST.subList(2, 4), Conversation.fit(PAST, 9));
        assertEquals(PAST.subList(1, 4), Conversation.fit(PAST, 10));
        assertEquals(PAST, Conversation.fit(PAST, 100));
    }

    @Test
    void nothingFitsInNoRoom() {
        assertEquals(List.of(), Conversation.fit(PAST, 1));
        assertEquals(List.of(), Conversation.fit(PAST, -5));
    }
}
