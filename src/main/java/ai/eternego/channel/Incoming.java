package ai.eternego.channel;

/** One message received on a platform: the chat it came from, its text, and whether a bot wrote it. */
public record Incoming(String chatId, String text, boolean fromBot) {
}
