package ai.eternego.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A person at the web page attaches files in the chat panel: an image goes to her eye and shows as an image,
 * a voice goes to her ear and her spoken answer plays in an audio player, both fetched from the media route.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class MediaPageTest {

    private static final String KEY = "sk-page-media-mind-5150";
    private static final String OAI = "sk-page-media-organs-6160";
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    private static final byte[] VOICE_OUT = "OggS\0\2her-page-voice".getBytes(StandardCharsets.ISO_8859_1);

    static Chromium chromium;

    @TestHTTPResource("/")
    URL root;

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @TempDir
    Path files;

    BrowserContext context;
    final List<String> created = new ArrayList<>();

    @BeforeAll
    static void launch() {
        chromium = new Chromium();
    }

    @AfterAll
    static void close() {
        chromium.close();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(20), "What ", "a picture.");
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", OAI);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "whisper-1", OAI);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o-mini-tts", OAI);
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/chat/completions")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"id\":\"c\",\"object\":"
                        + "\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                        + "\"A tiny dot.\"},\"finish_reason\":\"stop\"}],\"usage\":{}}")));
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/transcriptions")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"text\":\"Hi there.\"}")));
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/speech")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/ogg").withBody(VOICE_OUT)));
    }

    @AfterEach
    void cleanUp() {
        if (context != null) {
            context.close();
        }
        for (String id : created) {
            if (Files.exists(home.resolve("personas").resolve(id))) {
                given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
            }
        }
    }

    private String createViaApi(String name) {
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "%s", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s",
                 "eye_model": "gpt-4o", "eye_provider": "openai", "eye_api_key": "%s",
                 "ear_model": "whisper-1", "ear_provider": "openai", "ear_api_key": "%s",
                 "mouth_model": "gpt-4o-mini-tts", "mouth_provider": "openai", "mouth_api_key": "%s"}"""
                .formatted(name, KEY, OAI, OAI, OAI))
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");
        created.add(id);
        return id;
    }

    private Locator openPanel(String name) {
        context = chromium.browser.newContext();
        Page page = context.newPage();
        page.navigate(root.toString());
        page.locator("#personas tbody tr", new Page.LocatorOptions().setHasText(name))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Open").setExact(true)).click();
        Locator panel = page.locator("#persona");
        assertThat(panel.locator("#persona-title")).hasText(name);
        return panel;
    }

    private static void send(Locator chat) {
        chat.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Send").setExact(true)).click();
    }

    @Test
    void anAttachedImageIsSeenAndShownAndAVoiceIsAnsweredWithAPlayer() throws Exception {
        createViaApi("Signe");
        Locator panel = openPanel("Signe");
        Locator chat = panel.locator("#chat");
        Locator log = panel.locator("#chat-log li");

        chat.getByLabel("Message").fill("What is this?");
        chat.getByLabel("Attach").setInputFiles(Files.write(files.resolve("dot.png"), PNG));
        send(chat);
        assertThat(log).hasCount(2);
        assertThat(log.nth(1)).hasText("What a picture.");
        assertThat(log.nth(0)).containsText("My eye saw: A tiny dot.");
        Locator image = log.nth(0).locator("img.media");
        assertThat(image).hasCount(1);
        image.page().waitForFunction("img => img.complete && img.naturalWidth === 1", image.elementHandle());
        assertThat(panel.page().locator("#chat-message")).isEmpty();

        chat.getByLabel("Attach").setInputFiles(Files.write(files.resolve("hello.ogg"),
                "OggS\0\2page-voice".getBytes(StandardCharsets.ISO_8859_1)));
        send(chat);
        assertThat(log).hasCount(4);
        assertThat(log.nth(2)).hasText("Hi there.");
        Locator player = log.nth(3).locator("audio.media[controls]");
        assertThat(player).hasCount(1);
        Object played = player.page().waitForFunction("a => a.src.startsWith('blob:') ? a.src : null",
                player.elementHandle()).jsonValue();
        assertTrue(String.valueOf(played).startsWith("blob:"));
        int length = ((Number) panel.page().evaluate("src => fetch(src).then(r => r.arrayBuffer()).then(b => b.byteLength)",
                played)).intValue();
        assertEquals(VOICE_OUT.length, length, "the player holds her voice from the media route");
        wm.verify(1, postRequestedFor(urlPathEqualTo(FakeWorld.OPENAI + "/v1/audio/speech")));
    }
}
