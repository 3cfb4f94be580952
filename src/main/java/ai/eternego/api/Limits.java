package ai.eternego.api;

/** The patterns every field of a request is held to; one place for each. */
public final class Limits {

    /** 1–100 characters, none of them a control character. */
    public static final String NAME = "^[^\\p{Cntrl}]{1,100}$";
    /** Model names become URL and file-name parts (facts/providers.md); empty means not given. */
    public static final String MODEL = "^$|^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$";
    /** An absolute http(s) URL without spaces; empty means not given. */
    public static final String URL = "^$|^https?://[^\\s/?#]+[^\\s]{0,2000}$";
    /** API keys and bot tokens: printable, no spaces, bounded; empty means not given. */
    public static final String SECRET = "^$|^[\\x21-\\x7E]{1,512}$";

    public static final String NAME_MESSAGE = "must be 1 to 100 characters without control characters";
    public static final String MODEL_MESSAGE = "must be a model name of letters, digits and . _ : / - (at most 200, no '..')";
    public static final String URL_MESSAGE = "must be an absolute http:// or https:// URL";
    public static final String SECRET_MESSAGE = "must be 1 to 512 printable characters without spaces";

    private Limits() {
    }
}
