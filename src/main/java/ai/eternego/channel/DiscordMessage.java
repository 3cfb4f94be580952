package ai.eternego.channel;

import java.util.List;

/**
 * One message a person wrote to her Discord bot: in a direct message ({@code guildId} null), or in a server
 * channel where she was mentioned. Her own messages and other bots' never become one.
 *
 * @param id the message's snowflake, unique: a replayed event is delivered once
 * @param channelId where to answer ({@link DiscordSession#send}); a direct message's channel for a DM
 * @param guildId the server, or null for a direct message
 * @param authorId who wrote it
 * @param authorName their user name
 * @param content the text, possibly empty when the message only carries attachments
 * @param attachments the files it carries, described (nothing downloaded): each {@link Attachment#ref()} is
 *        its URL on Discord's CDN, and a voice message's audio is {@link Attachment.Kind#VOICE}
 * @param flags Discord's message flags ({@link #VOICE} for a voice message)
 */
public record DiscordMessage(String id, String channelId, String guildId, String authorId, String authorName,
        String content, List<Attachment> attachments, int flags) {

    /** The flag of a voice message. */
    public static final int VOICE = 1 << 13;

    public DiscordMessage {
        attachments = List.copyOf(attachments);
    }

    /** Whether it was written in a direct message to her bot. */
    public boolean direct() {
        return guildId == null;
    }

    /** Whether it is a voice message (its audio is the first attachment). */
    public boolean voice() {
        return (flags & VOICE) != 0;
    }
}
