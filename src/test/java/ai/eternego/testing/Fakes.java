package ai.eternego.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/**
 * Stubs of every provider and channel, in the exact shapes of {@code facts/providers.md}, on
 * {@link FakeWorld}'s WireMock. Success stubs answer only the right credential: any other key or
 * token gets the vendor's refusal, any other model its "not found", as the real servers do.
 * Methods without a {@code prefix} use the provider's default prefix in {@link FakeWorld}.
 */
public final class Fakes {

    public static final String NDJSON = "application/x-ndjson";

    private static final int EXACT = 1;
    private static final int FALLBACK = 10;

    /** The Bot API calls a running Telegram channel makes on its own (its long poll, its set-up, typing). */
    private static final Pattern CHANNEL_TRAFFIC = Pattern.compile(Pattern.quote(FakeWorld.TELEGRAM)
            + "/bot[^/]*/(getUpdates|deleteWebhook|setMyCommands|sendChatAction)|" + Pattern.quote(FakeWorld.DISCORD)
            + "/gateway/bot");

    /**
     * The requests the fake served, but the calls of Telegram and Discord channels that run on their own
     * (personas other tests left running poll, or look for their gateway, for ever): what a request under test
     * caused.
     */
    public static java.util.List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> served(WireMockServer wm) {
        return wm.getAllServeEvents().stream()
                .filter(event -> !CHANNEL_TRAFFIC.matcher(event.getRequest().getUrl()).lookingAt()).toList();
    }

    private Fakes() {
    }

    /** A loopback URL where nothing listens (connection refused). */
    public static String closedPortUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL of a prefix on the fake, e.g. {@code url(wm, FakeWorld.OPENAI)}. */
    public static String url(WireMockServer wm, String prefix) {
        return "http://127.0.0.1:" + wm.port() + prefix;
    }

    // ---- Ollama -------------------------------------------------------------------------------------

    /** Ollama has exactly these models ({@code GET /api/tags}), listed as given. */
    public static void ollamaWithModels(WireMockServer wm, String... names) {
        ollamaWithModelsAt(wm, FakeWorld.OLLAMA, names);
    }

    public static void ollamaWithModelsAt(WireMockServer wm, String prefix, String... names) {
        String models = Arrays.stream(names).map(n -> "{\"name\":\"" + n + "\",\"model\":\"" + n
                + "\",\"size\":4683087332,\"digest\":\"sha256:2bada8a74506\",\"details\":{\"format\":\"gguf\","
                + "\"family\":\"qwen2\",\"parameter_size\":\"7.6B\",\"quantization_level\":\"Q4_K_M\"}}")
                .collect(Collectors.joining(","));
        wm.stubFor(get(urlPathEqualTo(prefix + "/api/tags")).willReturn(json(200, "{\"models\":[" + models + "]}")));
    }

    /** A local Mind can be made: Ollama has {@code models}, registers any model and deletes any. */
    public static void ollamaRunning(WireMockServer wm, String... models) {
        ollamaWithModels(wm, models);
        ollamaCreate(wm);
        ollamaDelete(wm);
    }

    /** {@code POST /api/pull} of {@code model} streams a whole pull of {@code total} bytes to success. */
    public static void ollamaPull(WireMockServer wm, String model, long total) {
        ollamaPullAt(wm, FakeWorld.OLLAMA, model, total);
    }

    public static void ollamaPullAt(WireMockServer wm, String prefix, String model, long total) {
        wm.stubFor(post(urlPathEqualTo(prefix + "/api/pull"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(ndjson("{\"status\":\"pulling manifest\"}",
                        "{\"status\":\"pulling 2bada8a74506\",\"digest\":\"sha256:2bada8a74506\",\"total\":" + total + "}",
                        "{\"status\":\"pulling 2bada8a74506\",\"digest\":\"sha256:2bada8a74506\",\"total\":" + total
                                + ",\"completed\":" + total / 2 + "}",
                        "{\"status\":\"pulling 2bada8a74506\",\"digest\":\"sha256:2bada8a74506\",\"total\":" + total
                                + ",\"completed\":" + total + "}",
                        "{\"status\":\"verifying sha256 digest\"}",
                        "{\"status\":\"writing manifest\"}",
                        "{\"status\":\"success\"}")));
    }

    /** The pull of {@code model} starts, then an {@code {"error": ...}} line arrives mid-stream. */
    public static void ollamaPullError(WireMockServer wm, String model, String error) {
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OLLAMA + "/api/pull"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(ndjson("{\"status\":\"pulling manifest\"}",
                        "{\"status\":\"pulling 2bada8a74506\",\"digest\":\"sha256:2bada8a74506\",\"total\":1000,"
                                + "\"completed\":10}",
                        "{\"error\":\"" + error + "\"}")));
    }

    /** The pull of {@code model} is refused outright: HTTP {@code status} with Ollama's {@code {"error": ...}}. */
    public static void ollamaPullRefused(WireMockServer wm, String model, int status, String error) {
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OLLAMA + "/api/pull"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(json(status, "{\"error\":\"" + error + "\"}")));
    }

