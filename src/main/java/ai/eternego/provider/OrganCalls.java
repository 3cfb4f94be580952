package ai.eternego.provider;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import ai.eternego.config.EternegoConfig;
import ai.eternego.provider.OrganFault.Kind;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * The organs' calls in each vendor's own shape, non-blocking, one answer each (not streamed): the eye
 * looks at an image, the ear transcribes audio, the mouth speaks, imagination draws and the researcher
 * reads a PDF. Files go to the wire from disk (see {@link OrganWire}): multipart as they are, inline
 * parts base64-encoded piece by piece. Which provider may serve which organ is decided by the caller;
 * a call here to a provider without the form fails as an {@link OrganFault} in words.
 */
@ApplicationScoped
public class OrganCalls {

    /** The voice the mouth speaks with, at OpenAI and at Gemini. */
    static final String OPENAI_VOICE = "alloy";
    static final String GEMINI_VOICE = "Kore";
    private static final String MODELS_PREFIX = "models/";
    private static final String JSON = "application/json";

    private final OrganWire wire;
    private final int maxAnswerTokens;

    @Inject
    public OrganCalls(OrganWire wire, EternegoConfig config) {
        this(wire, config.conversation().maxAnswerTokens());
    }

    /** Organ calls outside the container (the bench), asking Anthropic for at most {@code maxAnswerTokens}. */
    public OrganCalls(OrganWire wire, int maxAnswerTokens) {
        this.wire = wire;
        this.maxAnswerTokens = maxAnswerTokens;
    }

    /** Her eye: {@code question} about the image in {@code image} ({@code mime} such as image/png) → what it saw. */
    public Uni<String> see(Provider provider, String url, String apiKey, String model, Path image, String mime,
            String question) {
        return inline(provider, url, apiKey, model, image, mime, question, "image");
    }

    /** Her researcher: {@code question} about the PDF in {@code document} → the answer (OpenAI, Anthropic, Gemini). */
    public Uni<String> readPdf(Provider provider, String url, String apiKey, String model, Path document,
            String question) {
        return inline(provider, url, apiKey, model, document, "application/pdf", question, "document");
    }

    /** A question in plain text to a chat model, answered whole (her researcher reading extracted text). */
    public Uni<String> askText(Provider provider, String url, String apiKey, String model, String text) {
        return inline(provider, url, apiKey, model, null, null, text, "text");
    }

