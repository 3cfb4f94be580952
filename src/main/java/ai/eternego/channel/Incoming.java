package ai.eternego.channel;

import java.util.List;

/**
 * One message received on a platform: the chat it came from, its text (or the caption of its file), whether
 * a bot wrote it, and the files it carries (not yet fetched).
 */
public record Incoming(String chatId, String text, boolean fromBot, List<Attachment> attachments) {

    public Incoming {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A message without files. */
    public Incoming(String chatId, String text, boolean fromBot) {
        this(chatId, text, fromBot, List.of());
    }
}
