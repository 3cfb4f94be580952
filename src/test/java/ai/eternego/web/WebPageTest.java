package ai.eternego.web;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import ai.eternego.agent.AgentSupervisor;
import ai.eternego.diary.Bip39;
import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.DiaryReader;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.HomeSnapshot;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.Upstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** A person at the web page, in Debian's Chromium: everything the API does, done from the page. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class WebPageTest {

    private static final String KEY = "sk-page-test-31337";
    private static final String OPENAI_KEY = "sk-page-openai-2718";
    private static final String XAI_KEY = "xai-page-1618";
    private static final String GEMINI_KEY = "gm-page-1414";
    private static final String TELEGRAM = "4242:page-telegram";
    private static final String DISCORD = "page-discord-token-55";
    private static final String FIXTURE_ID = "6a0f3b52-91c4-4d2e-b7a8-5e19c0d4f2a7";

    static Chromium chromium;

    @TestHTTPResource("/")
    URL root;

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    BrowserContext context;
    final List<String> created = new ArrayList<>();
    final Map<String, String> phrases = new HashMap<>();

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
        for (String id : created) {
            if (Files.exists(home.resolve("personas").resolve(id))) {
                given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
            }
        }
    }

    private Page open() {
        return open(new Browser.NewContextOptions());
    }

    private Page open(Browser.NewContextOptions options) {
        context = chromium.browser.newContext(options);
        Page page = context.newPage();
        page.navigate(root.toString());
        return page;
    }

    private String createViaApi(String name) {
        JsonPath born = given().contentType(ContentType.JSON).body("""
                {"name": "%s", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s"}""".formatted(name, KEY))
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath();
        String id = born.getString("persona.id");
        created.add(id);
        phrases.put(id, born.getString("recovery_phrase"));
        return id;
    }

    private static Locator row(Page page, String name) {
        return page.locator("#personas tbody tr", new Page.LocatorOptions()
                .setHas(page.locator("td").first().getByText(name, new Locator.GetByTextOptions().setExact(true))));
    }

    private static Locator button(Locator scope, String name) {
        return scope.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    /** Fills an organ's fieldset in {@code form}; the optional organs sit under "More organs". */
    private static void organ(Locator form, String title, String model, String provider, String key, String url) {
        Locator set = form.locator("fieldset", new Locator.LocatorOptions()
                .setHas(form.page().locator("legend", new Page.LocatorOptions().setHasText(Pattern.compile("^" + title)))));
        if (!set.isVisible()) {
            form.getByText("More organs").click();
        }
        set.getByLabel(title + " model").fill(model);
        set.getByLabel(title + " provider").selectOption(provider);
        if (key != null) {
            set.getByLabel(title + " API key").fill(key);
        }
        if (url != null) {
            set.getByLabel(title + " base URL").fill(url);
        }
    }

    private Path record(String id) {
        return home.resolve("personas").resolve(id).resolve("home").resolve("config.json");
    }

    private void everyCloudOrgan(Locator form) {
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "tts-1", OPENAI_KEY);
        Fakes.openAiModel(wm, "/custom-openai", "gpt-4o", OPENAI_KEY);
        Fakes.openAiModel(wm, FakeWorld.XAI, "grok-2-image", XAI_KEY);
        Fakes.geminiModel(wm, "gemini-2.5-flash", GEMINI_KEY);
        organ(form, "Imagination", "grok-2-image", "xai", XAI_KEY, null);
        organ(form, "Mouth", "tts-1", "openai", OPENAI_KEY, null);
        organ(form, "Eye", "gpt-4o", "openai", OPENAI_KEY, Fakes.url(wm, "/custom-openai"));
        organ(form, "Ear", "gemini-2.5-flash", "gemini", GEMINI_KEY, null);
        organ(form, "Teacher", "claude-sonnet-4-6", "anthropic", KEY, null);
        organ(form, "Researcher", "tts-1", "openai", OPENAI_KEY, Fakes.url(wm, FakeWorld.OPENAI));
    }

    private void assertEveryCloudOrganSaved(String id) throws Exception {
        JsonPath saved = JsonPath.from(Files.readString(record(id)));
        assertEquals(Map.of("imagination", XAI_KEY, "mouth", OPENAI_KEY, "eye", OPENAI_KEY, "ear", GEMINI_KEY,
                "teacher", KEY, "researcher", OPENAI_KEY),
                Map.of("imagination", saved.getString("imagination.api_key"), "mouth", saved.getString("mouth.api_key"),
                        "eye", saved.getString("eye.api_key"), "ear", saved.getString("ear.api_key"),
                        "teacher", saved.getString("teacher.api_key"), "researcher", saved.getString("researcher.api_key")));
        assertEquals(Fakes.url(wm, "/custom-openai"), saved.getString("eye.url"));
        assertEquals("gemini", saved.getString("ear.provider"));
        assertEquals("xai", saved.getString("imagination.provider"));
        assertEquals(List.of("discord", "telegram"), saved.getList("channels.type", String.class).stream().sorted().toList());
    }

    @Test
    void createWithEveryOrganShowsOneBarPerPartAndKeepsThePhraseUntilSaved() throws Exception {
        long total = 4_700_000_000L;
        Fakes.ollamaRunning(wm);
        Fakes.ollamaPull(wm, "qwen2.5:7b", total);
        Fakes.telegramBot(wm, TELEGRAM);
        Fakes.discordBot(wm, DISCORD);
        Page page = open(new Browser.NewContextOptions()
                .setPermissions(List.of("clipboard-read", "clipboard-write")));
        Locator form = page.locator("#create");
        form.getByLabel("Name", new Locator.GetByLabelOptions().setExact(true)).fill("Orion");
        organ(form, "Mind", "qwen2.5:7b", "", null, null);
        everyCloudOrgan(form);
        form.getByLabel("Telegram bot token").fill(TELEGRAM);
        form.getByLabel("Discord bot token").fill(DISCORD);
        button(form, "Create").click();

        Locator phrase = page.locator("#phrase");
        assertThat(phrase).hasText(Pattern.compile("^(\\w+ ){23}\\w+$"));
        String words = phrase.textContent().trim();
        assertTrue(Bip39.checksumValid(words));

        Locator parts = page.locator("#create-progress .part");
        List<String> expected = List.of("thinking", "imagination", "mouth", "eye", "ear", "teacher", "researcher",
                "telegram", "discord", "persona");
        assertThat(parts).hasCount(expected.size());
        assertThat(page.locator("#create-progress progress")).hasCount(expected.size());
        assertEquals(String.join(",", expected.stream().sorted().toList()),
                parts.evaluateAll("rows => rows.map(r => r.dataset.part).sort().join(',')"));
        Locator mind = page.locator("#create-progress .part[data-part=thinking]");
        assertThat(mind).containsText("thinking: ready");
        assertEquals(String.valueOf(total), mind.locator("progress").getAttribute("max"));
        assertEquals(total, ((Number) mind.locator("progress").evaluate("p => p.value")).longValue());
        assertThat(page.locator("#create-progress .part[data-part=persona]")).containsText("persona: saved");

        Locator orion = row(page, "Orion");
        assertThat(orion).containsText("qwen2.5:7b");
        String id = orion.getAttribute("data-id");
        created.add(id);
        assertEveryCloudOrganSaved(id);
        assertFalse(page.content().contains(OPENAI_KEY), "the page shows no API key after the create");

        button(page, "Copy").click();
        assertThat(page.locator("#phrase-copied")).hasText("Copied.");
        assertEquals(words, page.evaluate("() => navigator.clipboard.readText()"));
        assertThat(page.locator("#phrase-box")).isVisible();
        form.getByLabel("Name", new Locator.GetByLabelOptions().setExact(true)).fill("Second");
        organ(form, "Mind", "claude-sonnet-4-6", "anthropic", KEY, null);
        button(form, "Create").click();
        assertThat(page.locator("#create-message")).containsText("Save the recovery phrase");
        assertThat(phrase).hasText(words);

        button(page, "I saved it").click();
        assertThat(page.locator("#phrase-box")).isHidden();
        assertEquals("", phrase.textContent());
        Files.createDirectories(Path.of("target"));
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/web-page.png")).setFullPage(true));
    }

    @Test
    void aCreateThatCannotStartStillShowsHerPhrase() {
        QuarkusMock.installMockForType(new AgentSupervisor(null, null, null, null, null, null, null, null, null, null, null, null, null, null) {
            @Override
            public Uni<Void> start(String id) {
                return Uni.createFrom().failure(new IllegalStateException("her diary key cannot be opened on this machine"));
            }
        }, AgentSupervisor.class);
        Page page = open();
        Locator form = page.locator("#create");
        form.getByLabel("Name", new Locator.GetByLabelOptions().setExact(true)).fill("Stella");
        organ(form, "Mind", "claude-sonnet-4-6", "anthropic", KEY, null);
        button(form, "Create").click();

        assertThat(page.locator("#create-message"))
                .hasText("The persona was created but failed to start: her diary key cannot be opened on this machine");
        assertThat(page.locator("#phrase-box")).isVisible();
        Locator stella = row(page, "Stella");
        assertThat(stella).isVisible();
        created.add(stella.getAttribute("data-id"));
        assertEquals(24, page.locator("#phrase").textContent().trim().split(" ").length, "her phrase is shown");
    }

    @Test
    void createFromThePageListsHerRunningAndStopsHer() {
        Page page = open();
        Locator form = page.locator("#create");
        form.getByLabel("Name", new Locator.GetByLabelOptions().setExact(true)).fill("Aurora");
        organ(form, "Mind", "claude-sonnet-4-6", "anthropic", KEY, null);
        button(form, "Create").click();

        assertThat(page.locator("#phrase-box")).isVisible();
        Locator aurora = row(page, "Aurora");
        assertThat(aurora).containsText("claude-sonnet-4-6");
        created.add(aurora.getAttribute("data-id"));
        assertThat(aurora.locator("td").nth(3)).hasText("yes");
        assertFalse(page.content().contains(KEY), "the page shows no API key after the create");

        button(aurora, "Stop").click();
        assertThat(page.locator("#personas-message")).hasText("She is stopped.");
        assertThat(button(row(page, "Aurora"), "Start")).isVisible();
    }

    @Test
    void aRefusedCreateSaysWhy() {
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", OPENAI_KEY);
        Page page = open();
        Locator form = page.locator("#create");
        form.getByLabel("Name", new Locator.GetByLabelOptions().setExact(true)).fill("Nobody");
        organ(form, "Mind", "gpt-4o", "openai", "sk-wrong", null);
        button(form, "Create").click();
        assertThat(page.locator("#create-message")).containsText("thinking (openai)");
        assertThat(page.locator("#create-message")).not().containsText("answered");
        assertThat(page.locator("#create-progress .part[data-part=thinking]")).containsText("thinking: failed");
        assertThat(button(form, "Create")).isEnabled();
    }

    @Test
    void migrateWithEveryOrganShowsProgressDisablesItsButtonAndSaysWhyWhenRefused() throws Exception {
        if (Files.exists(home.resolve("personas").resolve(FIXTURE_ID))) {
            given().post("/api/persona/" + FIXTURE_ID + "/delete?purge=true").then().statusCode(200);
        }
        created.add(FIXTURE_ID);
        Path fixtures = Upstream.shared().resolve("fixtures/diary");
        Path diary = fixtures.resolve(FIXTURE_ID + ".diary");
        String phrase = Files.readString(fixtures.resolve(FIXTURE_ID + ".phrase"), StandardCharsets.UTF_8).trim();
        Fakes.ollamaRunning(wm, "qwen2.5:7b");
        Fakes.discordBot(wm, DISCORD);
        wm.stubFor(get(urlPathEqualTo(FakeWorld.TELEGRAM + "/bot" + TELEGRAM + "/getMe"))
                .willReturn(okJson("{\"ok\":true,\"result\":{\"id\":4242,\"is_bot\":true,\"first_name\":\"Her\","
                        + "\"username\":\"her_bot\"}}").withFixedDelay(3000)));

        Page page = open();
        Locator form = page.locator("#migrate");
        form.getByLabel("Diary").setInputFiles(diary);
        String[] words = phrase.split("\\s+");
        words[0] = "zzzz";
        form.getByLabel("Recovery phrase").fill(String.join(" ", words));
        organ(form, "Mind", "qwen2.5:7b", "", null, null);
        button(form, "Migrate").click();
        assertThat(page.locator("#migrate-message")).containsText("zzzz");
        assertThat(page.locator("#migrate-message")).not().containsText("answered");
        assertFalse(Files.exists(home.resolve("personas").resolve(FIXTURE_ID)));

        form.getByLabel("Recovery phrase").fill(phrase);
        everyCloudOrgan(form);
        form.getByLabel("Telegram bot token").fill(TELEGRAM);
        form.getByLabel("Discord bot token").fill(DISCORD);
        button(form, "Migrate").click();
        assertThat(button(form, "Migrate")).isDisabled();
        assertThat(page.locator("#migrate-progress .part[data-part=telegram] progress")).hasCount(1);
        assertThat(page.locator("#personas-message")).hasText("Vesper is here.");
        assertThat(button(form, "Migrate")).isEnabled();
        assertThat(page.locator("#migrate-progress .part[data-part=thinking]")).containsText("thinking: ready");
        assertThat(page.locator("#migrate-progress .part[data-part=thinking] progress")).hasCount(1);
        assertThat(row(page, "Vesper")).isVisible();
        assertEveryCloudOrganSaved(FIXTURE_ID);

        form.getByLabel("Diary").setInputFiles(diary);
        form.getByLabel("Recovery phrase").fill(phrase);
        organ(form, "Mind", "qwen2.5:7b", "", null, null);
        button(form, "Migrate").click();
        assertThat(page.locator("#migrate-message")).containsText("already");
        assertThat(page.locator("#migrate-message")).not().containsText("answered");
    }

    @Test
    void perPersonaViewDiagnoseUpdateLifecycleExportDeleteAndArchives() throws Exception {
        String id = createViaApi("Orla");
        String other = createViaApi("Pax");
        Files.writeString(record(id).resolveSibling("health.jsonl"),
                "{\"time\":\"2026-01-02T03:04:05Z\",\"ok\":true,\"faults\":[]}\n"
                        + "{\"time\":\"2026-01-02T03:05:05Z\",\"ok\":false,\"faults\":[\"thinking\"]}\n");
        Fakes.telegramBot(wm, TELEGRAM);
        Page page = open();

        button(row(page, "Orla"), "Open").click();
        Locator panel = page.locator("#persona");
        assertThat(panel.locator("#persona-title")).hasText("Orla");
        assertThat(panel.locator("#persona-facts")).containsText(id);
        assertThat(panel.locator("#persona-organs")).containsText("claude-sonnet-4-6");
        assertThat(panel.locator("#heartbeats tbody tr")).hasCount(2);
        assertThat(panel.locator("#heartbeats tbody tr").first()).containsText("thinking");
        assertThat(panel.locator("#diagnosis")).containsText("Running");
        Files.writeString(record(id).resolveSibling("health.jsonl"),
                "{\"time\":\"2026-01-02T03:06:05Z\",\"ok\":true,\"faults\":[]}\n", java.nio.file.StandardOpenOption.APPEND);
        button(panel, "Diagnose").click();
        assertThat(panel.locator("#heartbeats tbody tr")).hasCount(3);

        Locator update = panel.locator("#update");
        update.getByLabel("New name").fill("Orla Prime");
        update.getByLabel("Status").selectOption("hibernate");
        update.getByLabel("New Telegram bot token").fill(TELEGRAM);
        button(update, "Update").click();
        assertThat(page.locator("#personas-message")).hasText("She is updated.");
        Locator orla = row(page, "Orla Prime");
        assertThat(orla.locator("td").nth(2)).hasText("hibernate");
        assertThat(orla.locator("td").nth(3)).hasText("no");
        assertThat(panel.locator("#persona-title")).hasText("Orla Prime");
        assertThat(panel.locator("#persona-channels")).containsText("telegram");
        assertEquals(TELEGRAM, JsonPath.from(Files.readString(record(id))).getString("channels[0].credentials.token"));
        update.getByLabel("New name").fill("\u0007bell");
        button(update, "Update").click();
        assertThat(page.locator("#update-message")).containsText("name");

        button(orla, "Start").click();
        assertThat(page.locator("#personas-message")).hasText("She is running.");
        assertThat(row(page, "Orla Prime").locator("td").nth(3)).hasText("yes");
        button(row(page, "Orla Prime"), "Restart").click();
        assertThat(page.locator("#personas-message")).hasText("She restarted.");
        button(row(page, "Orla Prime"), "Sleep").click();
        assertThat(page.locator("#personas-message")).hasText("She slept: her diary is written.");
        button(row(page, "Orla Prime"), "Stop").click();
        assertThat(page.locator("#personas-message")).hasText("She is stopped.");

        HomeSnapshot kept = HomeSnapshot.of(home.resolve("diary").resolve(id));
        Download download = page.waitForDownload(() -> button(row(page, "Orla Prime"), "Export").click());
        assertEquals(id + ".diary", download.suggestedFilename());
        assertTrue(DiaryReader.verify(download.path(), DiaryKey.derive(phrases.get(id), id)),
                "the download is her diary, whole");
        assertEquals(kept, HomeSnapshot.of(home.resolve("diary").resolve(id)), "an export changed her kept diaries");

        button(row(page, "Orla Prime"), "Delete").click();
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        assertThat(dialog).isVisible();
        assertThat(dialog.getByLabel("Purge (also erase her archived diary)")).not().isChecked();
        button(dialog, "Cancel").click();
        assertThat(dialog).isHidden();
        assertThat(row(page, "Orla Prime")).isVisible();

        button(row(page, "Orla Prime"), "Delete").click();
        button(dialog, "Delete").click();
        assertThat(page.locator("#personas-message")).hasText("She is deleted.");
        assertThat(row(page, "Orla Prime")).hasCount(0);
        Locator archived = page.locator("#archives tbody tr[data-id='" + id + "']");
        assertThat(archived).containsText(id);
        assertTrue(Files.exists(home.resolve("archive").resolve(id + ".diary")));

        button(row(page, "Pax"), "Delete").click();
        dialog.getByLabel("Purge (also erase her archived diary)").check();
        button(dialog, "Delete").click();
        assertThat(row(page, "Pax")).hasCount(0);
        assertThat(page.locator("#archives tbody tr[data-id='" + other + "']")).hasCount(0);
        assertFalse(Files.exists(home.resolve("archive").resolve(other + ".diary")));

        button(archived, "Remove").click();
        button(dialog, "Remove").click();
        assertThat(page.locator("#archives-message")).hasText("Her archived diary is removed.");
        assertThat(archived).hasCount(0);
        assertFalse(Files.exists(home.resolve("archive").resolve(id + ".diary")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void chatStreamsHerAnswerKeepsHerConversationAndSaysWhenHerMindFails() {
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(1500), "I am ", "here, ", "my friend.");
        String id = createViaApi("Talia");
        Page page = open();
        button(row(page, "Talia"), "Open").click();
        Locator panel = page.locator("#persona");
        assertThat(panel.locator("#persona-title")).hasText("Talia");
        Locator log = panel.locator("#chat-log li");
        assertThat(log).hasCount(0);
        page.evaluate("() => { window.seen = []; new MutationObserver(() => {"
                + " const last = document.querySelector('#chat-log li:last-child');"
                + " if (last) window.seen.push(last.className + '|' + last.textContent); })"
                + ".observe(document.querySelector('#chat-log'), { childList: true, subtree: true, characterData: true }); }");

        Locator chat = panel.locator("#chat");
        chat.getByLabel("Message").fill("Hello, Talia");
        button(chat, "Send").click();
        assertThat(log).hasText(new String[] { "Hello, Talia", "I am here, my friend." });
        assertThat(page.locator("#chat-message")).isEmpty();
        List<String> seen = (List<String>) page.evaluate("() => window.seen");
        assertTrue(seen.contains("persona typing|She is thinking…"), "she was seen thinking: " + seen);
        assertTrue(seen.stream().anyMatch(state -> state.startsWith("persona|") && state.length() > "persona|".length()
                && !state.equals("persona|I am here, my friend.") && "I am here, my friend.".startsWith(state.substring(8))),
                "her answer came in word by word: " + seen);

        page.reload();
        button(row(page, "Talia"), "Open").click();
        assertThat(log).hasText(new String[] { "Hello, Talia", "I am here, my friend." });

        wm.resetAll();
        Fakes.anthropicChat(wm, "sk-some-other-key", Duration.ofMillis(10), "never");
        chat.getByLabel("Message").fill("Are you there?");
        chat.getByLabel("Message").press("Enter");
        String cannot = "I can't think right now: my Mind (anthropic) refused my key.";
        assertThat(page.locator("#chat-message")).hasText(cannot);
        assertThat(log.last()).hasText(cannot);
        assertThat(log.last()).hasClass(Pattern.compile("\\bfault\\b"));

        given().post("/api/persona/" + id + "/stop").then().statusCode(200);
        chat.getByLabel("Message").fill("Still there?");
        button(chat, "Send").click();
        assertThat(page.locator("#chat-message")).hasText("She is not running: start her first.");
        assertThat(log).hasCount(5);
        assertThat(log.last()).hasText("Still there?");
        assertThat(button(chat, "Send")).isEnabled();
    }

    @Test
    void rowsAreOrderedByNameIgnoringCase() {
        createViaApi("bravo");
        createViaApi("Alpha");
        createViaApi("charlie");
        Page page = open();
        assertThat(row(page, "charlie")).isVisible();
        List<String> names = page.locator("#personas tbody tr td:first-child").allTextContents();
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(Comparator.comparing(String::toLowerCase));
        assertEquals(sorted, names);
        assertTrue(names.indexOf("Alpha") < names.indexOf("bravo") && names.indexOf("bravo") < names.indexOf("charlie"),
                names.toString());
    }

    @Test
    void usableAt390PixelsWide() {
        createViaApi("Narrow");
        Page page = open(new Browser.NewContextOptions().setViewportSize(390, 844));
        assertThat(row(page, "Narrow")).isVisible();
        Locator form = page.locator("#create");
        form.getByText("More organs").click();
        page.locator("#migrate").getByText("More organs").click();
        assertNoHorizontalScroll(page);
        for (Locator field : form.locator("input, select, button").all()) {
            if (field.isVisible()) {
                var box = field.boundingBox();
                assertTrue(box.x >= 0 && box.x + box.width <= 390, field + " reaches " + (box.x + box.width));
            }
        }

        form.getByLabel("Name", new Locator.GetByLabelOptions().setExact(true)).fill("Slim");
        organ(form, "Mind", "claude-sonnet-4-6", "anthropic", KEY, null);
        button(form, "Create").click();
        assertThat(page.locator("#phrase-box")).isVisible();
        created.add(row(page, "Slim").getAttribute("data-id"));
        assertNoHorizontalScroll(page);

        button(row(page, "Narrow"), "Open").click();
        assertThat(page.locator("#persona-title")).hasText("Narrow");
        page.locator("#update").getByText("More organs").click();
        assertNoHorizontalScroll(page);
        button(row(page, "Narrow"), "Delete").click();
        assertThat(page.getByRole(AriaRole.DIALOG)).isVisible();
        assertNoHorizontalScroll(page);
        button(page.getByRole(AriaRole.DIALOG), "Cancel").click();
    }

    private static void assertNoHorizontalScroll(Page page) {
        Number width = (Number) page.evaluate("() => document.scrollingElement.scrollWidth");
        assertTrue(width.intValue() <= 390, "the page is " + width + " px wide at 390 px");
    }

    @Test
    void theFaviconIsLinkedAndServed() {
        given().get("/favicon.svg").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("image/svg+xml"))
                .body(org.hamcrest.Matchers.containsString("<svg"));
        Page page = open();
        String href = page.locator("link[rel=icon]").getAttribute("href");
        assertEquals("favicon.svg", href);
        Object served = page.evaluate("async () => { const r = await fetch(document.querySelector('link[rel=icon]').href);"
                + " return r.status + ' ' + r.headers.get('Content-Type'); }");
        assertTrue(String.valueOf(served).startsWith("200 image/svg+xml"), String.valueOf(served));
    }
}
