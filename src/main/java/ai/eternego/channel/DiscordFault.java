package ai.eternego.channel;

/**
 * Something Discord refused or could not do, in a sentence a person can act on. It never carries the bot
 * token, a request header or a stack of the vendor's words.
 */
public final class DiscordFault extends RuntimeException {

    private final boolean fatal;

    DiscordFault(String sentence, boolean fatal) {
        super(sentence, null, false, false);
        this.fatal = fatal;
    }

    /** Whether only the owner can mend it (a refused token): trying again changes nothing. */
    public boolean fatal() {
        return fatal;
    }
}
