package ai.eternego.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
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

/** Her drawing in the page: the image her reply carries is shown under her words, as she says it and after a reload. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class DrawingPageTest {

    private static final String KEY = "sk-page-draw-4711";
    private static final String IMAGINATION_KEY = "sk-page-imagine-1123";

    static Chromium chromium;

    @TestHTTPResource("/")
    URL root;

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    BrowserContext context;
    String id;

    @BeforeAll
    static void launch() {
        chromium = new Chromium();
    }

    @AfterAll
    static void close() {
        chromium.close();
    }

    @AfterEach
    void cleanUp() {
        if (context != null) {
            context.close();
        }
        if (id != null && Files.exists(home.resolve("personas").resolve(id))) {
            given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
        }
    }

    @Test
    void herDrawingIsShownUnderHerWords() throws Exception {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-image-1", IMAGINATION_KEY);
        Fakes.anthropicChat(wm, KEY, java.time.Duration.ofMillis(10), "Hello.");
        mind("Draw me a fox", "{\"tools.draw\": {\"prompt\": \"a red fox\"}}");
        mind("tool: draw", "Here is a red fox.");
        wm.stubFor(post(urlPathEqualTo(FakeWorld.OPENAI + "/v1/images/generations"))
                .withHeader("Authorization", equalTo("Bearer " + IMAGINATION_KEY))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(png(5, 3)) + "\"}]}")));
        id = given().contentType(ContentType.JSON).body("""
                {"name": "Fenna", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s", "imagination_model": "gpt-image-1", "imagination_provider": "openai",
                 "imagination_api_key": "%s"}""".formatted(KEY, IMAGINATION_KEY))
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");

        context = chromium.browser.newContext();
        Page page = context.newPage();
        page.navigate(root.toString());
        openFenna(page);
        Locator chat = page.locator("#chat");
        chat.getByLabel("Message").fill("Draw me a fox");
        chat.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Send").setExact(true)).click();

        Locator last = page.locator("#chat-log li").last();
        assertThat(last).hasText("Here is a red fox.");
        assertDrawn(last.locator("img.media"));

        page.reload();
        openFenna(page);
        assertDrawn(page.locator("#chat-log li").last().locator("img.media"));
    }

    private static void openFenna(Page page) {
        Locator row = page.locator("#personas tbody tr", new Page.LocatorOptions().setHas(page.locator("td").first()
                .getByText("Fenna", new Locator.GetByTextOptions().setExact(true))));
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Open").setExact(true)).click();
    }

    /** The image is there, named by what she drew, and decoded: the drawn pixels, not a broken icon. */
    private static void assertDrawn(Locator image) {
        assertThat(image).hasAttribute("alt", "a red fox");
        assertThat(image).hasJSProperty("naturalWidth", 5);
        assertThat(image).hasJSProperty("naturalHeight", 3);
    }

    /** Her Mind answers {@code answer} to every request containing {@code mark}; the newest such stub wins. */
    private void mind(String mark, String answer) throws IOException {
        String event = new ObjectMapper().writeValueAsString(Map.of("type", "content_block_delta", "index", 0,
                "delta", Map.of("type", "text_delta", "text", answer)));
        wm.stubFor(post(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages")).atPriority(1)
                .withHeader("x-api-key", equalTo(KEY)).withRequestBody(containing(mark))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}\n\n"
                                + "event: content_block_delta\ndata: " + event + "\n\n"
                                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")));
    }

    private static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, Color.ORANGE.getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