    /** The pull of {@code model} says nothing for {@code stall}, then succeeds. */
    public static void ollamaPullStalled(WireMockServer wm, String model, Duration stall) {
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OLLAMA + "/api/pull"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(ndjson("{\"status\":\"pulling manifest\"}", "{\"status\":\"success\"}")
                        .withFixedDelay((int) stall.toMillis())));
    }

    /** {@code POST /api/create} of any model streams to success. */
    public static void ollamaCreate(WireMockServer wm) {
        ollamaCreateAt(wm, FakeWorld.OLLAMA);
    }

    public static void ollamaCreateAt(WireMockServer wm, String prefix) {
        wm.stubFor(post(urlPathEqualTo(prefix + "/api/create"))
                .willReturn(ndjson("{\"status\":\"using existing layer sha256:2bada8a74506\"}",
                        "{\"status\":\"writing manifest\"}", "{\"status\":\"success\"}")));
    }

    /** {@code DELETE /api/delete} of any model succeeds. */
    public static void ollamaDelete(WireMockServer wm) {
        ollamaDeleteAt(wm, FakeWorld.OLLAMA);
    }

    public static void ollamaDeleteAt(WireMockServer wm, String prefix) {
        wm.stubFor(delete(urlPathEqualTo(prefix + "/api/delete")).willReturn(aResponse().withStatus(200)));
    }

    /** What a pull of {@code model} sent, for {@code verify}. */
    public static RequestPatternBuilder pullRequested(String model) {
        return postRequestedFor(urlPathEqualTo(FakeWorld.OLLAMA + "/api/pull"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")));
    }

    /** What registering {@code eternego-<personaId>} from {@code from} sent, for {@code verify}. */
    public static RequestPatternBuilder createRequested(String personaId, String from) {
        return postRequestedFor(urlPathEqualTo(FakeWorld.OLLAMA + "/api/create"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("eternego-" + personaId)))
                .withRequestBody(matchingJsonPath("$.from", equalTo(from)))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")));
    }

    /** What forgetting {@code eternego-<personaId>} sent, for {@code verify}. */
    public static RequestPatternBuilder deleteRequested(String personaId) {
        return deleteRequestedFor(urlPathEqualTo(FakeWorld.OLLAMA + "/api/delete"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("eternego-" + personaId)));
    }

    // ---- OpenAI, xAI and OpenAI-compatible ----------------------------------------------------------

    /**
     * Her eye's request to OpenAI's chat completions for {@code Bearer key}: {@code model}, the image as a
     * {@code data:} URL of {@code mime}, then {@code question}; for {@code wm.verify}.
     */
    public static RequestPatternBuilder openAiEyeAsked(String key, String model, String mime, byte[] image,
            String question) {
        return postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + key))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].image_url.url",
                        equalTo("data:" + mime + ";base64," + Base64.getEncoder().encodeToString(image))))
                .withRequestBody(matchingJsonPath("$.messages[0].content[1].text", equalTo(question)));
    }

    /** Her ear's request to OpenAI's transcriptions for {@code Bearer key}: {@code model}, and the file part, whole; for {@code wm.verify}. */
    public static RequestPatternBuilder openAiEarAsked(String key, String model, String mime, byte[] audio) {
        return postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/transcriptions"))
                .withHeader("Authorization", equalTo("Bearer " + key))
                .withRequestBodyPart(aMultipart().withName("model").withBody(equalTo(model)).build())
                .withRequestBodyPart(aMultipart().withName("file").withHeader("Content-Type", equalTo(mime))
                        .withBody(binaryEqualTo(audio)).build());
    }

    /** {@code GET {prefix}/v1/models/{model}} (and the list) answer the model for {@code Bearer key}; 401 or 404 otherwise. */
    public static void openAiModel(WireMockServer wm, String prefix, String model, String key) {
        wm.stubFor(get(urlPathMatching(Pattern.quote(prefix + "/v1/models") + "(/.*)?")).atPriority(FALLBACK)
                .willReturn(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-***. You can find "
                        + "your API key at https://platform.openai.com/account/api-keys.\",\"type\":"
                        + "\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}")));
        wm.stubFor(get(urlPathMatching(Pattern.quote(prefix + "/v1/models/") + ".*")).atPriority(FALLBACK - 1)
                .withHeader("Authorization", equalTo("Bearer " + key))
                .willReturn(json(404, "{\"error\":{\"message\":\"The model does not exist or you do not have access "
                        + "to it.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}")));
        wm.stubFor(get(urlPathEqualTo(prefix + "/v1/models/" + model)).atPriority(EXACT)
                .withHeader("Authorization", equalTo("Bearer " + key))
                .willReturn(json(200, modelJson(model))));
        wm.stubFor(get(urlPathEqualTo(prefix + "/v1/models")).atPriority(EXACT)
                .withHeader("Authorization", equalTo("Bearer " + key))
                .willReturn(json(200, "{\"object\":\"list\",\"data\":[" + modelJson(model) + "]}")));
    }

    private static String modelJson(String id) {
        return "{\"id\":\"" + id + "\",\"object\":\"model\",\"created\":1686935002,\"owned_by\":\"system\"}";
    }

    /** A server without the single-model route: only {@code GET {prefix}/v1/models} lists {@code ids}. */
    public static void openAiModelList(WireMockServer wm, String prefix, String key, String... ids) {
        wm.stubFor(get(urlPathMatching(Pattern.quote(prefix + "/v1/models/") + ".*")).atPriority(FALLBACK)
                .willReturn(aResponse().withStatus(404).withBody("Not Found")));
        wm.stubFor(get(urlPathEqualTo(prefix + "/v1/models")).atPriority(FALLBACK)
                .willReturn(json(401, "{\"error\":{\"message\":\"invalid key\",\"code\":\"invalid_api_key\"}}")));
        String data = Arrays.stream(ids).map(id -> "{\"id\":\"" + id + "\",\"object\":\"model\",\"created\":1,"
                + "\"owned_by\":\"organization-owner\"}").collect(Collectors.joining(","));
        wm.stubFor(get(urlPathEqualTo(prefix + "/v1/models")).atPriority(EXACT)
                .withHeader("Authorization", equalTo("Bearer " + key))
                .willReturn(json(200, "{\"object\":\"list\",\"data\":[" + data + "]}")));
    }

    // ---- Anthropic ----------------------------------------------------------------------------------

    public static void anthropicModel(WireMockServer wm, String model, String key) {
        anthropicModelAt(wm, FakeWorld.ANTHROPIC, model, key);
    }

    /** {@code GET {prefix}/v1/models/{model}} answers for {@code x-api-key: key} with the version header. */
    public static void anthropicModelAt(WireMockServer wm, String prefix, String model, String key) {
        wm.stubFor(get(urlPathMatching(Pattern.quote(prefix + "/v1/models/") + ".*")).atPriority(FALLBACK)
                .willReturn(json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                        + "\"message\":\"invalid x-api-key\"}}")));
        wm.stubFor(get(urlPathMatching(Pattern.quote(prefix + "/v1/models/") + ".*")).atPriority(FALLBACK - 1)
                .withHeader("x-api-key", equalTo(key))
                .willReturn(json(404, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\","
                        + "\"message\":\"model: nope\"}}")));
        wm.stubFor(get(urlPathEqualTo(prefix + "/v1/models/" + model)).atPriority(EXACT)
                .withHeader("x-api-key", equalTo(key))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .willReturn(json(200, "{\"id\":\"" + model + "\",\"type\":\"model\",\"display_name\":\"Claude\","
                        + "\"created_at\":\"2025-02-19T00:00:00Z\"}")));
    }

    /**
     * {@code POST /v1/messages} streams {@code words} as Anthropic's SSE events for {@code x-api-key: key},
     * dribbled over {@code duration}; any other key gets Anthropic's 401.
     */
    public static void anthropicChat(WireMockServer wm, String key, Duration duration, String... words) {
        String prefix = FakeWorld.ANTHROPIC;
        wm.stubFor(post(urlPathEqualTo(prefix + "/v1/messages")).atPriority(FALLBACK)
                .willReturn(json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                        + "\"message\":\"invalid x-api-key\"}}")));
        byte[] bytes = anthropicStream(words).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        wm.stubFor(post(urlPathEqualTo(prefix + "/v1/messages")).atPriority(EXACT)
                .withHeader("x-api-key", equalTo(key))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(bytes)
                        .withChunkedDribbleDelay(Math.min(bytes.length, 20), (int) duration.toMillis())));
    }

    /** Anthropic's SSE events of a whole answer that says {@code words}, one text delta each. */
    public static String anthropicStream(String... words) {
        StringBuilder body = new StringBuilder("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}\n\n");
        for (String word : words) {
            body.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,")
                    .append("\"delta\":{\"type\":\"text_delta\",\"text\":\"").append(word).append("\"}}\n\n");
        }
        return body.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").toString();
    }

    // ---- Gemini -------------------------------------------------------------------------------------

    public static void geminiModel(WireMockServer wm, String model, String key) {
        geminiModelAt(wm, FakeWorld.GEMINI, model, key);
    }

    /** {@code GET {prefix}/v1beta/models/{model}} answers for {@code x-goog-api-key: key}. */
    public static void geminiModelAt(WireMockServer wm, String prefix, String model, String key) {
        wm.stubFor(get(urlPathMatching(Pattern.quote(prefix + "/v1beta/models/") + ".*")).atPriority(FALLBACK)
                .willReturn(json(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid "
                        + "API key.\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":"
                        + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\"}]}}")));
        wm.stubFor(get(urlPathMatching(Pattern.quote(prefix + "/v1beta/models/") + ".*")).atPriority(FALLBACK - 1)
                .withHeader("x-goog-api-key", equalTo(key))
                .willReturn(json(404, "{\"error\":{\"code\":404,\"message\":\"models/nope is not found for API "
                        + "version v1beta\",\"status\":\"NOT_FOUND\"}}")));
        wm.stubFor(get(urlPathEqualTo(prefix + "/v1beta/models/" + model)).atPriority(EXACT)
                .withHeader("x-goog-api-key", equalTo(key))
                .willReturn(json(200, "{\"name\":\"models/" + model + "\",\"displayName\":\"Gemini\","
                        + "\"inputTokenLimit\":1048576,\"supportedGenerationMethods\":[\"generateContent\","
                        + "\"countTokens\"]}")));
    }

    // ---- Channels -----------------------------------------------------------------------------------

    /** {@code getMe} of {@code token} is a bot; any other well-formed token is refused (401). */
    public static void telegramBot(WireMockServer wm, String token) {
        wm.stubFor(get(urlPathMatching(Pattern.quote(FakeWorld.TELEGRAM + "/bot") + ".*/getMe")).atPriority(FALLBACK)
                .willReturn(json(401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}")));
        wm.stubFor(get(urlPathEqualTo(FakeWorld.TELEGRAM + "/bot" + token + "/getMe")).atPriority(EXACT)
                .willReturn(json(200, "{\"ok\":true,\"result\":{\"id\":" + Long.parseLong(token.split(":")[0])
                        + ",\"is_bot\":true,\"first_name\":\"Her\",\"username\":\"her_bot\"}}")));
    }

    /** Every token is malformed for Telegram (404). */
    public static void telegramMalformed(WireMockServer wm) {
        wm.stubFor(get(urlPathMatching(Pattern.quote(FakeWorld.TELEGRAM) + "/.*")).atPriority(EXACT)
                .willReturn(json(404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}")));
    }

    /** {@code users/@me} with {@code Bot token} is a bot user; any other token is refused (401). */
    public static void discordBot(WireMockServer wm, String token) {
        wm.stubFor(get(urlPathEqualTo(FakeWorld.DISCORD + "/users/@me")).atPriority(FALLBACK)
                .willReturn(json(401, "{\"message\":\"401: Unauthorized\",\"code\":0}")));
        wm.stubFor(get(urlPathEqualTo(FakeWorld.DISCORD + "/users/@me")).atPriority(EXACT)
                .withHeader("Authorization", equalTo("Bot " + token))
                .willReturn(json(200, "{\"id\":\"80351110224678912\",\"username\":\"her\",\"discriminator\":\"0\","
                        + "\"bot\":true}")));
    }

    // ---- Failures anywhere --------------------------------------------------------------------------

    /** Every request under {@code prefix} gets {@code status} (e.g. 500, 503, 429). */
    public static void failing(WireMockServer wm, String prefix, int status) {
        wm.stubFor(any(urlPathMatching(Pattern.quote(prefix) + "(/.*)?")).atPriority(EXACT)
                .willReturn(json(status, "{\"error\":{\"message\":\"overloaded\"}}")));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder ndjson(String... lines) {
        return aResponse().withStatus(200).withHeader("Content-Type", NDJSON)
                .withBody(String.join("\n", lines) + "\n");
    }
}
