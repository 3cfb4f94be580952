package ai.eternego.provider;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import ai.eternego.core.Refusal;

/**
 * Base URLs as people paste them: {@code http://host:8080/proxy/ollama},
 * {@code https://api.groq.com/openai/v1/}. The path is kept, trailing slashes go, and a vendor's
 * version segment is added only when the URL does not end in it already (never {@code /v1/v1}).
 */
public final class BaseUrl {

    private BaseUrl() {
    }

    /** An absolute http(s) URL without query or fragment, else a 400 naming {@code field}. */
    public static String validate(String raw, String field) {
        String invalid = field + ": must be an absolute http or https URL such as http://localhost:11434";
        if (raw == null || raw.isBlank()) {
            throw Refusal.invalid(invalid);
        }
        URI uri;
        try {
            uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
            throw Refusal.invalid(invalid);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isEmpty()
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw Refusal.invalid(invalid);
        }
        return raw.trim();
    }

    /** The URL without trailing slashes. */
    public static String trim(String url) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** The URL ending in exactly one {@code suffix} (such as {@code /v1}). */
    public static URI withSuffix(String url, String suffix) {
        String trimmed = trim(url);
        return URI.create(trimmed.endsWith(suffix) ? trimmed : trimmed + suffix);
    }

    /** The URL as given, without trailing slashes: for APIs whose paths start right there. */
    public static URI of(String url) {
        return URI.create(trim(url));
    }

    /** Ollama's paths start at the URL as given ({@code /api/...} is appended by the client). */
    public static URI ollama(String url) {
        return of(url);
    }

    /** OpenAI, xAI and OpenAI-compatible servers: {@code .../v1}. */
    public static URI openAi(String url) {
        return withSuffix(url, "/v1");
    }

    public static URI anthropic(String url) {
        return withSuffix(url, "/v1");
    }

    public static URI gemini(String url) {
        return withSuffix(url, "/v1beta");
    }

    /** How a URL appears in a message: no user info, no query. */
    public static String display(String url) {
        try {
            URI uri = new URI(trim(url));
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException | RuntimeException e) {
            return "the given URL";
        }
    }
}
