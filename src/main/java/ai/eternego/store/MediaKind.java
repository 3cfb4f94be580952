package ai.eternego.store;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The three kinds of media she keeps, each with the content types it accepts and the extension each is
 * kept under: images (png, jpeg, gif, webp), audio (ogg/opus, mpeg, wav, m4a, webm) and documents (pdf,
 * plain text, markdown).
 */
public enum MediaKind {
    IMAGE("image", Map.of("image/png", "png", "image/jpeg", "jpg", "image/jpg", "jpg", "image/gif", "gif",
            "image/webp", "webp")),
    AUDIO("audio", Map.of("audio/ogg", "ogg", "audio/opus", "ogg", "audio/mpeg", "mp3", "audio/mp3", "mp3",
            "audio/wav", "wav", "audio/x-wav", "wav", "audio/wave", "wav", "audio/mp4", "m4a", "audio/x-m4a", "m4a",
            "audio/webm", "webm")),
    DOCUMENT("document", Map.of("application/pdf", "pdf", "text/plain", "txt", "text/markdown", "md",
            "text/x-markdown", "md"));

    /** The content type each kept extension is served with. */
    static final Map<String, String> SERVED = served();

    private final String word;
    private final Map<String, String> extensions;

    MediaKind(String word, Map<String, String> extensions) {
        this.word = word;
        this.extensions = extensions;
    }

    /** How a person calls this kind: image, audio, document. */
    public String word() {
        return word;
    }

    /** The extension a content type is kept under, or empty when this kind does not accept it. */
    public Optional<String> extension(String contentType) {
        return Optional.ofNullable(extensions.get(bare(contentType)));
    }

    /** The kind a kept file is of, by the extension of its name ({@code media/web-20261129-101500.ogg} is audio). */
    public static Optional<MediaKind> ofName(String name) {
        if (name == null || !name.contains(".")) {
            return Optional.empty();
        }
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        for (MediaKind kind : values()) {
            if (kind.extensions.containsValue(extension)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The accepted types in words, for a refusal. */
    public String accepted() {
        return switch (this) {
            case IMAGE -> "PNG, JPEG, GIF or WebP";
            case AUDIO -> "Ogg/Opus, MP3, WAV, M4A or WebM";
            case DOCUMENT -> "PDF, plain text or markdown";
        };
    }

    /** The content type without parameters, lower case ({@code audio/ogg; codecs=opus} is {@code audio/ogg}). */
    public static String bare(String contentType) {
        return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> served() {
        Map<String, String> served = new LinkedHashMap<>();
        served.put("png", "image/png");
        served.put("jpg", "image/jpeg");
        served.put("gif", "image/gif");
        served.put("webp", "image/webp");
        served.put("ogg", "audio/ogg");
        served.put("mp3", "audio/mpeg");
        served.put("wav", "audio/wav");
        served.put("m4a", "audio/mp4");
        served.put("webm", "audio/webm");
        served.put("pdf", "application/pdf");
        served.put("txt", "text/plain; charset=utf-8");
        served.put("md", "text/markdown; charset=utf-8");
        return Map.copyOf(served);
    }
}
