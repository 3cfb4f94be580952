package ai.eternego.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Her Mind in each of the four wire dialects, streamed from WireMock on loopback byte by byte. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class MindChatTest {

    static final String KEY = "sk-MIND-chat-key-7777";
    static final List<String> WORDS = List.of("Héllo", " wörld", " 🌍", " 你好", " again.");
    static final MindRequest REQUEST = new MindRequest("You are Iris, born 2026-05-01.",
            List.of(new MindRequest.Turn(MindRequest.USER, "hello there"),
                    new MindRequest.Turn(MindRequest.ASSISTANT, "hi, you"),
                    new MindRequest.Turn(MindRequest.USER, "how are you?")));

    /** One dialect: where it is served, and its exact stream bytes. */
    enum Wire {
        OLLAMA(Provider.LOCAL, FakeWorld.OLLAMA, "/api/chat", "qwen2.5:7b",
                w -> "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":" + quote(w) + "},\"done\":false}\n",
                "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"my secret plan\"},\"done\":false}\n",
                "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\"}\n",
                "{\"error\":\"model runner crashed\"}\n",
                "$.messages[0].content", "$.messages[3].content"),
        OPENAI(Provider.OPENAI, FakeWorld.OPENAI, "/v1/chat/completions", "gpt-4o",
                w -> "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quote(w)
                        + "},\"finish_reason\":null}]}\n\n",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"my secret plan\"}}]}\n\n",
                "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: {\"choices\":[],\"usage\":{}}\n\ndata: [DONE]\n\n",
                "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n",
                "$.messages[0].content", "$.messages[3].content"),
        ANTHROPIC(Provider.ANTHROPIC, FakeWorld.ANTHROPIC, "/v1/messages", "claude-sonnet-4-6",
                w -> "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":"
                        + quote(w) + "}}\n\n",
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{}}}\n\nevent: ping\ndata: {\"type\":\"ping\"}\n\n"
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"my secret plan\"}}\n\n",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n",
                "$.system[0].text", "$.messages[2].content"),
        GEMINI(Provider.GEMINI, FakeWorld.GEMINI, "/v1beta/models/gemini-2.5-flash:streamGenerateContent", "gemini-2.5-flash",
                w -> "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":" + quote(w) + "}]}}]}\r\n\r\n",
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"my secret plan\",\"thought\":true}]}}]}\r\n\r\n",
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{}}\r\n\r\n",
                "data: {\"error\":{\"code\":500,\"message\":\"internal\",\"status\":\"INTERNAL\"}}\r\n\r\n",
                "$.systemInstruction.parts[0].text", "$.contents[2].parts[0].text");

        final Provider provider;
        final String prefix;
        final String path;
        final String model;
        final Function<String, String> word;
        final String thought;
        final String end;
        final String error;
        final String systemPath;
        final String lastTurnPath;

        Wire(Provider provider, String prefix, String path, String model, Function<String, String> word, String thought,
                String end, String error, String systemPath, String lastTurnPath) {
            this.provider = provider;
            this.prefix = prefix;
            this.path = path;
            this.model = model;
            this.word = word;
            this.thought = thought;
            this.end = end;
            this.error = error;
            this.systemPath = systemPath;
            this.lastTurnPath = lastTurnPath;
        }

        String words(List<String> words) {
            return words.stream().map(word).collect(Collectors.joining());
        }

        /** The whole answer: a thought, her words (one with an inline think block), the final event. */
        String whole() {
            return thought + word.apply("<think>plotting</think>") + words(WORDS) + end;
        }

        String contentType() {
            return this == OLLAMA ? Fakes.NDJSON : "text/event-stream";
        }
    }

    @InjectWireMock
    WireMockServer wm;

    @Inject
    ProviderClients providers;

    @BeforeEach
    @AfterEach
    void reset() {
        wm.resetAll();
    }

    private List<String> chat(Wire wire) {
        return providers.chat(wire.provider, Fakes.url(wm, wire.prefix), KEY, wire.model, REQUEST)
                .collect().asList().await().atMost(Duration.ofSeconds(20));
    }

    private ResponseDefinitionBuilder stream(Wire wire, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return aResponse().withStatus(200).withHeader("Content-Type", wire.contentType()).withBody(bytes)
                .withChunkedDribbleDelay(Math.min(bytes.length, 97), 400);
    }

    private RequestPatternBuilder requested(Wire wire) {
        return postRequestedFor(urlPathEqualTo(wire.prefix + wire.path));
    }

    private void stub(Wire wire, ResponseDefinitionBuilder response) {
        wm.stubFor(post(urlPathEqualTo(wire.prefix + wire.path)).willReturn(response));
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aStreamedAnswerArrivesWholeInOrderWithoutHerThoughts(Wire wire) {
        stub(wire, stream(wire, wire.whole()));

        List<String> pieces = chat(wire);

        assertEquals(String.join("", WORDS), String.join("", pieces));
        assertFalse(String.join("", pieces).contains("plan"));
        assertFalse(String.join("", pieces).contains("plotting"));
        assertNoKeyInLog();
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void theRequestCarriesHerPromptAndTheTurns(Wire wire) {
        stub(wire, stream(wire, wire.whole()));

        chat(wire);

        RequestPatternBuilder sent = requested(wire)
                .withRequestBody(matchingJsonPath(wire.systemPath, equalTo(REQUEST.system())))
                .withRequestBody(matchingJsonPath(wire.lastTurnPath, equalTo("how are you?")));
        switch (wire) {
            case OLLAMA -> sent.withRequestBody(matchingJsonPath("$.options.num_ctx", equalTo("8192")))
                    .withRequestBody(matchingJsonPath("$.messages[2].role", equalTo("assistant")));
            case OPENAI -> sent.withHeader("Authorization", equalTo("Bearer " + KEY))
                    .withRequestBody(matchingJsonPath("$.stream", equalTo("true")));
            case ANTHROPIC -> sent.withHeader("x-api-key", equalTo(KEY))
                    .withHeader("anthropic-version", equalTo("2023-06-01"))
                    .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("4096")));
            case GEMINI -> sent.withHeader("x-goog-api-key", equalTo(KEY))
                    .withQueryParam("alt", equalTo("sse"))
                    .withRequestBody(matchingJsonPath("$.contents[1].role", equalTo("model")));
        }
        wm.verify(1, sent);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aRefusedKeyIsSaidWithoutTheKey(Wire wire) {
        stub(wire, aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}"));

        OrganFault fault = assertThrows(OrganFault.class, () -> chat(wire));

        assertEquals(OrganFault.Kind.REFUSED, fault.kind());
        assertFalse(fault.getMessage().contains(KEY));
        wm.verify(1, requested(wire));
        assertNoKeyInLog();
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void a429IsTriedAgainAfterRetryAfter(Wire wire) {
        wm.stubFor(post(urlPathEqualTo(wire.prefix + wire.path)).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("slow down"))
                .willSetStateTo("calm"));
        wm.stubFor(post(urlPathEqualTo(wire.prefix + wire.path)).inScenario("busy").whenScenarioStateIs("calm")
                .willReturn(stream(wire, wire.whole())));

        long started = System.nanoTime();
        List<String> pieces = chat(wire);

        assertEquals(String.join("", WORDS), String.join("", pieces));
        assertEquals(true, Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(900)) >= 0,
                "Retry-After: 1 was not honoured");
        wm.verify(2, requested(wire));
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aConnectionResetBeforeAnyAnswerIsTriedAgain(Wire wire) {
        wm.stubFor(post(urlPathEqualTo(wire.prefix + wire.path)).inScenario("reset").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("back"));
        wm.stubFor(post(urlPathEqualTo(wire.prefix + wire.path)).inScenario("reset").whenScenarioStateIs("back")
                .willReturn(stream(wire, wire.whole())));

        List<String> pieces = chat(wire);

        assertEquals(String.join("", WORDS), String.join("", pieces));
        wm.verify(2, requested(wire));
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aServerErrorIsTriedABoundedNumberOfTimesThenSaid(Wire wire) {
        stub(wire, aResponse().withStatus(503).withBody("down"));

        OrganFault fault = assertThrows(OrganFault.class, () -> chat(wire));

        assertEquals(OrganFault.Kind.UNAVAILABLE, fault.kind());
        wm.verify(3, requested(wire));
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void anErrorInTheMiddleFailsTheAnswer(Wire wire) {
        stub(wire, stream(wire, wire.words(WORDS.subList(0, 2)) + wire.error));

        OrganFault fault = assertThrows(OrganFault.class, () -> chat(wire));

        assertEquals(OrganFault.Kind.UNAVAILABLE, fault.kind());
        wm.verify(1, requested(wire));
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aTruncatedStreamIsNeverAWholeAnswer(Wire wire) {
        stub(wire, stream(wire, wire.thought + wire.words(WORDS)));

        OrganFault fault = assertThrows(OrganFault.class, () -> chat(wire));

        assertEquals(OrganFault.Kind.UNAVAILABLE, fault.kind());
        assertEquals(true, fault.getMessage().contains("stopped in the middle of an answer"), fault.getMessage());
    }

    @Test
    void aMindSlowerThanTheFirstByteTimeoutIsSaid() {
        Wire wire = Wire.OPENAI;
        stub(wire, aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(wire.whole()).withFixedDelay(7_000));

        OrganFault fault = assertThrows(OrganFault.class, () -> chat(wire));

        assertEquals(OrganFault.Kind.UNAVAILABLE, fault.kind());
        assertEquals(Faults.UNAVAILABLE, fault.reason());
    }

    @Test
    void aMindSilentBetweenTwoChunksLongerThanTheChunkTimeoutIsSaid() {
        Wire wire = Wire.ANTHROPIC;
        // two chunks, 3 s apart: each alone is within the first-byte timeout, the gap is over the chunk timeout
        stub(wire, aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(wire.whole()).withChunkedDribbleDelay(2, 6_000));

        OrganFault fault = assertThrows(OrganFault.class, () -> chat(wire));

        assertEquals(OrganFault.Kind.UNAVAILABLE, fault.kind());
    }

    @Test
    void aLongAnswerThatKeepsComingIsNeverCutByATotalTimeout() {
        Wire wire = Wire.GEMINI;
        // 8 s in all, well over the 2 s chunk timeout, but never silent for more than about half a second
        stub(wire, stream(wire, wire.whole()).withChunkedDribbleDelay(16, 8_000));

        assertEquals(String.join("", WORDS), String.join("", chat(wire)));
    }

    @Test
    void aMindNobodyListensAtIsUnreachable() {
        OrganFault fault = assertThrows(OrganFault.class, () -> providers.chat(Provider.LOCAL, Fakes.closedPortUrl(),
                null, "qwen2.5:7b", REQUEST).collect().asList().await().atMost(Duration.ofSeconds(20)));

        assertEquals(OrganFault.Kind.UNREACHABLE, fault.kind());
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void assertNoKeyInLog() {
        try {
            Path log = Path.of("target/quarkus-test.log");
            assertFalse(Files.exists(log) && Files.readString(log).contains(KEY), "a key reached the log");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
