package ai.eternego.channel;

import java.nio.file.Path;

import ai.eternego.store.MediaKind;
import io.smallrye.mutiny.Uni;

/**
 * One open bot session on a chat platform: it receives on its own (see {@link ChatPlatform#open}), and
 * sends what it is given. Nothing of it blocks a thread; its token never appears in a log line or a
 * failure's message.
 */
public interface ChatSession {

    /**
     * Sends one message of at most {@link ChatPlatform#maxMessageLength()} characters, as plain text.
     * Rate limits and passing failures are waited out while the session is open; the answer fails with
     * {@link SendRefused} when the platform will never take it (the chat blocked the bot, a bad chat id)
     * or the session closed before it could be sent.
     */
    Uni<Void> send(String chatId, String text);

    /**
     * Streams the file of {@code attachment} into {@code target} (created or replaced); fails with a
     * {@code SendRefused(words, false)} when the platform refuses it or it exceeds {@code maxBytes} (nothing
     * is left at target). A broken network fails with another exception: the message may be offered again.
     */
    Uni<Void> download(Attachment attachment, Path target, long maxBytes);

    /**
     * Sends a file to {@code chatId}: kind IMAGE as a photo, AUDIO as a voice message, DOCUMENT as a document
     * (Telegram sendPhoto / sendVoice / sendDocument, multipart; Discord one message with files[0]), with an
     * optional caption; retried and refused like {@link #send}.
     */
    Uni<Void> sendFile(String chatId, MediaKind kind, Path file, String contentType, String caption);

    /** Shows that she is writing in {@code chatId}, for a few seconds; failures are only noted. */
    void typing(String chatId);

    /** Stops receiving and sending; calls under way are abandoned. */
    void close();

    /** How the session is doing now, in words. */
    SessionState state();
}
