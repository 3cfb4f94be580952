package ai.eternego.provider;

import java.util.regex.Pattern;

import ai.eternego.core.Refusal;

/** Model names become part of URLs and file names: they must match a strict pattern. */
public final class ModelName {

    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}");

    private ModelName() {
    }

    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches() && !name.contains("..");
    }

    /** The name itself, or a 400 naming {@code field}. */
    public static String require(String name, String field) {
        if (!isValid(name)) {
            throw Refusal.invalid(field + ": not a valid model name (letters, digits and . _ : / -, "
                    + "at most 200 characters, starting with a letter or digit)");
        }
        return name;
    }

    /** Ollama reads {@code llama3} as {@code llama3:latest}. */
    public static String withTag(String name) {
        int slash = name.lastIndexOf('/');
        return name.indexOf(':', slash + 1) >= 0 ? name : name + ":latest";
    }
}