    private Uni<String> inline(Provider provider, String url, String apiKey, String model, Path file, String mime,
            String question, String kind) {
        String q = Json.write(Json.object().textNode(question));
        String dataUrlStart = "\"data:" + mime + ";base64,";
        WireBody body = new WireBody();
        Faults.Call call = Faults.Call.model(vendor(provider), url, model);
        switch (provider) {
            case OPENAI, XAI -> {
                body.text("{\"model\":" + quoted(model) + ",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":[");
                if (kind.equals("image")) {
                    body.text("{\"type\":\"image_url\",\"image_url\":{\"url\":" + dataUrlStart).base64(file).text("\"}},");
                } else if (kind.equals("document")) {
                    body.text("{\"type\":\"file\",\"file\":{\"filename\":" + quoted(file.getFileName().toString())
                            + ",\"file_data\":" + dataUrlStart).base64(file).text("\"}},");
                }
                body.text("{\"type\":\"text\",\"text\":" + q + "}]}]}");
                return wire.post(call, URI.create(BaseUrl.openAi(url) + "/chat/completions"), bearer(apiKey), JSON, body)
                        .map(answer -> words(call, read(call, answer).path("choices").path(0).path("message"), "content"));
            }
            case ANTHROPIC -> {
                body.text("{\"model\":" + quoted(model) + ",\"max_tokens\":" + maxAnswerTokens
                        + ",\"messages\":[{\"role\":\"user\",\"content\":[");
                if (file != null) {
                    body.text("{\"type\":" + quoted(kind) + ",\"source\":{\"type\":\"base64\",\"media_type\":"
                            + quoted(mime) + ",\"data\":\"").base64(file).text("\"}},");
                }
                body.text("{\"type\":\"text\",\"text\":" + q + "}]}]}");
                return wire.post(call, URI.create(BaseUrl.anthropic(url) + "/messages"),
                        Map.of("x-api-key", nonNull(apiKey), "anthropic-version", "2023-06-01"), JSON, body)
                        .map(answer -> anthropicText(call, read(call, answer)));
            }
            case GEMINI -> {
                body.text("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":" + q + "}");
                if (file != null) {
                    body.text(",{\"inline_data\":{\"mime_type\":" + quoted(mime) + ",\"data\":\"").base64(file).text("\"}}");
                }
                body.text("]}]}");
                return geminiText(call, url, apiKey, model, body);
            }
            case LOCAL -> {
                if (kind.equals("document")) {
                    return Uni.createFrom().failure(new OrganFault(Kind.REJECTED,
                            "Ollama cannot read a PDF; use openai, anthropic or gemini"));
                }
                body.text("{\"model\":" + quoted(model) + ",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":"
                        + q);
                if (file != null) {
                    body.text(",\"images\":[\"").base64(file).text("\"]");
                }
                body.text("}]}");
                return wire.post(Faults.Call.model("Ollama", url, model), URI.create(BaseUrl.ollama(url) + "/api/chat"),
                        Map.of(), JSON, body)
                        .map(answer -> words(call, read(call, answer).path("message"), "content"));
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * Her ear: the audio in {@code audio} ({@code mime}, sent under {@code fileName}, whose extension OpenAI
     * reads) → its transcript. OpenAI: multipart {@code /v1/audio/transcriptions}; Gemini: an inline audio part.
     */
    public Uni<String> hear(Provider provider, String url, String apiKey, String model, Path audio, String mime,
            String fileName) {
        Faults.Call call = Faults.Call.model(vendor(provider), url, model);
        if (provider == Provider.OPENAI) {
            String boundary = "eternego-" + UUID.randomUUID();
            String safeName = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
            WireBody body = new WireBody()
                    .text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model + "\r\n")
                    .text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"response_format\"\r\n\r\njson\r\n")
                    .text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + safeName
                            + "\"\r\nContent-Type: " + mime + "\r\n\r\n")
                    .file(audio)
                    .text("\r\n--" + boundary + "--\r\n");
            return wire.post(call, URI.create(BaseUrl.openAi(url) + "/audio/transcriptions"), bearer(apiKey),
                    "multipart/form-data; boundary=" + boundary, body)
                    .map(answer -> words(call, read(call, answer), "text"));
        }
        if (provider == Provider.GEMINI) {
            WireBody body = new WireBody()
                    .text("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Transcribe this audio verbatim. "
                            + "Answer with the transcript only.\"},{\"inline_data\":{\"mime_type\":" + quoted(mime)
                            + ",\"data\":\"")
                    .base64(audio).text("\"}}]}]}");
            return geminiText(call, url, apiKey, model, body);
        }
        return Uni.createFrom().failure(cannot(provider, "speech-to-text"));
    }

    /**
     * Her mouth: {@code text} spoken. OpenAI answers Ogg/Opus ({@code audio/ogg}, what Telegram's sendVoice
     * wants); Gemini answers raw PCM (s16le, 24 kHz, mono), returned wrapped as WAV ({@code audio/wav}).
     */
    public Uni<Made> speak(Provider provider, String url, String apiKey, String model, String text) {
        Faults.Call call = Faults.Call.model(vendor(provider), url, model);
        if (provider == Provider.OPENAI) {
            ObjectNode request = Json.object().put("model", model).put("input", text).put("voice", OPENAI_VOICE)
                    .put("response_format", "opus");
            return wire.post(call, URI.create(BaseUrl.openAi(url) + "/audio/speech"), bearer(apiKey), JSON,
                    new WireBody().text(Json.write(request)))
                    .map(answer -> {
                        if (answer.length() == 0) {
                            throw new OrganFault(Kind.REJECTED, "OpenAI answered with no audio");
                        }
                        return new Made(answer.getBytes(), "audio/ogg", "ogg");
                    });
        }
        if (provider == Provider.GEMINI) {
            ObjectNode request = Json.object();
            request.putArray("contents").addObject().put("role", "user").putArray("parts").addObject().put("text", text);
            ObjectNode generation = request.putObject("generationConfig");
            generation.putArray("responseModalities").add("AUDIO");
            generation.putObject("speechConfig").putObject("voiceConfig").putObject("prebuiltVoiceConfig")
                    .put("voiceName", GEMINI_VOICE);
            return gemini(call, url, apiKey, model, new WireBody().text(Json.write(request)))
                    .map(answer -> new Made(wav(inlineData(call, answer, "audio/")), "audio/wav", "wav"));
        }
        return Uni.createFrom().failure(cannot(provider, "text-to-speech"));
    }

    /** Her imagination: {@code prompt} drawn. OpenAI/xAI {@code /v1/images/generations} (b64_json or url); Gemini inline image. */
    public Uni<Made> draw(Provider provider, String url, String apiKey, String model, String prompt) {
        Faults.Call call = Faults.Call.model(vendor(provider), url, model);
        if (provider == Provider.OPENAI || provider == Provider.XAI) {
            ObjectNode request = Json.object().put("model", model).put("prompt", prompt).put("n", 1);
            return wire.post(call, URI.create(BaseUrl.openAi(url) + "/images/generations"), bearer(apiKey), JSON,
                    new WireBody().text(Json.write(request)))
                    .chain(answer -> {
                        JsonNode image = read(call, answer).path("data").path(0);
                        if (image.path("b64_json").isTextual()) {
                            return Uni.createFrom().item(image(call, decode(call, image.path("b64_json").asText())));
                        }
                        if (image.path("url").isTextual()) {
                            URI at = imageUrl(call, image.path("url").asText());
                            return wire.get(call, at).map(fetched -> image(call, fetched.getBytes()));
                        }
                        throw new OrganFault(Kind.REJECTED, call.vendor() + " answered with no image");
                    });
        }
        if (provider == Provider.GEMINI) {
            ObjectNode request = Json.object();
            request.putArray("contents").addObject().put("role", "user").putArray("parts").addObject().put("text", prompt);
            request.putObject("generationConfig").putArray("responseModalities").add("TEXT").add("IMAGE");
            return gemini(call, url, apiKey, model, new WireBody().text(Json.write(request)))
                    .map(answer -> image(call, inlineData(call, answer, "image/")));
        }
        return Uni.createFrom().failure(cannot(provider, "image generation"));
    }

    private Uni<String> geminiText(Faults.Call call, String url, String apiKey, String model, WireBody body) {
        return gemini(call, url, apiKey, model, body).map(answer -> {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : answer.path("candidates").path(0).path("content").path("parts")) {
                if (!part.path("thought").asBoolean(false) && part.path("text").isTextual()) {
                    text.append(part.path("text").asText());
                }
            }
            return clean(call, text.toString());
        });
    }

    private Uni<JsonNode> gemini(Faults.Call call, String url, String apiKey, String model, WireBody body) {
        String id = model.startsWith(MODELS_PREFIX) ? model.substring(MODELS_PREFIX.length()) : model;
        return wire.post(call, URI.create(BaseUrl.gemini(url) + "/models/" + id + ":generateContent"),
                Map.of("x-goog-api-key", nonNull(apiKey)), JSON, body)
                .map(answer -> {
                    JsonNode node = read(call, answer);
                    if (node.path("promptFeedback").has("blockReason")) {
                        throw new OrganFault(Kind.REJECTED, "Gemini blocked the prompt");
                    }
                    return node;
                });
    }

    private static byte[] inlineData(Faults.Call call, JsonNode answer, String mimePrefix) {
        for (JsonNode part : answer.path("candidates").path(0).path("content").path("parts")) {
            JsonNode inline = part.has("inlineData") ? part.path("inlineData") : part.path("inline_data");
            String mime = inline.has("mimeType") ? inline.path("mimeType").asText() : inline.path("mime_type").asText();
            if (inline.path("data").isTextual() && mime.startsWith(mimePrefix)) {
                return decode(call, inline.path("data").asText());
            }
        }
        throw new OrganFault(Kind.REJECTED, call.vendor() + " answered with no " + mimePrefix.replace("/", ""));
    }

    private static String anthropicText(Faults.Call call, JsonNode answer) {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : answer.path("content")) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText());
            }
        }
        return clean(call, text.toString());
    }

    private static String words(Faults.Call call, JsonNode node, String field) {
        return clean(call, node.path(field).isTextual() ? node.path(field).asText() : "");
    }

    /** Her organ's words without any {@code <think>} block; an empty answer is a fault, never passed off as words. */
    private static String clean(Faults.Call call, String text) {
        ThinkFilter thoughts = new ThinkFilter();
        String said = (thoughts.accept(text) + thoughts.finish()).strip();
        if (said.isEmpty()) {
            throw new OrganFault(Kind.REJECTED, call.vendor() + " answered with no words");
        }
        return said;
    }

    private static JsonNode read(Faults.Call call, Buffer answer) {
        try {
            return Json.read(answer.toString(StandardCharsets.UTF_8));
        } catch (RuntimeException unreadable) {
            throw new OrganFault(Kind.REJECTED, call.vendor() + " sent an answer that could not be read");
        }
    }

    private static byte[] decode(Faults.Call call, String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            throw new OrganFault(Kind.REJECTED, call.vendor() + " sent data that could not be read");
        }
    }

    private static URI imageUrl(Faults.Call call, String raw) {
        try {
            URI uri = URI.create(raw);
            if ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) {
                return uri;
            }
        } catch (IllegalArgumentException notUrl) {
            // falls through to the fault below
        }
        throw new OrganFault(Kind.REJECTED, call.vendor() + " answered with an image address that is not http(s)");
    }

    /** An image's content type and extension from its first bytes; anything else is not an image. */
    static Made image(Faults.Call call, byte[] bytes) {
        if (bytes.length > 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return new Made(bytes, "image/png", "png");
        }
        if (bytes.length > 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
            return new Made(bytes, "image/jpeg", "jpg");
        }
        if (bytes.length > 12 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[8] == 'W' && bytes[9] == 'E') {
            return new Made(bytes, "image/webp", "webp");
        }
        if (bytes.length > 6 && bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F') {
            return new Made(bytes, "image/gif", "gif");
        }
        throw new OrganFault(Kind.REJECTED, call.vendor() + " answered with something that is not an image");
    }

    /** PCM signed 16-bit little-endian, 24 kHz, mono, behind a 44-byte RIFF/WAVE header. */
    static byte[] wav(byte[] pcm) {
        int rate = 24000;
        ByteBuffer header = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length).put(pcm);
        return header.array();
    }

    private static OrganFault cannot(Provider provider, String craft) {
        return new OrganFault(Kind.REJECTED, vendor(provider) + " has no " + craft);
    }

    static String vendor(Provider provider) {
        return switch (provider) {
            case LOCAL -> "Ollama";
            case ANTHROPIC -> "Anthropic";
            case OPENAI -> "OpenAI";
            case XAI -> "xAI";
            case GEMINI -> "Gemini";
        };
    }

    private static Map<String, String> bearer(String apiKey) {
        return apiKey == null || apiKey.isBlank() ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
    }

    private static String nonNull(String apiKey) {
        return apiKey == null ? "" : apiKey;
    }

    private static String quoted(String text) {
        return Json.write(Json.object().textNode(text));
    }
}
