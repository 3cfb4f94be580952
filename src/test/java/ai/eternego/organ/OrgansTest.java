package ai.eternego.organ;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import ai.eternego.provider.Made;
import ai.eternego.provider.OrganFault;
import ai.eternego.record.OrganRecord;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * Each organ at each provider that can serve it, against WireMock speaking the vendor's real shapes: the
 * fake saw the image, audio or document part, the model and the key header, and the answer came back. A
 * 401 and a 500 are faults in words without the key; a provider that cannot serve is refused before any call.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class OrgansTest {

    static final String KEY = "sk-ORGAN-secret-4242";
    static final byte[] PNG = png();
    static final byte[] AUDIO = "OggS\0\2fake-opus-voice-bytes".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    Organs organs;

    @TempDir
    Path files;

    Path image;
    Path audio;
    Path pdf;
    Path notes;

    @BeforeEach
    void files() throws IOException {
        wm.resetAll();
        image = Files.write(files.resolve("photo.png"), PNG);
        audio = Files.write(files.resolve("voice.ogg"), AUDIO);
        pdf = Files.write(files.resolve("paper.pdf"), PDF);
        notes = Files.writeString(files.resolve("notes.md"), "# Notes\nThe café opens at nine. 你好");
    }

    @AfterEach
    void reset() {
        wm.resetAll();
    }

    private OrganRecord organ(String provider, String prefix, String model) {
        return new OrganRecord(model, provider, Fakes.url(wm, prefix), KEY);
    }

    private static <T> T await(Uni<T> call) {
        return call.await().atMost(Duration.ofSeconds(20));
    }

    private void answerJson(String path, String body) {
        wm.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private void noSpillLeft() throws IOException {
        Path spills = home.resolve("tmp").resolve("organs");
        if (Files.isDirectory(spills)) {
            try (Stream<Path> left = Files.list(spills)) {
                assertEquals(0, left.count(), "every request body spilled to disk is deleted after the call");
            }
        }
    }

    static final String OPENAI_ANSWER = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"A red square.\"},\"finish_reason\":\"stop\"}],\"usage\":{}}";
    static final String ANTHROPIC_ANSWER = "{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":"
            + "[{\"type\":\"text\",\"text\":\"A red square.\"}],\"stop_reason\":\"end_turn\"}";
    static final String GEMINI_ANSWER = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":"
            + "[{\"text\":\"thinking hard\",\"thought\":true},{\"text\":\"A red square.\"}]},\"finishReason\":\"STOP\"}]}";
    static final String OLLAMA_ANSWER = "{\"model\":\"llava\",\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"<think>hmm</think>A red square.\"},\"done\":true}";

    // ---- eye ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { "openai", "xai" })
    void theEyeSendsAnImageUrlPartToOpenAiAndXai(String provider) throws IOException {
        String prefix = provider.equals("xai") ? FakeWorld.XAI : FakeWorld.OPENAI;
        answerJson(prefix + "/v1/chat/completions", OPENAI_ANSWER);

        String seen = await(organs.see(organ(provider, prefix, "gpt-4o"), image, "image/png", "What is this?"));

        assertEquals("A red square.", seen);
        wm.verify(1, postRequestedFor(urlPathEqualTo(prefix + "/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].type", equalTo("image_url")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].image_url.url",
                        equalTo("data:image/png;base64," + b64(PNG))))
                .withRequestBody(matchingJsonPath("$.messages[0].content[1].text", equalTo("What is this?"))));
        noSpillLeft();
    }

    @Test
    void theEyeSendsAnImageBlockToAnthropic() {
        answerJson(FakeWorld.ANTHROPIC + "/v1/messages", ANTHROPIC_ANSWER);

        String seen = await(organs.see(organ("anthropic", FakeWorld.ANTHROPIC, "claude-sonnet-4-6"), image, "image/png",
                "What is this?"));

        assertEquals("A red square.", seen);
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))
                .withHeader("x-api-key", equalTo(KEY)).withHeader("anthropic-version", equalTo("2023-06-01"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-6")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].type", equalTo("image")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].source.type", equalTo("base64")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].source.media_type", equalTo("image/png")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].source.data", equalTo(b64(PNG))))
                .withRequestBody(matchingJsonPath("$.messages[0].content[1].text", equalTo("What is this?"))));
    }

    @Test
    void theEyeSendsAnInlineImageToGeminiAndSkipsItsThoughts() {
        answerJson(FakeWorld.GEMINI + "/v1beta/models/gemini-2.5-flash:generateContent", GEMINI_ANSWER);

        String seen = await(organs.see(organ("gemini", FakeWorld.GEMINI, "models/gemini-2.5-flash"), image,
                "image/png", "What is this?"));

        assertEquals("A red square.", seen);
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.GEMINI + "/v1beta/models/gemini-2.5-flash:generateContent"))
                .withHeader("x-goog-api-key", equalTo(KEY))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[0].text", equalTo("What is this?")))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[1].inline_data.mime_type", equalTo("image/png")))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[1].inline_data.data", equalTo(b64(PNG)))));
    }

    @Test
    void theEyeSendsImagesToOllamaAndDropsThinking() {
        answerJson(FakeWorld.OLLAMA + "/api/chat", OLLAMA_ANSWER);

        String seen = await(organs.see(new OrganRecord("llava:7b", null, Fakes.url(wm, FakeWorld.OLLAMA), null), image,
                "image/png", "What is this?"));

        assertEquals("A red square.", seen);
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OLLAMA + "/api/chat"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("llava:7b")))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("What is this?")))
                .withRequestBody(matchingJsonPath("$.messages[0].images[0]", equalTo(b64(PNG)))));
    }

    // ---- ear ----------------------------------------------------------------------------------------

    @Test
    void theEarUploadsTheAudioFileToOpenAiAsMultipart() throws IOException {
        answerJson(FakeWorld.OPENAI + "/v1/audio/transcriptions", "{\"text\":\"Hello, it is me.\"}");

        String heard = await(organs.hear(organ("openai", FakeWorld.OPENAI, "whisper-1"), audio, "audio/ogg",
                "telegram-20261128-101500.ogg"));

        assertEquals("Hello, it is me.", heard);
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/transcriptions"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withHeader("Content-Length", equalTo(Long.toString(wm.getAllServeEvents().get(0).getRequest()
                        .getBody().length)))
                .withRequestBodyPart(aMultipart().withName("model").withBody(equalTo("whisper-1")).build())
                .withRequestBodyPart(aMultipart().withName("file")
                        .withHeader("Content-Disposition", containing("filename=\"telegram-20261128-101500.ogg\""))
                        .withHeader("Content-Type", equalTo("audio/ogg"))
                        .withBody(binaryEqualTo(AUDIO)).build()));
        noSpillLeft();
    }

    @Test
    void theEarSendsInlineAudioToGemini() {
        answerJson(FakeWorld.GEMINI + "/v1beta/models/gemini-2.5-flash:generateContent",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello, it is me.\"}]},\"finishReason\":\"STOP\"}]}");

        String heard = await(organs.hear(organ("gemini", FakeWorld.GEMINI, "gemini-2.5-flash"), audio, "audio/ogg",
                "voice.ogg"));

        assertEquals("Hello, it is me.", heard);
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.GEMINI + "/v1beta/models/gemini-2.5-flash:generateContent"))
                .withHeader("x-goog-api-key", equalTo(KEY))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[0].text", containing("verbatim")))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[1].inline_data.mime_type", equalTo("audio/ogg")))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[1].inline_data.data", equalTo(b64(AUDIO)))));
    }

    // ---- mouth --------------------------------------------------------------------------------------

    @Test
    void theMouthAsksOpenAiForOggOpus() {
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/speech")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/ogg").withBody(AUDIO)));

        Made voice = await(organs.speak(organ("openai", FakeWorld.OPENAI, "gpt-4o-mini-tts"), "Good morning!"));

        assertArrayEquals(AUDIO, voice.bytes());
        assertEquals("audio/ogg", voice.mimeType());
        assertEquals("ogg", voice.extension());
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/speech"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini-tts")))
                .withRequestBody(matchingJsonPath("$.input", equalTo("Good morning!")))
                .withRequestBody(matchingJsonPath("$.voice", equalTo("alloy")))
                .withRequestBody(matchingJsonPath("$.response_format", equalTo("opus"))));
    }

    @Test
    void theMouthWrapsGeminiPcmAsWav() {
        byte[] pcm = new byte[4800];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (byte) (i * 7);
        }
        answerJson(FakeWorld.GEMINI + "/v1beta/models/gemini-2.5-flash-preview-tts:generateContent",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"audio/L16;codec=pcm;rate=24000\","
                        + "\"data\":\"" + b64(pcm) + "\"}}]},\"finishReason\":\"STOP\"}]}");

        Made voice = await(organs.speak(organ("gemini", FakeWorld.GEMINI, "gemini-2.5-flash-preview-tts"), "Good morning!"));

        assertEquals("audio/wav", voice.mimeType());
        assertEquals("wav", voice.extension());
        byte[] wav = voice.bytes();
        assertEquals(44 + pcm.length, wav.length);
        assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
        assertEquals("WAVE", new String(wav, 8, 4, StandardCharsets.US_ASCII));
        ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, header.getShort(22), "mono");
        assertEquals(24000, header.getInt(24), "24 kHz");
        assertEquals(16, header.getShort(34), "16-bit");
        assertEquals(pcm.length, header.getInt(40));
        assertArrayEquals(pcm, Arrays.copyOfRange(wav, 44, wav.length));
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.GEMINI + "/v1beta/models/gemini-2.5-flash-preview-tts:generateContent"))
                .withHeader("x-goog-api-key", equalTo(KEY))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[0].text", equalTo("Good morning!")))
                .withRequestBody(matchingJsonPath("$.generationConfig.responseModalities[0]", equalTo("AUDIO")))
                .withRequestBody(matchingJsonPath(
                        "$.generationConfig.speechConfig.voiceConfig.prebuiltVoiceConfig.voiceName", equalTo("Kore"))));
    }

    // ---- imagination --------------------------------------------------------------------------------

    @Test
    void imaginationTakesOpenAisBase64Image() {
        answerJson(FakeWorld.OPENAI + "/v1/images/generations", "{\"created\":1,\"data\":[{\"b64_json\":\"" + b64(PNG) + "\"}]}");

        Made drawn = await(organs.draw(organ("openai", FakeWorld.OPENAI, "gpt-image-1"), "a cat on the moon"));

        assertArrayEquals(PNG, drawn.bytes());
        assertEquals("image/png", drawn.mimeType());
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/images/generations"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-image-1")))
                .withRequestBody(matchingJsonPath("$.prompt", equalTo("a cat on the moon")))
                .withRequestBody(matchingJsonPath("$.n", equalTo("1"))));
    }

    @Test
    void imaginationFetchesAnXaiImageUrlWithoutTheKey() {
        String at = Fakes.url(wm, "/files") + "/cat.png";
        answerJson(FakeWorld.XAI + "/v1/images/generations", "{\"data\":[{\"url\":\"" + at + "\"}]}");
        wm.stubFor(get(urlPathEqualTo("/files/cat.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(PNG)));

        Made drawn = await(organs.draw(organ("xai", FakeWorld.XAI, "grok-2-image"), "a cat on the moon"));

        assertArrayEquals(PNG, drawn.bytes());
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.XAI + "/v1/images/generations"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("grok-2-image"))));
        wm.verify(1, getRequestedFor(urlPathEqualTo("/files/cat.png")).withHeader("Authorization", absent()));
    }

    @Test
    void imaginationTakesGeminisInlineImage() {
        answerJson(FakeWorld.GEMINI + "/v1beta/models/gemini-2.5-flash-image:generateContent",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Here it is.\"},{\"inlineData\":{\"mimeType\":"
                        + "\"image/png\",\"data\":\"" + b64(PNG) + "\"}}]},\"finishReason\":\"STOP\"}]}");

        Made drawn = await(organs.draw(organ("gemini", FakeWorld.GEMINI, "gemini-2.5-flash-image"), "a cat on the moon"));

        assertArrayEquals(PNG, drawn.bytes());
        assertEquals("png", drawn.extension());
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.GEMINI + "/v1beta/models/gemini-2.5-flash-image:generateContent"))
                .withHeader("x-goog-api-key", equalTo(KEY))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[0].text", equalTo("a cat on the moon")))
                .withRequestBody(matchingJsonPath("$.generationConfig.responseModalities[0]", equalTo("TEXT")))
                .withRequestBody(matchingJsonPath("$.generationConfig.responseModalities[1]", equalTo("IMAGE"))));
    }

    @Test
    void anAnswerThatIsNotAnImageIsAFault() {
        answerJson(FakeWorld.OPENAI + "/v1/images/generations",
                "{\"data\":[{\"b64_json\":\"" + b64("<html>nope</html>".getBytes(StandardCharsets.UTF_8)) + "\"}]}");

        OrganFault fault = assertThrows(OrganFault.class,
                () -> await(organs.draw(organ("openai", FakeWorld.OPENAI, "gpt-image-1"), "a cat")));

        assertEquals("OpenAI answered with something that is not an image", fault.reason());
    }

    // ---- researcher ---------------------------------------------------------------------------------

    @Test
    void theResearcherSendsAPdfFilePartToOpenAi() {
        answerJson(FakeWorld.OPENAI + "/v1/chat/completions", OPENAI_ANSWER);

        String read = await(organs.read(organ("openai", FakeWorld.OPENAI, "gpt-4o"), pdf, "application/pdf",
                "Summarise it."));

        assertEquals("A red square.", read);
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].type", equalTo("file")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].file.filename", equalTo("paper.pdf")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].file.file_data",
                        equalTo("data:application/pdf;base64," + b64(PDF))))
                .withRequestBody(matchingJsonPath("$.messages[0].content[1].text", equalTo("Summarise it."))));
    }

    @Test
    void theResearcherSendsADocumentBlockToAnthropic() {
        answerJson(FakeWorld.ANTHROPIC + "/v1/messages", ANTHROPIC_ANSWER);

        String read = await(organs.read(organ("anthropic", FakeWorld.ANTHROPIC, "claude-sonnet-4-6"), pdf,
                "application/pdf", "Summarise it."));

        assertEquals("A red square.", read);
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))
                .withHeader("x-api-key", equalTo(KEY))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].type", equalTo("document")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].source.media_type", equalTo("application/pdf")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].source.data", equalTo(b64(PDF)))));
    }

    @Test
    void theResearcherSendsAnInlinePdfToGemini() {
        answerJson(FakeWorld.GEMINI + "/v1beta/models/gemini-2.5-pro:generateContent", GEMINI_ANSWER);

        String read = await(organs.read(organ("gemini", FakeWorld.GEMINI, "gemini-2.5-pro"), pdf, "application/pdf",
                "Summarise it."));

        assertEquals("A red square.", read);
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.GEMINI + "/v1beta/models/gemini-2.5-pro:generateContent"))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[1].inline_data.mime_type", equalTo("application/pdf")))
                .withRequestBody(matchingJsonPath("$.contents[0].parts[1].inline_data.data", equalTo(b64(PDF)))));
    }

    @Test
    void xaiAndOllamaReadMarkdownAsText() {
        answerJson(FakeWorld.XAI + "/v1/chat/completions", OPENAI_ANSWER);
        answerJson(FakeWorld.OLLAMA + "/api/chat", OLLAMA_ANSWER);

        assertEquals("A red square.", await(organs.read(organ("xai", FakeWorld.XAI, "grok-4"), notes,
                "text/markdown; charset=utf-8", "When does it open?")));
        assertEquals("A red square.", await(organs.read(new OrganRecord("qwen2.5:7b", null,
                Fakes.url(wm, FakeWorld.OLLAMA), null), notes, "text/markdown", "When does it open?")));

        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.XAI + "/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].text", containing("When does it open?")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].text",
                        containing("The café opens at nine. 你好"))));
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OLLAMA + "/api/chat"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("The café opens at nine. 你好"))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "xai", "local" })
    void aPdfIsRefusedInWordsWhereItCannotBeRead(String provider) {
        OrganRecord researcher = provider.equals("xai") ? organ("xai", FakeWorld.XAI, "grok-4")
                : new OrganRecord("qwen2.5:7b", null, Fakes.url(wm, FakeWorld.OLLAMA), null);

        OrganFault fault = assertThrows(OrganFault.class,
                () -> await(organs.read(researcher, pdf, "application/pdf", "Summarise it.")));

        assertEquals("researcher (" + provider + ") cannot read a PDF; send it as plain text or markdown (at most 1 MB), "
                + "or give the researcher to openai, anthropic or gemini", fault.reason());
        assertEquals(List.of(), Fakes.served(wm).stream().map(e -> e.getRequest().getUrl()).toList(),
                "no request reached a provider");
    }

    @Test
    void aDocumentOfAnotherTypeIsRefusedInWords() {
        OrganFault fault = assertThrows(OrganFault.class, () -> await(organs.read(
                organ("openai", FakeWorld.OPENAI, "gpt-4o"), image, "image/png", "Summarise it.")));

        assertEquals("the researcher reads PDF, plain text and markdown documents, not image/png", fault.reason());
        assertEquals(List.of(), Fakes.served(wm).stream().map(e -> e.getRequest().getUrl()).toList(),
                "no request reached a provider");
    }

    // ---- teacher ------------------------------------------------------------------------------------

    @Test
    void theTeacherAnswersWholeThroughTheChat() {
        wm.stubFor(post(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(
                        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Forty\"}}\n\n"
                                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"-two.\"}}\n\n"
                                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")));

        String answer = await(organs.ask(organ("anthropic", FakeWorld.ANTHROPIC, "claude-opus-4-1"), "What is six times seven?"));

        assertEquals("Forty-two.", answer);
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))
                .withHeader("x-api-key", equalTo(KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-opus-4-1")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("What is six times seven?"))));
    }

    // ---- faults -------------------------------------------------------------------------------------

    @Test
    void aRefusedKeyIsAFaultInWordsWithoutTheKey() throws IOException {
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/transcriptions")).willReturn(aResponse()
                .withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}")));

        OrganFault fault = assertThrows(OrganFault.class, () -> await(organs.hear(
                organ("openai", FakeWorld.OPENAI, "whisper-1"), audio, "audio/ogg", "voice.ogg")));

        assertEquals(OrganFault.Kind.REFUSED, fault.kind());
        assertEquals("the API key was refused", fault.reason());
        noSpillLeft();
    }

    @Test
    void aServerErrorIsAPassingFaultInWords() {
        Fakes.failing(wm, FakeWorld.GEMINI, 500);
        Fakes.failing(wm, FakeWorld.XAI, 500);

        for (Supplier<Uni<?>> call : java.util.List.<Supplier<Uni<?>>>of(
                () -> organs.see(organ("gemini", FakeWorld.GEMINI, "gemini-2.5-flash"), image, "image/png", "What?"),
                () -> organs.speak(organ("gemini", FakeWorld.GEMINI, "gemini-2.5-flash-preview-tts"), "Hi"),
                () -> organs.draw(organ("xai", FakeWorld.XAI, "grok-2-image"), "a cat"))) {
            OrganFault fault = assertThrows(OrganFault.class, () -> await(call.get()));
            assertEquals(OrganFault.Kind.UNAVAILABLE, fault.kind());
            assertEquals("the provider did not answer; try again", fault.reason());
            assertTrue(fault.isTransient());
            assertFalse(fault.getMessage().contains(KEY));
        }
    }

    @Test
    void anUnreachableProviderIsSaidWithoutTheKey() {
        OrganFault fault = assertThrows(OrganFault.class, () -> await(organs.see(
                new OrganRecord("gpt-4o", "openai", Fakes.closedPortUrl(), KEY), image, "image/png", "What?")));

        assertEquals(OrganFault.Kind.UNREACHABLE, fault.kind());
        assertTrue(fault.reason().startsWith("could not reach OpenAI at http://127.0.0.1:"), fault.reason());
    }

    @Test
    void aProviderThatCannotServeTheOrganIsRefusedBeforeAnyCall() {
        OrganFault ear = assertThrows(OrganFault.class, () -> await(organs.hear(
                organ("anthropic", FakeWorld.ANTHROPIC, "claude-sonnet-4-6"), audio, "audio/ogg", "voice.ogg")));
        OrganFault mouth = assertThrows(OrganFault.class, () -> await(organs.speak(
                organ("xai", FakeWorld.XAI, "grok-4"), "Hi")));
        OrganFault draw = assertThrows(OrganFault.class, () -> await(organs.draw(
                new OrganRecord("llama3", null, Fakes.url(wm, FakeWorld.OLLAMA), null), "a cat")));

        assertEquals("ear (anthropic): Anthropic has no speech-to-text; use openai or gemini", ear.reason());
        assertEquals("mouth (xai): xAI has no text-to-speech; use openai or gemini", mouth.reason());
        assertTrue(draw.reason().startsWith("imagination (local): Ollama has no image generation; use "), draw.reason());
        assertEquals(List.of(), Fakes.served(wm).stream().map(e -> e.getRequest().getUrl()).toList(),
                "no request reached a provider");
    }

    @Test
    void withoutTheOrganSheIsToldSheHasNone() {
        OrganFault fault = assertThrows(OrganFault.class, () -> await(organs.speak(null, "Hi")));

        assertEquals("she has no mouth", fault.reason());
    }

    private static byte[] png() {
        byte[] bytes = new byte[64];
        byte[] signature = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        for (int i = signature.length; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 13);
        }
        return bytes;
    }
}
