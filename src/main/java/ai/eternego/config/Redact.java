package ai.eternego.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that knows what a secret looks like in text: bot tokens in Telegram URLs, bearer and
 * bot authorisations, API-key headers and query parameters, {@code sk-} style keys, and the secret
 * fields of our JSON ({@code api_key}, {@code token}, {@code recovery_phrase}, {@code phrase}). Every
 * log line passes through it ({@link RedactingLogFilter}), and so does every error detail we send.
 */
public final class Redact {

    public static final String MARK = "<redacted>";

    private record Rule(Pattern pattern, String replacement) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("(/bot)[0-9]+:[A-Za-z0-9_-]+"), "$1" + MARK),
            new Rule(Pattern.compile("(?i)\\b(x-api-key|x-goog-api-key|authorization)(\\s*[:=]\\s*)"
                    + "(?:(?:Bearer|Bot|Basic)\\s+)?[^\\s,;]+"), "$1$2" + MARK),
            new Rule(Pattern.compile("(?i)\\b(Bearer|Bot)\\s+[A-Za-z0-9._~+/=:-]{6,}"), "$1 " + MARK),
            new Rule(Pattern.compile("(?i)([?&]key=)[^&\\s]+"), "$1" + MARK),
            new Rule(Pattern.compile("\\bsk-[A-Za-z0-9_-]{6,}"), MARK),
            new Rule(Pattern.compile("(?i)(\"(?:api_key|token|recovery_phrase|phrase|machine_key)\"\\s*:\\s*)\"[^\"]*\""),
                    "$1\"" + MARK + "\""));

    private Redact() {
    }

    /** {@code text} with every secret-shaped part replaced by {@value #MARK}; {@code null} stays {@code null}. */
    public static String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(out);
            if (matcher.find()) {
                out = matcher.replaceAll(rule.replacement());
            }
        }
        return out;
    }
}
