package ai.eternego.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeTelegram;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.TelegramWorld;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The owner pairs her Telegram channel from the page: a wrong code is refused in words, the right one pairs. */
@QuarkusTest
@WithTestResource(TelegramWorld.class)
class PairingPageTest {

    static final String KEY = "sk-ant-PAGE-pair-77";
    static final String TOKEN = "919191:PAGE-pair-bot";

    static Chromium chromium;

    @TestHTTPResource("/")
    URL root;

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    BrowserContext context;
    private final CreatedPersonas created = new CreatedPersonas();

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
        created.purgeAll(home);
    }

    @Test
    void theOwnerPairsHerChannelFromThePage() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        FakeTelegram tg = TelegramWorld.telegram();
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "Pavo", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s", "telegram_token": "%s"}""".formatted(KEY, TOKEN))
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");
        created.add(id);
        await().atMost(Duration.ofSeconds(15)).until(() -> tg.parked(TOKEN) == 1);
        tg.push(TOKEN, 4242, "hello?");
        await().atMost(Duration.ofSeconds(15)).until(() -> !tg.sent(TOKEN, 4242).isEmpty());
        Matcher code = Pattern.compile("\\b([0-9A-F]{6})\\b").matcher(tg.sent(TOKEN, 4242).get(0));
        assertTrue(code.find());

        context = chromium.browser.newContext();
        Page page = context.newPage();
        page.navigate(root.toString());
        Locator pavo = page.locator("#personas tbody tr", new Page.LocatorOptions()
                .setHas(page.locator("td").first().getByText("Pavo", new Locator.GetByTextOptions().setExact(true))));
        pavo.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Open").setExact(true)).click();
        Locator channel = page.locator("#persona-channels li[data-type=telegram]");
        assertThat(channel).containsText("not paired yet");
        Locator box = channel.locator("form.pair");
        String wrong = code.group(1).equals("ABCDEF") ? "ABCDE0" : "ABCDEF";
        box.getByLabel(Pattern.compile("Pairing code")).fill(wrong);
        box.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Pair")).click();
        assertThat(box.locator(".pair-message")).hasText("Pairing code is invalid or has expired.");

        box.getByLabel(Pattern.compile("Pairing code")).fill(code.group(1));
        box.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Pair")).click();
        assertThat(channel).containsText("paired to chat 4242");
        assertThat(channel.locator("form.pair")).hasCount(0);
        assertFalse(page.content().contains(TOKEN), "the page never shows the bot token");
    }
}
