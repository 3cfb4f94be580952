package ai.eternego.core;

/**
 * The one way the domain says no: what kind of refusal it is, and the sentence a person can act on.
 * Only the doors (the HTTP API, a channel, a timer) decide how a kind is told in their own terms, such
 * as an HTTP status. Sentences never carry a key, a token or a phrase.
 */
public class Refusal extends RuntimeException {

    /** What went wrong, as the domain sees it. */
    public enum Kind {
        /** A value a person gave cannot be used (a bad id, model name, URL, phrase, diary, change). */
        INVALID,
        /** The request itself is incomplete or has the wrong shape (a required field is missing). */
        MALFORMED,
        /** There is no such persona (or archive). */
        NOT_FOUND,
        /** It clashes with what is already there or under way. */
        CONFLICT,
        /** It is over a size limit. */
        TOO_LARGE,
        /** Too many attempts in a short time (such as wrong pairing codes): wait, then try again. */
        TOO_MANY,
        /** An organ or a channel could not be prepared. */
        NOT_PREPARED,
        /** The disk is full: nothing was changed. */
        NO_SPACE,
        /** The disk refused for another reason: nothing was changed. */
        DISK_FAILED,
        /** She was created, migrated or changed, but her agent failed to start. */
        FAILED_TO_START
    }

    private final Kind kind;

    public Refusal(Kind kind, String sentence) {
        this(kind, sentence, null);
    }

    public Refusal(Kind kind, String sentence, Throwable cause) {
        super(sentence, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The sentence for a person. */
    public String sentence() {
        return getMessage();
    }

    public static Refusal invalid(String sentence) {
        return new Refusal(Kind.INVALID, sentence);
    }

    public static Refusal malformed(String sentence) {
        return new Refusal(Kind.MALFORMED, sentence);
    }

    public static Refusal notFound(String sentence) {
        return new Refusal(Kind.NOT_FOUND, sentence);
    }

    /** The refusal for an id that names nobody here. */
    public static Refusal personaNotFound() {
        return notFound("Persona not found.");
    }

    public static Refusal conflict(String sentence) {
        return new Refusal(Kind.CONFLICT, sentence);
    }

    public static Refusal tooLarge(String sentence) {
        return new Refusal(Kind.TOO_LARGE, sentence);
    }

    public static Refusal tooMany(String sentence) {
        return new Refusal(Kind.TOO_MANY, sentence);
    }

    public static Refusal notPrepared(String sentence) {
        return new Refusal(Kind.NOT_PREPARED, sentence);
    }

    public static Refusal failedToStart(String sentence) {
        return new Refusal(Kind.FAILED_TO_START, sentence);
    }
}
