package ai.eternego.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/**
 * Her Discord channel through the whole service: created with a bot token, she opens a gateway session;
 * a stranger's first direct message gets a pairing code, pairing makes that chat hers, she answers it once
 * through Discord's REST side, another chat gets nothing, and a delete closes the session.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class DiscordChannelTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String KEY = "sk-ant-DISCORD-door-5151";
    private static final String TOKEN = "MTA0.door.token-five";
    private static final String DM = "100000000000000001";
    private static final String OTHER_DM = "100000000000000002";
    private static final Pattern CODE = Pattern.compile("pairing code on my page: ([0-9A-F]{6})");

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    private FakeDiscordGateway fake;
    private final CreatedPersonas created = new CreatedPersonas();

    @BeforeEach
    void start() throws Exception {
        wm.resetAll();
        fake = new FakeDiscordGateway().heartbeatInterval(1000);
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(5), "I am ", "here.");
        Fakes.discordBot(wm, TOKEN);
        wm.stubFor(get(urlPathEqualTo(FakeWorld.DISCORD + "/gateway/bot"))
                .willReturn(okJson(new JsonObject().put("url", fake.url()).put("shards", 1).encode())));
        wm.stubFor(post(urlPathMatching(Pattern.quote(FakeWorld.DISCORD + "/channels/") + "\\d+/messages"))
                .willReturn(okJson("{\"id\":\"900000000000000001\"}")));
        wm.stubFor(post(urlPathMatching(Pattern.quote(FakeWorld.DISCORD + "/channels/") + "\\d+/typing"))
                .willReturn(aResponse().withStatus(204)));
    }

    @AfterEach
    void stop() throws Exception {
        created.purgeAll(home);
        fake.close();
    }

    private List<String> sentTo(String channel) {
        List<LoggedRequest> sent = wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo(FakeWorld.DISCORD + "/channels/" + channel + "/messages")));
        return sent.stream().map(r -> new JsonObject(r.getBodyAsString()).getString("content")).toList();
    }

    @Test
    void aStrangerIsGivenACodeThePairedChatIsAnsweredOnceAndOthersGetNothing() {
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "Vega", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s", "discord_token": "%s"}""".formatted(KEY, TOKEN))
                .when().post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");
        created.add(id);
        await().atMost(WAIT).until(() -> !fake.sent(2).isEmpty());
        assertEquals(TOKEN, fake.sent(2).get(0).getJsonObject("d").getString("token"), "she identifies with her bot");

        fake.pushDirectMessage("200000000000000001", "hello, who are you?");
        await().atMost(WAIT).until(() -> !sentTo(DM).isEmpty());
        Matcher code = CODE.matcher(sentTo(DM).get(0));
        assertTrue(code.find(), "the first chat is given a pairing code: " + sentTo(DM).get(0));

        given().contentType(ContentType.JSON).body("{\"code\": \"" + code.group(1) + "\"}")
                .post("/api/persona/" + id + "/pair").then().statusCode(200)
                .body("persona.channels[0].verified", org.hamcrest.Matchers.equalTo(true))
                .body("persona.channels[0].name", org.hamcrest.Matchers.equalTo(DM));

        fake.pushDirectMessage("200000000000000002", "are you there?");
        await().atMost(WAIT).until(() -> sentTo(DM).contains("I am here."));
        fake.push("MESSAGE_CREATE", FakeDiscordGateway.message("200000000000000003", OTHER_DM, null,
                "300000000000000009", false, "me too?"));
        fake.pushDirectMessage("200000000000000004", "still there?");
        await().atMost(WAIT).until(() -> sentTo(DM).stream().filter("I am here."::equals).count() == 2);

        assertEquals(List.of(), sentTo(OTHER_DM), "nothing is sent to a chat she is not paired to");
        List<String> heard = given().get("/api/persona/" + id + "/conversation").then().statusCode(200).extract()
                .jsonPath().getList("messages.findAll { it.role == 'person' }.content", String.class);
        assertEquals(List.of("are you there?", "still there?"), heard, "she heard her paired chat only, once each");
        given().get("/api/persona/" + id + "/diagnose").then().statusCode(200)
                .body("channels[0].connected", org.hamcrest.Matchers.equalTo(true));

        given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200);
        await().atMost(WAIT).until(() -> fake.conns().stream().allMatch(conn -> conn.closed));
    }

    @Test
    void aBotWithoutTheMessageContentIntentIsStoppedAndDiagnoseSaysWhatToDo() {
        fake.closeOnIdentify(4014);
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "Deneb", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s", "discord_token": "%s"}""".formatted(KEY, TOKEN))
                .when().post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");
        created.add(id);
        await().atMost(WAIT).until(() -> String.valueOf(given().get("/api/persona/" + id + "/diagnose").then()
                .statusCode(200).extract().jsonPath().getString("channels[0].last_error"))
                .contains("enable MESSAGE_CONTENT for this bot in the Developer Portal"));
        given().get("/api/persona/" + id + "/diagnose").then().statusCode(200)
                .body("channels[0].connected", org.hamcrest.Matchers.equalTo(false));
    }
}
