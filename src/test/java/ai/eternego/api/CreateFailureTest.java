package ai.eternego.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.Barrier;
import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.HomeSnapshot;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Every way a provider or channel can refuse: a 400 that names the organ and the reason, never the
 * key, and ETERNEGO_HOME exactly as it was (a registered local Mind is forgotten again).
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class CreateFailureTest {

    private static final String KEY = "sk-right-key-123";
    private static final String WRONG = "sk-wrong-key-456";

    @InjectWireMock
    WireMockServer wm;

    @InjectWireMock
    Barrier barrier;

    @InjectHome
    Path home;

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    private final CreatedPersonas created = new CreatedPersonas();

    @AfterEach
    void open() {
        barrier.disarm();
        // a persona left running would keep her channels' bots polling the fakes the next test classes serve
        created.purgeAll(home);
    }

    enum Way {
        REFUSED_KEY, UNKNOWN_MODEL, UNREACHABLE, SERVER_ERROR
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String provider : new String[] { "openai", "anthropic", "xai", "gemini" }) {
            for (Way way : Way.values()) {
                cases.add(Arguments.of(provider, way));
            }
        }
        return cases.build();
    }

    private void stubCloud(String provider, String prefix, String model) {
        switch (provider) {
            case "openai", "xai" -> Fakes.openAiModel(wm, prefix, model, KEY);
            case "anthropic" -> Fakes.anthropicModelAt(wm, prefix, model, KEY);
            case "gemini" -> Fakes.geminiModelAt(wm, prefix, model, KEY);
            default -> throw new IllegalArgumentException(provider);
        }
    }

    private static String prefix(String provider) {
        return switch (provider) {
            case "openai" -> FakeWorld.OPENAI;
            case "xai" -> FakeWorld.XAI;
            case "anthropic" -> FakeWorld.ANTHROPIC;
            default -> FakeWorld.GEMINI;
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void eyeFailureIs400NamingItAndChangesNothing(String provider, Way way) {
        Fakes.ollamaRunning(wm, "qwen2.5:14b");
        String prefix = prefix(provider);
        stubCloud(provider, prefix, "vision-1");
        String key = way == Way.REFUSED_KEY ? WRONG : KEY;
        String model = way == Way.UNKNOWN_MODEL ? "no-such-model" : "vision-1";
        String url = way == Way.UNREACHABLE ? Fakes.closedPortUrl() : Fakes.url(wm, prefix);
        if (way == Way.SERVER_ERROR) {
            Fakes.failing(wm, prefix, 503);
        }
        String expected = switch (way) {
            case REFUSED_KEY -> "the API key was refused";
            case UNKNOWN_MODEL -> "no such model";
            case UNREACHABLE -> "could not reach";
            case SERVER_ERROR -> "did not answer";
        };

        HomeSnapshot before = HomeSnapshot.of(home);
        String detail = given().contentType(ContentType.JSON)
                .body("{\"name\":\"Nova\",\"thinking_model\":\"qwen2.5:14b\",\"eye_model\":\"" + model
                        + "\",\"eye_provider\":\"" + provider + "\",\"eye_api_key\":\"" + key + "\",\"eye_url\":\""
                        + url + "\"}")
                .when().post("/api/persona/create")
                .then().statusCode(400)
                .body("detail", containsString("eye (" + provider + ")"))
                .body("detail", containsString(expected))
                .body("detail", not(containsString(key)))
                .extract().path("detail");
        assertTrue(!detail.contains("thinking"), "only the failing organ is named: " + detail);
        assertEquals(before, HomeSnapshot.of(home), "a failed create changed ETERNEGO_HOME");
        wm.verify(Fakes.deleteRequested(registeredId()));
    }

    /** The id of the one Mind registered during the last request, read from what Ollama was sent. */
    private String registeredId() {
        return wm.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().endsWith("/api/create"))
                .map(e -> e.getRequest().getBodyAsString().replaceAll(".*\"model\"\\s*:\\s*\"eternego-([0-9a-f-]{36})\".*",
                        "$1"))
                .findFirst().orElseThrow(() -> new AssertionError("no Mind was registered"));
    }

    @Test
    void unreachableOllamaIs400() {
        HomeSnapshot before = HomeSnapshot.of(home);
        String closed = Fakes.closedPortUrl();
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"Nova\",\"thinking_model\":\"qwen2.5:14b\",\"thinking_url\":\"" + closed + "\"}")
                .when().post("/api/persona/create")
                .then().statusCode(400)
                .body("detail", containsString("thinking (local)"))
                .body("detail", containsString("could not reach Ollama at " + closed));
        assertEquals(before, HomeSnapshot.of(home));
    }

    @Test
    void pullErrorIs400() {
        Fakes.ollamaRunning(wm);
        Fakes.ollamaPullError(wm, "qwen2.5:14b", "pull model manifest: file does not exist");
        HomeSnapshot before = HomeSnapshot.of(home);
        given().contentType(ContentType.JSON).body("{\"name\":\"Nova\",\"thinking_model\":\"qwen2.5:14b\"}")
                .when().post("/api/persona/create")
                .then().statusCode(400).body("detail", containsString("thinking (local)"));
        assertEquals(before, HomeSnapshot.of(home));
    }

    @Test
    void everyFailureIsCollected() {
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", KEY);
        Fakes.telegramBot(wm, "123456:right");
        Fakes.discordBot(wm, "right-discord");
        HomeSnapshot before = HomeSnapshot.of(home);
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"Nova\",\"thinking_model\":\"claude-sonnet-4-6\",\"thinking_provider\":\"anthropic\","
                        + "\"thinking_api_key\":\"" + KEY + "\",\"eye_model\":\"gpt-4o\",\"eye_provider\":\"openai\","
                        + "\"eye_api_key\":\"" + WRONG + "\",\"telegram_token\":\"123456:wrong\","
                        + "\"discord_token\":\"wrong-discord\"}")
                .when().post("/api/persona/create")
                .then().statusCode(400)
                .body("detail", containsString("eye (openai): the API key was refused"))
                .body("detail", containsString("telegram"))
                .body("detail", containsString("discord"))
                .body("detail", not(containsString("thinking")))
                .body("detail", not(containsString(WRONG)))
                .body("detail", not(containsString("123456:wrong")))
                .body("detail", not(containsString("wrong-discord")));
        assertEquals(before, HomeSnapshot.of(home));
    }

    @Test
    void cloudWithoutKeyOrModelIs400() {
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"Nova\",\"thinking_model\":\"gpt-4o\",\"thinking_provider\":\"openai\"}")
                .when().post("/api/persona/create")
                .then().statusCode(400).body("detail", containsString("thinking_api_key: an API key is required for openai"));
    }

    @Test
    void sevenOrgansAndTwoChannelsArePreparedConcurrently() {
        for (String prefix : new String[] { FakeWorld.OPENAI, FakeWorld.XAI }) {
            Fakes.openAiModel(wm, prefix, "m", KEY);
        }
        Fakes.anthropicModel(wm, "m", KEY);
        Fakes.geminiModel(wm, "m", KEY);
        Fakes.telegramBot(wm, "42:tok");
        Fakes.discordBot(wm, "disc");
        String[][] organs = { { "thinking", "anthropic" }, { "imagination", "openai" }, { "mouth", "gemini" },
                { "eye", "gemini" }, { "ear", "openai" }, { "teacher", "anthropic" }, { "researcher", "xai" } };
        StringBuilder body = new StringBuilder("{\"name\":\"Seven\",\"telegram_token\":\"42:tok\",\"discord_token\":\"disc\"");
        for (String[] organ : organs) {
            body.append(",\"").append(organ[0]).append("_model\":\"m\",\"").append(organ[0]).append("_provider\":\"")
                    .append(organ[1]).append("\",\"").append(organ[0]).append("_api_key\":\"").append(KEY).append('"');
        }
        body.append('}');
        Barrier.Gate gate = barrier.arm(9, Duration.ofSeconds(20));
        created.add(given().contentType(ContentType.JSON).body(body.toString())
                .when().post("/api/persona/create")
                .then().statusCode(200).extract().jsonPath().getString("persona.id"));
        assertTrue(gate.metTogether(), "all 9 checks were in flight before any was answered: " + gate.requests());
    }
}
