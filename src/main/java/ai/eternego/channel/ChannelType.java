package ai.eternego.channel;

/** How people reach her besides the web page. */
public enum ChannelType {
    TELEGRAM("telegram"),
    DISCORD("discord");

    private final String key;

    ChannelType(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return key;
    }
}
