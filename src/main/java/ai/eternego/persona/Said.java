package ai.eternego.persona;

import ai.eternego.record.ConversationLine;

/**
 * What she said in answer, and when (ISO time with offset, as in her conversation file), with the file she made
 * for it (a drawing), or {@code null}.
 */
public record Said(String content, String time, ConversationLine.Media media) {
}
