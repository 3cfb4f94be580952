package ai.eternego.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * An OpenAI-compatible server that refuses to stream is asked once more for the answer whole; one that
 * refuses tools (as a local model without tool calling does) is asked again with her abilities in words.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class OpenAiFallbackTest {

    static final String KEY = "sk-FALLBACK-key-5151";
    static final String PATH = FakeWorld.OPENAI + "/v1/chat/completions";
    static final MindRequest REQUEST = new MindRequest("You are Iris, born 2026-05-01.",
            List.of(new MindRequest.Turn(MindRequest.USER, "how are you?")));
    static final String WHOLE = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"<think>my secret plan</think>"
            + "Héllo, I am whole. 🌍\",\"reasoning_content\":\"hidden reasoning\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}";

    @InjectWireMock
    WireMockServer wm;

    @Inject
    ProviderClients providers;

    @BeforeEach
    @AfterEach
    void reset() {
        wm.resetAll();
    }

    private void refusingStream(int status, String error) {
        wm.stubFor(post(urlPathEqualTo(PATH)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(error)));
        wm.stubFor(post(urlPathEqualTo(PATH)).atPriority(5)
                .withRequestBody(matchingJsonPath("$.stream", absent()))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(WHOLE)));
    }

    private List<String> chat() {
        return providers.chat(Provider.OPENAI, Fakes.url(wm, FakeWorld.OPENAI), KEY, "gpt-4o", REQUEST)
                .collect().asList().await().atMost(Duration.ofSeconds(20));
    }

    @Test
    void aServerRefusingStreamAnswersWholeAndHerThoughtsStayHers() {
        refusingStream(400, "{\"error\":{\"message\":\"Unsupported parameter: 'stream' is not supported with this "
                + "model.\",\"type\":\"invalid_request_error\",\"param\":\"stream\",\"code\":\"unsupported_parameter\"}}");

        List<String> pieces = chat();

        assertEquals("Héllo, I am whole. 🌍", String.join("", pieces));
        wm.verify(1, postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
        wm.verify(1, postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(matchingJsonPath("$.stream", absent()))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo(REQUEST.system())))
                .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("how are you?")))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));
        assertNoKeyInLog();
    }

    @Test
    void a422AboutStreamOptionsFallsBackToo() {
        refusingStream(422, "{\"detail\":[{\"loc\":[\"body\",\"stream_options\"],\"msg\":\"extra fields not permitted\"}]}");

        assertEquals("Héllo, I am whole. 🌍", String.join("", chat()));
    }

    @Test
    void aRefusalNotAboutStreamingIsAFaultAndNotRetried() {
        refusingStream(400, "{\"error\":{\"message\":\"messages: too many\",\"type\":\"invalid_request_error\"}}");

        OrganFault fault = assertThrows(OrganFault.class, this::chat);

        assertEquals(OrganFault.Kind.REJECTED, fault.kind());
        wm.verify(1, postRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void aWholeAnswerThatIsNotOneIsAFault() {
        refusingStream(400, "{\"error\":{\"message\":\"stream not supported\"}}");
        wm.stubFor(post(urlPathEqualTo(PATH)).atPriority(2)
                .withRequestBody(matchingJsonPath("$.stream", absent()))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"object\":\"chat.completion\",\"choices\":[]}")));

        OrganFault fault = assertThrows(OrganFault.class, this::chat);

        assertEquals(OrganFault.Kind.UNAVAILABLE, fault.kind());
        wm.verify(2, postRequestedFor(urlPathEqualTo(PATH)));
    }

    static final MindRequest WITH_TOOLS = new MindRequest("You are Iris.",
            List.of(new MindRequest.Turn(MindRequest.USER, "remind me at three")),
            List.of(new MindTool("save_notes", "Keep a note.", "{\"type\": \"object\", \"properties\": {}}")),
            "You have abilities: save_notes.");

    @Test
    void aServerRefusingToolsIsAskedAgainWithHerAbilitiesInWords() {
        wm.stubFor(post(urlPathEqualTo(PATH)).atPriority(1).withRequestBody(matchingJsonPath("$.tools"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                        "{\"error\":{\"message\":\"tools is not supported by this server\",\"type\":"
                                + "\"invalid_request_error\",\"param\":\"tools\"}}")));
        wm.stubFor(post(urlPathEqualTo(PATH)).atPriority(5).withRequestBody(matchingJsonPath("$.tools", absent()))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(
                        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"{\\\"tools.save_notes\\\": {}}\"}}]}\n\n"
                                + "data: [DONE]\n\n")));

        List<MindPiece> pieces = providers.think(Provider.OPENAI, Fakes.url(wm, FakeWorld.OPENAI), KEY, "m", WITH_TOOLS)
                .collect().asList().await().atMost(Duration.ofSeconds(20));

        assertEquals(List.of(new MindPiece.Words("{\"tools.save_notes\": {}}")), pieces, "her call in upstream's text form");
        wm.verify(2, postRequestedFor(urlPathEqualTo(PATH)));
        wm.verify(1, postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(matchingJsonPath("$.tools", absent()))
                .withRequestBody(matchingJsonPath("$.messages[0].content",
                        equalTo("You are Iris.\n\nYou have abilities: save_notes."))));
    }

    @Test
    void aLocalModelWithoutToolsIsAskedAgainWithHerAbilitiesInWords() {
        String chat = FakeWorld.OLLAMA + "/api/chat";
        wm.stubFor(post(urlPathEqualTo(chat)).atPriority(1).withRequestBody(matchingJsonPath("$.tools"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"registry.ollama.ai/library/gemma:2b does not support tools\"}")));
        wm.stubFor(post(urlPathEqualTo(chat)).atPriority(5).withRequestBody(matchingJsonPath("$.tools", absent()))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-ndjson").withBody(
                        "{\"message\":{\"role\":\"assistant\",\"content\":\"Noted.\"},\"done\":false}\n"
                                + "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true}\n")));

        List<MindPiece> pieces = providers.think(Provider.LOCAL, Fakes.url(wm, FakeWorld.OLLAMA), null, "gemma:2b",
                WITH_TOOLS).collect().asList().await().atMost(Duration.ofSeconds(20));

        assertEquals(List.of(new MindPiece.Words("Noted.")), pieces);
        wm.verify(1, postRequestedFor(urlPathEqualTo(chat)).withRequestBody(matchingJsonPath("$.tools", absent()))
                .withRequestBody(matchingJsonPath("$.messages[0].content",
                        equalTo("You are Iris.\n\nYou have abilities: save_notes."))));
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
