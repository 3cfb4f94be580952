package ai.eternego.provider;

/**
 * What an organ made: the bytes of a drawn image or a spoken voice, their content type and the file
 * extension to keep them under (a voice from OpenAI is {@code audio/ogg} Ogg/Opus, {@code ogg}; from
 * Gemini {@code audio/wav}, {@code wav}; an image {@code image/png}, {@code image/jpeg}, {@code image/webp} or {@code image/gif}).
 */
public record Made(byte[] bytes, String mimeType, String extension) {
}
