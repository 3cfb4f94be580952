package ai.eternego.channel;

/**
 * A file a person sent on a chat platform, not yet fetched: what it is, the platform's reference to it
 * (Telegram file_id, Discord attachment URL), its declared content type, size in bytes (-1 unknown), and name.
 */
public record Attachment(Kind kind, String ref, String contentType, long size, String fileName) {

    /** What the platform says the file is. */
    public enum Kind { IMAGE, VOICE, AUDIO, DOCUMENT, OTHER }
}
