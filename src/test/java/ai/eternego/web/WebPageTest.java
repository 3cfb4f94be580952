package ai.eternego.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;

import ai.eternego.diary.Bip39;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A person at the web page, in Debian's Chromium: she creates a persona and sees her listed and running. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class WebPageTest {

    private static final String KEY = "sk-page-test-31337";

    static Playwright playwright;
    static Browser browser;

    @TestHTTPResource("/")
    URL root;

    @InjectWireMock
    WireMockServer wm;

    @BeforeAll
    static void launch() {
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of("/usr/bin/chromium"))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    @Test
    void createFromThePageShowsThePhraseAndListsHerRunning() throws Exception {
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Page page = browser.newPage();
        page.navigate(root.toString());
        page.getByLabel("Name").fill("Aurora");
        page.getByLabel("Mind model").first().fill("claude-sonnet-4-6");
        page.locator("#create select[name=thinking_provider]").selectOption("anthropic");
        page.locator("#create input[name=thinking_api_key]").fill(KEY);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();

        Locator phrase = page.locator("#phrase");
        phrase.waitFor(new Locator.WaitForOptions().setTimeout(30_000));
        String words = phrase.textContent().trim();
        assertEquals(24, words.split(" ").length, words);
        assertTrue(Bip39.checksumValid(words));
        assertTrue(page.locator("#create-progress").textContent().contains("thinking: ready"));

        Locator row = page.locator("#personas tbody tr", new Page.LocatorOptions().setHasText("Aurora"));
        row.waitFor(new Locator.WaitForOptions().setTimeout(10_000));
        assertTrue(row.textContent().contains("claude-sonnet-4-6"));
        assertTrue(row.textContent().contains("yes"), row.textContent());
        assertTrue(!page.content().contains(KEY), "the page shows no API key after the create");

        Files.createDirectories(Path.of("target"));
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/web-page.png")).setFullPage(true));

        row.getByText("Stop").click();
        page.locator("#personas tbody tr", new Page.LocatorOptions().setHasText("Aurora"))
                .getByText("Start").waitFor(new Locator.WaitForOptions().setTimeout(10_000));
        page.close();
    }

    @Test
    void aRefusedCreateSaysWhy() {
        Page page = browser.newPage();
        page.navigate(root.toString());
        page.getByLabel("Name").fill("Nobody");
        page.getByLabel("Mind model").first().fill("gpt-4o");
        page.locator("#create select[name=thinking_provider]").selectOption("openai");
        page.locator("#create input[name=thinking_api_key]").fill("sk-wrong");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
        Locator message = page.locator("#create-message");
        page.waitForCondition(() -> !message.textContent().isEmpty(),
                new Page.WaitForConditionOptions().setTimeout(30_000));
        assertTrue(message.textContent().contains("thinking (openai)"), message.textContent());
        page.close();
    }
}
