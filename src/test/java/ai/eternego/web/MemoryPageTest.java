package ai.eternego.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Her memory on the page: the files she knows, each in an editor that saves it whole (a refusal said in
 * words, the file untouched), what she has learned, and her calendar.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class MemoryPageTest {

    private static final String KEY = "sk-page-memory-8080";

    static Chromium chromium;

    @TestHTTPResource("/")
    URL root;

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    BrowserContext context;
    final CreatedPersonas personas = new CreatedPersonas();

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
    }

    @AfterEach
    void cleanUp() {
        if (context != null) {
            context.close();
        }
        personas.purgeAll(home);
    }

    private static Locator button(Locator scope, String name) {
        return scope.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    @Test
    void herFilesAreShownAndCorrectedHerLessonsAndCalendarShown() throws Exception {
        String id = personas.withAnthropicMind("Wren", KEY);
        Path her = home.resolve("personas").resolve(id).resolve("home");
        Files.writeString(her.resolve("person.md"), "# Person\n\n- Name: Zoë\n", StandardCharsets.UTF_8);
        Files.createDirectories(her.resolve("meanings"));
        Files.writeString(her.resolve("meanings/café-visits.md"), "# Café visits\n\nAsk what she ordered.\n",
                StandardCharsets.UTF_8);
        LocalDate soon = LocalDate.now().plusDays(3);
        Files.createDirectories(her.resolve("destiny"));
        Files.writeString(her.resolve("destiny/reminder-" + soon + "-15-00-20310701140000.md"),
                "Call mum\nrecurrence: weekly\n", StandardCharsets.UTF_8);

        context = chromium.browser.newContext(new Browser.NewContextOptions());
        Page page = context.newPage();
        page.navigate(root.toString());
        Locator row = page.locator("#personas tbody tr[data-id='" + id + "']");
        button(row, "Open").click();
        Locator panel = page.locator("#persona");
        assertThat(panel.locator("#persona-title")).hasText("Wren");

        Locator person = panel.locator("form.knowledge-file[data-file='person.md'] textarea");
        assertThat(person).hasValue("# Person\n\n- Name: Zoë\n");
        assertThat(panel.locator("form.knowledge-file")).hasCount(7);
        assertThat(panel.locator("#instruction li")).hasCount(1);
        assertThat(panel.locator("#instruction li").first()).containsText("Café visits");
        assertThat(panel.locator("#instruction li").first()).containsText("Ask what she ordered.");
        assertThat(panel.locator("#calendar-entries li.reminder")).hasCount(1);
        assertThat(panel.locator("#calendar-entries li.reminder")).containsText("Call mum");
        assertThat(panel.locator("#calendar-entries li.reminder")).containsText("weekly");

        Locator traits = panel.locator("form.knowledge-file[data-file='traits.md']");
        traits.locator("textarea").fill("- Brave\n- Curious\n");
        button(traits, "Save traits.md").click();
        assertThat(panel.locator("#knowledge-message")).hasText("traits.md is saved: she reads it at her next turn.");
        assertEquals("- Brave\n- Curious\n", Files.readString(her.resolve("traits.md"), StandardCharsets.UTF_8));

        traits.locator("textarea").fill("x".repeat(70_000));
        button(traits, "Save traits.md").click();
        assertThat(panel.locator("#knowledge-message")).containsText("traits.md is not saved: The text is too large");
        assertEquals("- Brave\n- Curious\n", Files.readString(her.resolve("traits.md"), StandardCharsets.UTF_8));

        Locator calendar = panel.locator("#calendar");
        calendar.locator("input[name=start]").fill(soon.plusDays(1).toString());
        button(calendar, "Show").click();
        assertThat(panel.locator("#calendar-empty")).isVisible();
        assertThat(panel.locator("#calendar-entries li")).hasCount(0);

        // reopened, the page reads her files again
        button(panel, "Close").click();
        button(row, "Open").click();
        assertThat(panel.locator("form.knowledge-file[data-file='traits.md'] textarea")).hasValue("- Brave\n- Curious\n");
    }
}
