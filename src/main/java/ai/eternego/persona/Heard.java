package ai.eternego.persona;

import ai.eternego.record.ConversationLine;

/** A message she heard and kept, and her reply to it as it comes. */
public record Heard(ConversationLine message, Reply reply) {
}
