package ai.eternego.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.RawHttp;
import ai.eternego.testing.RawHttp.Answer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * With {@code eternego.api.token} set (the container deployment): the page's own files load without
 * the token, everything else still needs it, and the page signs in, keeping the token in this tab only.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
@TestProfile(WebPageTokenTest.WithToken.class)
class WebPageTokenTest {

    static final String TOKEN = "tok-page-5e1f-signed-in";
    private static final String KEY = "sk-page-token-8080";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eternego.api.token", TOKEN);
        }
    }

    static Chromium chromium;

    @TestHTTPResource("/")
    URL root;

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @BeforeAll
    static void launch() {
        chromium = new Chromium();
    }

    @AfterAll
    static void close() {
        chromium.close();
    }

    private Answer get(String path, String... headers) throws Exception {
        return RawHttp.get(RestAssured.port, path, "localhost:" + RestAssured.port, headers);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/index.html", "/eternego.js", "/eternego.css", "/favicon.svg" })
    void thePagesOwnFilesNeedNoToken(String path) throws Exception {
        Answer answer = get(path);
        assertEquals(200, answer.status(), path + " -> " + answer.body());
        HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(root.toURI().resolve(path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode(), "HEAD " + path);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/personas", "/api/archives", "/q/openapi", "/q/swagger-ui/", "/index.html/../api/personas",
            "/eternego.js/../q/openapi", "/favicon.ico", "/other.html" })
    void everythingElseStillNeedsIt(String path) throws Exception {
        Answer answer = get(path);
        assertEquals(401, answer.status(), path + " -> " + answer.body());
        assertEquals("Bearer", answer.header("WWW-Authenticate"));
    }

    @Test
    void onlyReadingThePageIsOpen() throws Exception {
        for (String method : new String[] { "POST", "PUT", "DELETE" }) {
            Answer answer = RawHttp.post(RestAssured.port, method, "/index.html", "localhost:" + RestAssured.port,
                    "application/json", "{}".getBytes());
            assertEquals(401, answer.status(), method + " /index.html -> " + answer.body());
        }
    }

    @Test
    void signInListsHerKeepsTheTokenInThisTabOnlyAndSignsOut() throws Exception {
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        io.restassured.path.json.JsonPath born = given().header("Authorization", "Bearer " + TOKEN)
                .contentType(ContentType.JSON).body("""
                {"name": "Sentinel", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s"}""".formatted(KEY))
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath();
        String id = born.getString("persona.id");
        try (BrowserContext context = chromium.browser.newContext()) {
            Page page = context.newPage();
            page.navigate(root.toString());
            Locator signIn = page.locator("#sign-in-form");
            assertThat(signIn).isVisible();
            assertThat(page.locator("#app")).isHidden();

            signIn.getByLabel("API token").fill("not-the-token");
            signIn.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sign in")).click();
            assertThat(page.locator("#sign-in-message")).hasText("That token was refused; enter it again.");
            assertNull(page.evaluate("() => sessionStorage.getItem('eternego.token')"));

            signIn.getByLabel("API token").fill(TOKEN);
            signIn.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sign in")).click();
            Locator row = page.locator("#personas tbody tr[data-id='" + id + "']");
            assertThat(row).containsText("Sentinel");
            assertThat(page.locator("#sign-in")).isHidden();
            assertEquals(TOKEN, page.evaluate("() => sessionStorage.getItem('eternego.token')"));
            assertEquals(0, page.evaluate("() => localStorage.length"));
            assertTrue(context.cookies().isEmpty(), context.cookies().toString());
            assertFalse(page.url().contains(TOKEN), page.url());

            page.reload();
            assertThat(row).containsText("Sentinel");

            Fakes.anthropicChat(wm, KEY, java.time.Duration.ofMillis(200), "Signed ", "in, ", "I hear you.");
            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Open")).click();
            Locator chat = page.locator("#chat");
            chat.getByLabel("Message").fill("Can you hear me?");
            chat.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Send")).click();
            assertThat(page.locator("#chat-log li")).hasText(new String[] { "Can you hear me?", "Signed in, I hear you." });
            assertThat(page.locator("#chat-message")).isEmpty();

            Download download = page.waitForDownload(() -> row.getByRole(AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("Export")).click());
            assertEquals(id + ".diary", download.suggestedFilename());
            assertTrue(ai.eternego.diary.DiaryReader.verify(download.path(),
                    ai.eternego.diary.DiaryKey.derive(born.getString("recovery_phrase"), id)), "the download is her diary");

            Page otherTab = context.newPage();
            otherTab.navigate(root.toString());
            assertThat(otherTab.locator("#sign-in-form")).isVisible();
            otherTab.close();

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
            assertThat(page.locator("#sign-in-form")).isVisible();
            assertThat(page.locator("#personas tbody tr")).hasCount(0);
            assertNull(page.evaluate("() => sessionStorage.getItem('eternego.token')"));
        } finally {
            given().header("Authorization", "Bearer " + TOKEN).post("/api/persona/" + id + "/delete?purge=true")
                    .then().statusCode(200);
        }
    }
}
