package ai.eternego.channel;

import java.util.List;

/**
 * One message received on a platform: the chat it came from, the platform's id of it ({@code null} when it
 * gave none), its text (or the caption of its file), whether a bot wrote it, and the files it carries (not
 * yet fetched). {@code offeredBefore}: the session handed it over before and does not know that it was taken
 * (the service was killed, or a failure came after it was taken); the sink checks before hearing it twice.
 */
public record Incoming(String chatId, String id, String text, boolean fromBot, List<Attachment> attachments,
        boolean offeredBefore) {

    public Incoming {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** The same message, offered once more. */
    public Incoming offeredAgain() {
        return new Incoming(chatId, id, text, fromBot, attachments, true);
    }
}
