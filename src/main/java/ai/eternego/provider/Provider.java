package ai.eternego.provider;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import ai.eternego.core.Refusal;

/** Where an organ runs. {@link #LOCAL} is Ollama and is written as {@code null} in her record. */
public enum Provider {
    LOCAL(null),
    ANTHROPIC("anthropic"),
    OPENAI("openai"),
    XAI("xai"),
    GEMINI("gemini");

    private final String key;

    Provider(String key) {
        this.key = key;
    }

    /** The name in her record and in requests; {@code null} for local. */
    public String key() {
        return key;
    }

    public boolean isLocal() {
        return this == LOCAL;
    }

    /** Omitted, null, empty or {@code local} is local; anything unknown is a 400 that lists the known names. */
    public static Provider parse(String raw, String field) {
        if (raw == null || raw.isBlank() || raw.trim().equalsIgnoreCase("local")) {
            return LOCAL;
        }
        String wanted = raw.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(p -> wanted.equals(p.key))
                .findFirst()
                .orElseThrow(() -> Refusal.invalid(field + ": unknown provider; use one of "
                        + known() + ", or leave it out for a local (Ollama) model."));
    }

    public static String known() {
        return Arrays.stream(values()).filter(p -> p.key != null).map(Provider::key).collect(Collectors.joining(", "));
    }
}
