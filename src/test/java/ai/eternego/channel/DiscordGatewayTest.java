package ai.eternego.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A Discord bot against a fake gateway on loopback (a Vert.x WebSocket server the test steers) and WireMock
 * for REST: IDENTIFY, messages delivered once, RESUME after a drop with the last sequence and the missed
 * events, zombie connections, fatal close codes, invalid sessions, rate limits, long replies, and a token
 * that reaches no log line.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class DiscordGatewayTest {

    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final String DM_CHANNEL = "100000000000000001";
    private static final String PERSON = "300000000000000001";
    private static final int INTENTS = (1 << 9) | (1 << 12) | (1 << 15);

    @InjectWireMock
    WireMockServer wm;

    @Inject
    DiscordGateway gateway;

    private FakeDiscordGateway fake;
    private final List<DiscordSession> sessions = new ArrayList<>();

    /** What a session told its listener. */
    static final class Heard implements DiscordListener {
        final List<DiscordMessage> messages = new CopyOnWriteArrayList<>();
        final List<DiscordState> states = new CopyOnWriteArrayList<>();

        @Override
        public void message(DiscordMessage message) {
            messages.add(message);
        }

        @Override
        public void state(DiscordState state) {
            states.add(state);
        }

        List<String> ids() {
            return messages.stream().map(DiscordMessage::id).toList();
        }
    }

    @BeforeEach
    void start() throws Exception {
        wm.resetAll();
        fake = new FakeDiscordGateway();
    }

    @AfterEach
    void stop() throws Exception {
        for (DiscordSession session : sessions) {
            session.close().await().atMost(BOUND);
        }
        fake.close();
    }

    private void gatewayFor(String token) {
        wm.stubFor(get(urlPathEqualTo(FakeWorld.DISCORD + "/gateway/bot"))
                .withHeader("Authorization", equalTo("Bot " + token))
                .willReturn(okJson(new JsonObject().put("url", fake.url()).put("shards", 1)
                        .put("session_start_limit", new JsonObject().put("total", 1000).put("remaining", 999)
                                .put("reset_after", 1000).put("max_concurrency", 1))
                        .encode())));
    }

    private DiscordSession open(String token, Heard heard) {
        DiscordSession session = gateway.open(token, heard);
        sessions.add(session);
        return session;
    }

    /** Opens a session and waits until READY was seen. */
    private DiscordSession connected(String token, Heard heard) {
        gatewayFor(token);
        DiscordSession session = open(token, heard);
        await().atMost(BOUND).until(() -> session.state().connected());
        return session;
    }

    @Test
    void identifiesThenDeliversAPushedMessageOnce() {
        String token = "MTA0.identify.token-one";
        fake.heartbeatInterval(500);
        Heard heard = new Heard();
        DiscordSession session = connected(token, heard);

        wm.verify(1, getRequestedFor(urlPathEqualTo(FakeWorld.DISCORD + "/gateway/bot"))
                .withHeader("Authorization", equalTo("Bot " + token))
                .withHeader("User-Agent", matching("DiscordBot \\(https?://[^,]+, [^)]+\\)")));
        FakeDiscordGateway.Conn conn = fake.last();
        assertEquals("/", conn.path);
        assertEquals("v=10&encoding=json", conn.query);
        JsonObject identify = fake.sent(2).get(0).getJsonObject("d");
        assertEquals(token, identify.getString("token"));
        assertEquals(INTENTS, identify.getInteger("intents"));
        JsonObject properties = identify.getJsonObject("properties");
        assertTrue(properties.containsKey("os") && properties.containsKey("browser") && properties.containsKey("device"));
        assertEquals("connected", session.state().words());

        fake.pushDirectMessage("500000000000000001", "hello, are you there?");
        await().atMost(BOUND).until(() -> heard.messages.size() == 1);
        DiscordMessage message = heard.messages.get(0);
        assertEquals(DM_CHANNEL, message.channelId());
        assertEquals(PERSON, message.authorId());
        assertEquals("hello, are you there?", message.content());
        assertTrue(message.direct());

        // the heartbeat carries the last sequence (READY s=1, the message s=2), and is ACKed: she stays connected
        await().atMost(BOUND).until(() -> fake.sent(1).stream().anyMatch(beat -> Long.valueOf(2).equals(beat.getLong("d"))));
        assertEquals(1, fake.conns().size());
        assertEquals(List.of("500000000000000001"), heard.ids());
    }

    @Test
    void theFirstBeatComesWithinTheIntervalThenOneEveryInterval() {
        fake.heartbeatInterval(1000);
        connected("MTA0.rhythm.token-nineteen", new Heard());
        FakeDiscordGateway.Conn conn = fake.last();
        await().atMost(BOUND).until(() -> conn.sent(1).size() >= 3);
        List<JsonObject> beats = conn.sent(1);
        long first = (conn.timeOf(beats.get(0)) - conn.helloAt) / 1_000_000;
        long second = (conn.timeOf(beats.get(1)) - conn.timeOf(beats.get(0))) / 1_000_000;
        long third = (conn.timeOf(beats.get(2)) - conn.timeOf(beats.get(1))) / 1_000_000;
        assertTrue(first <= 1000 + 250, "first beat " + first + " ms after HELLO, interval 1000 ms");
        assertTrue(second >= 950 && third >= 950, "beats " + second + " and " + third + " ms apart, interval 1000 ms");
    }

    @Test
    void aServerHeartbeatRequestIsAnsweredAtOnce() {
        fake.heartbeatInterval(600_000);
        connected("MTA0.asked-beat.token-twenty", new Heard());
        int before = fake.sent(1).size();
        fake.send(new JsonObject().put("op", 1).putNull("d"));
        await().atMost(Duration.ofSeconds(3)).until(() -> fake.sent(1).size() > before);
        assertEquals(1L, fake.sent(1).get(fake.sent(1).size() - 1).getLong("d"), "the beat carries READY's sequence");
    }

    @Test
    void aForcedCloseResumesWithTheLastSequenceAndTheMissedEventsArriveOnce() {
        String token = "MTA0.resume.token-two";
        Heard heard = new Heard();
        DiscordSession session = connected(token, heard);
        String sessionId = fake.sessionId();
        fake.pushDirectMessage("500000000000000011", "first");
        await().atMost(BOUND).until(() -> heard.messages.size() == 1);

        fake.replayOverlap(1);
        synchronized (fake) {
            fake.kill(4000);
            fake.pushDirectMessage("500000000000000012", "said while she was away");
            fake.pushDirectMessage("500000000000000013", "and again");
        }
        await().atMost(BOUND).until(() -> fake.sent(6).size() == 1 && session.state().connected());
        await().atMost(BOUND).until(() -> heard.messages.size() == 3);

        JsonObject resume = fake.sent(6).get(0).getJsonObject("d");
        assertEquals(token, resume.getString("token"));
        assertEquals(sessionId, resume.getString("session_id"));
        assertEquals(2L, resume.getLong("seq"));
        FakeDiscordGateway.Conn resumed = fake.last();
        assertEquals("/resume", resumed.path);
        assertEquals("v=10&encoding=json", resumed.query);
        assertEquals(1, fake.sent(2).size(), "a resume identifies no new session");

        // the fake replayed "first" again before the missed ones: every message is delivered once, in order
        fake.pushDirectMessage("500000000000000014", "after the resume");
        await().atMost(BOUND).until(() -> heard.messages.size() == 4);
        assertEquals(List.of("500000000000000011", "500000000000000012", "500000000000000013", "500000000000000014"),
                heard.ids());
    }

    @Test
    void aZombieConnectionIsClosedAndResumed() {
        String token = "MTA0.zombie.token-three";
        fake.heartbeatInterval(1000);
        Heard heard = new Heard();
        DiscordSession session = connected(token, heard);
        await().atMost(BOUND).until(() -> fake.last().sent(1).size() >= 1);

        fake.stopAcking();
        await().atMost(BOUND).until(() -> fake.conns().size() == 2 && fake.conns().get(0).closed);
        Integer code = fake.conns().get(0).clientCloseCode;
        assertNotEquals(1000, code, "a zombie is closed with a code that keeps the session resumable");
        assertNotEquals(1001, code);
        await().atMost(BOUND).until(() -> fake.sent(6).size() == 1 && session.state().connected());
        assertEquals(fake.sessionId(), fake.sent(6).get(0).getJsonObject("d").getString("session_id"));
        assertTrue(heard.states.stream().anyMatch(s -> "the Discord connection stopped answering".equals(s.lastError())));

        fake.pushDirectMessage("500000000000000021", "still there?");
        await().atMost(BOUND).until(() -> heard.messages.size() == 1);
    }

    @Test
    void disallowedIntentsStopTheChannelWithWhatTheOwnerMustDo() {
        fake.closeOnIdentify(4014);
        Heard heard = new Heard();
        gatewayFor("MTA0.intents.token-four");
        DiscordSession session = open("MTA0.intents.token-four", heard);
        await().atMost(BOUND).until(() -> session.state().stopped());

        DiscordState state = session.state();
        assertFalse(state.connected());
        assertTrue(state.words().startsWith("stopped: "), state.words());
        assertTrue(state.lastError().contains("enable MESSAGE_CONTENT for this bot in the Developer Portal"),
                state.lastError());
        await().during(Duration.ofMillis(1500)).atMost(BOUND).until(() -> fake.conns().size() == 1);
    }

    @Test
    void aRefusedTokenStopsTheChannelWithWhatTheOwnerMustDo() {
        fake.closeOnIdentify(4004);
        Heard heard = new Heard();
        gatewayFor("MTA0.refused.token-five");
        DiscordSession session = open("MTA0.refused.token-five", heard);
        await().atMost(BOUND).until(() -> session.state().stopped());
        assertEquals("Discord refused her bot's token: give her a new one", session.state().lastError());
        assertEquals("stopped: " + DiscordSession.BAD_TOKEN, session.state().words());
        await().during(Duration.ofMillis(1500)).atMost(BOUND).until(() -> fake.conns().size() == 1);
    }

    @Test
    void aTokenRefusedByRestStopsBeforeTheGateway() {
        wm.stubFor(get(urlPathEqualTo(FakeWorld.DISCORD + "/gateway/bot"))
                .willReturn(aResponse().withStatus(401).withBody("{\"message\":\"401: Unauthorized\",\"code\":0}")));
        Heard heard = new Heard();
        DiscordSession session = open("MTA0.rest-refused.token-six", heard);
        await().atMost(BOUND).until(() -> session.state().stopped());
        assertEquals("Discord refused her bot's token: give her a new one", session.state().lastError());
        assertEquals(0, fake.conns().size());
    }

    @Test
    void anInvalidSessionThatCannotResumeIdentifiesAgainAfterAWait() {
        Heard heard = new Heard();
        DiscordSession session = connected("MTA0.invalid.token-seven", heard);
        String first = fake.sessionId();

        fake.invalidSession(false);
        await().atMost(BOUND).until(() -> fake.sent(2).size() == 2 && session.state().connected());
        assertEquals(0, fake.sent(6).size(), "a session that cannot resume is never resumed");
        assertNotEquals(first, fake.sessionId());
        long waitedMs = (fake.last().timeOf(fake.last().sent(2).get(0)) - fake.invalidatedAt()) / 1_000_000;
        assertTrue(waitedMs >= 1000 && waitedMs < 5000 + 2000, "identified again after " + waitedMs + " ms");
        assertEquals("/", fake.last().path, "a new session starts on the gateway, not the resume URL");
    }

    @Test
    void aSessionDiscordEndedIdentifiesAgainInsteadOfResuming() {
        Heard heard = new Heard();
        DiscordSession session = connected("MTA0.timed-out.token-seventeen", heard);
        fake.kill(4009);
        await().atMost(BOUND).until(() -> fake.sent(2).size() == 2 && session.state().connected());
        assertEquals(0, fake.sent(6).size());
        assertEquals("/", fake.last().path);
    }

    @Test
    void aFailingGatewayLookupIsTriedAgain() {
        String token = "MTA0.lookup.token-eighteen";
        String path = FakeWorld.DISCORD + "/gateway/bot";
        wm.stubFor(get(urlPathEqualTo(path)).inScenario("502").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("up"));
        wm.stubFor(get(urlPathEqualTo(path)).inScenario("502").whenScenarioStateIs("up")
                .willReturn(okJson(new JsonObject().put("url", fake.url()).encode())));
        DiscordSession session = open(token, new Heard());
        await().atMost(BOUND).until(() -> session.state().connected());
        wm.verify(2, getRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void anUnreachableGatewayIsTriedAgainUntilItAnswers() {
        String path = FakeWorld.DISCORD + "/gateway/bot";
        String nowhere = Fakes.closedPortUrl().replace("http://", "ws://");
        wm.stubFor(get(urlPathEqualTo(path)).inScenario("down").whenScenarioStateIs(STARTED)
                .willReturn(okJson(new JsonObject().put("url", nowhere).encode())).willSetStateTo("up"));
        wm.stubFor(get(urlPathEqualTo(path)).inScenario("down").whenScenarioStateIs("up")
                .willReturn(okJson(new JsonObject().put("url", fake.url()).encode())));
        Heard heard = new Heard();
        DiscordSession session = open("MTA0.unreachable.token-twentyone", heard);
        await().atMost(BOUND).until(() -> session.state().connected());
        assertTrue(heard.states.stream().anyMatch(s -> "could not reach the Discord gateway".equals(s.lastError())));
    }

    @Test
    void brokenFramesAreIgnoredAndTheSessionGoesOn() {
        Heard heard = new Heard();
        DiscordSession session = connected("MTA0.broken.token-twentytwo", heard);
        fake.sendRaw("this is not JSON");
        fake.sendRaw("[1, 2, 3]");
        fake.sendRaw("{\"op\": \"zero\"}");
        fake.sendRaw("{\"op\": 0, \"t\": \"MESSAGE_CREATE\", \"s\": 5, \"d\": {\"id\": \"1\"}}");
        fake.pushDirectMessage("500000000000000041", "still listening?");
        await().atMost(BOUND).until(() -> heard.messages.size() == 1);
        assertTrue(session.state().connected());
        assertEquals(1, fake.conns().size());
    }

    @Test
    void aHundredBotsHoldNoThreadEachAndEveryOneHears() {
        int bots = 100;
        wm.stubFor(get(urlPathEqualTo(FakeWorld.DISCORD + "/gateway/bot"))
                .willReturn(okJson(new JsonObject().put("url", fake.url()).encode())));
        List<Heard> heard = new ArrayList<>();
        List<DiscordSession> many = new ArrayList<>();
        int threadsBefore = Thread.activeCount();
        for (int i = 0; i < bots; i++) {
            Heard one = new Heard();
            heard.add(one);
            many.add(open("MTA0.many.token-" + i, one));
        }
        await().atMost(Duration.ofSeconds(60)).alias("all connected").untilAsserted(() -> assertEquals(List.of(),
                many.stream().map(s -> s.state()).filter(s -> !s.connected()).map(DiscordState::toString).distinct().toList(),
                fake.conns().size() + " connections, " + fake.sent(2).size() + " identified"));
        assertEquals(bots, fake.broadcast("MESSAGE_CREATE", FakeDiscordGateway.message("500000000000000051", DM_CHANNEL,
                null, PERSON, false, "hello, all of you")));
        await().atMost(Duration.ofSeconds(60)).until(() -> heard.stream().allMatch(h -> h.messages.size() == 1));
        int added = Thread.activeCount() - threadsBefore;
        assertTrue(added < 20, bots + " bots added " + added + " threads");
    }

    @Test
    void aReconnectRequestResumes() {
        Heard heard = new Heard();
        DiscordSession session = connected("MTA0.reconnect.token-eight", heard);
        fake.send(new JsonObject().put("op", 7).putNull("d"));
        await().atMost(BOUND).until(() -> fake.sent(6).size() == 1 && session.state().connected());
        assertEquals(1, fake.sent(2).size());
    }

    @Test
    void herOwnAndOtherBotsMessagesAndUnmentionedServerMessagesAreIgnored() {
        Heard heard = new Heard();
        connected("MTA0.ignore.token-nine", heard);
        String guild = "700000000000000001";
        String guildChannel = "710000000000000001";
        fake.push("MESSAGE_CREATE", FakeDiscordGateway.message("500000000000000031", DM_CHANNEL, null,
                "310000000000000001", true, "another bot"));
        fake.push("MESSAGE_CREATE", FakeDiscordGateway.message("500000000000000032", DM_CHANNEL, null,
                FakeDiscordGateway.BOT_ID, false, "her own words"));
        fake.push("MESSAGE_CREATE", FakeDiscordGateway.message("500000000000000033", guildChannel, guild,
                PERSON, false, "talking among ourselves"));
        JsonObject mention = FakeDiscordGateway.message("500000000000000034", guildChannel, guild, PERSON, false,
                "<@" + FakeDiscordGateway.BOT_ID + "> what do you think?");
        mention.put("mentions", new JsonArray().add(new JsonObject().put("id", FakeDiscordGateway.BOT_ID)));
        fake.push("MESSAGE_CREATE", mention);
        fake.pushDirectMessage("500000000000000035", "a person, directly");

        await().atMost(BOUND).until(() -> heard.messages.size() == 2);
        assertEquals(List.of("500000000000000034", "500000000000000035"), heard.ids());
        assertEquals(guild, heard.messages.get(0).guildId());
        assertFalse(heard.messages.get(0).direct());
    }

    @Test
    void aRateLimitedSendWaitsRetryAfterAndKeepsTheOrder() {
        String channel = "120000000000000001";
        String path = FakeWorld.DISCORD + "/channels/" + channel + "/messages";
        wm.stubFor(post(urlPathEqualTo(path)).inScenario("429").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("X-RateLimit-Scope", "user")
                        .withBody("{\"message\":\"You are being rate limited.\",\"retry_after\":0.4,\"global\":false}"))
                .willSetStateTo("open"));
        wm.stubFor(post(urlPathEqualTo(path)).inScenario("429").whenScenarioStateIs("open")
                .willReturn(okJson("{\"id\":\"1\"}")));
        DiscordSession session = connected("MTA0.limited.token-ten", new Heard());

        var first = session.send(channel, "first reply").subscribeAsCompletionStage();
        var second = session.send(channel, "second reply").subscribeAsCompletionStage();
        first.join();
        second.join();

        List<ServeEvent> posts = posts(path);
        assertEquals(List.of("first reply", "first reply", "second reply"),
                posts.stream().map(DiscordGatewayTest::content).toList());
        assertEquals(429, posts.get(0).getResponse().getStatus());
        long gap = posts.get(1).getRequest().getLoggedDate().getTime() - posts.get(0).getRequest().getLoggedDate().getTime();
        assertTrue(gap >= 400, "retried " + gap + " ms after a retry_after of 0.4 s");
    }

    @Test
    void anExhaustedRouteWaitsForItsReset() {
        String channel = "120000000000000002";
        String path = FakeWorld.DISCORD + "/channels/" + channel + "/messages";
        wm.stubFor(post(urlPathEqualTo(path)).willReturn(okJson("{\"id\":\"1\"}")
                .withHeader("X-RateLimit-Limit", "5").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset-After", "0.5").withHeader("X-RateLimit-Bucket", "abcd")));
        DiscordSession session = connected("MTA0.bucket.token-eleven", new Heard());

        var first = session.send(channel, "one").subscribeAsCompletionStage();
        var second = session.send(channel, "two").subscribeAsCompletionStage();
        first.join();
        second.join();
        List<ServeEvent> posts = posts(path);
        assertEquals(List.of("one", "two"), posts.stream().map(DiscordGatewayTest::content).toList());
        long gap = posts.get(1).getRequest().getLoggedDate().getTime() - posts.get(0).getRequest().getLoggedDate().getTime();
        assertTrue(gap >= 500, "sent " + gap + " ms after a bucket that resets in 0.5 s");
    }

    @Test
    void aLongReplyArrivesAsOrderedPartsUnder2000MentioningNobody() {
        String channel = "120000000000000003";
        String path = FakeWorld.DISCORD + "/channels/" + channel + "/messages";
        wm.stubFor(post(urlPathEqualTo(path)).willReturn(okJson("{\"id\":\"1\"}")));
        String token = "MTA0.long.token-twelve";
        DiscordSession session = connected(token, new Heard());
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 4500; i++) {
            text.append("Sentence number ").append(i).append(" says @everyone little of note. ");
            if (i % 12 == 11) {
                text.append("\n\n");
            }
        }
        String reply = text.substring(0, 4500);

        session.send(channel, reply).await().atMost(BOUND);

        List<ServeEvent> posts = posts(path);
        assertEquals(3, posts.size());
        List<String> parts = posts.stream().map(DiscordGatewayTest::content).toList();
        parts.forEach(part -> assertTrue(part.length() <= 2000, part.length() + " characters"));
        assertEquals(words(reply), words(String.join(" ", parts)), "every word, in order");
        for (ServeEvent post : posts) {
            JsonObject body = new JsonObject(post.getRequest().getBodyAsString());
            assertEquals(new JsonObject().put("parse", new JsonArray()), body.getJsonObject("allowed_mentions"));
            assertEquals("Bot " + token, post.getRequest().getHeader("Authorization"));
            assertTrue(post.getRequest().getHeader("User-Agent").startsWith("DiscordBot ("));
        }
    }

    @Test
    void aRefusedSendFailsInWordsAndTheNextReplyStillGoes() {
        String channel = "120000000000000004";
        String path = FakeWorld.DISCORD + "/channels/" + channel + "/messages";
        String token = "MTA0.refused-send.token-thirteen";
        wm.stubFor(post(urlPathEqualTo(path)).inScenario("403").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(403)
                        .withBody("{\"message\":\"Cannot send messages to this user\",\"code\":50007}"))
                .willSetStateTo("open"));
        wm.stubFor(post(urlPathEqualTo(path)).inScenario("403").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(204)));
        DiscordSession session = connected(token, new Heard());

        DiscordFault fault = assertThrows(DiscordFault.class, () -> session.send(channel, "x".repeat(3000)).await().atMost(BOUND));
        assertTrue(fault.getMessage().startsWith("Discord does not let her write there"), fault.getMessage());
        assertFalse(fault.getMessage().contains(token));
        assertEquals(1, posts(path).size(), "the parts after a refused one are not sent");
        session.send(channel, "later").await().atMost(BOUND);
        assertEquals("later", content(posts(path).get(1)));
        assertThrows(DiscordFault.class, () -> session.send("../users/@me", "x").await().atMost(BOUND));
    }

    @Test
    void typingIsPostedToTheChannel() {
        String channel = "120000000000000005";
        String path = FakeWorld.DISCORD + "/channels/" + channel + "/typing";
        wm.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(204)));
        DiscordSession session = connected("MTA0.typing.token-fourteen", new Heard());
        session.typing(channel).await().atMost(BOUND);
        assertEquals(1, posts(path).size());
    }

    @Test
    void theTokenReachesNoLogLineNoStateAndNoError() throws Exception {
        String token = "MTA0.secret-in-logs.token-fifteen";
        String channel = "120000000000000006";
        String path = FakeWorld.DISCORD + "/channels/" + channel + "/messages";
        wm.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(500)));
        fake.heartbeatInterval(500);
        Heard heard = new Heard();
        DiscordSession session = connected(token, heard);
        fake.kill(4000);
        await().atMost(BOUND).until(() -> fake.sent(6).size() >= 1 && session.state().connected());
        DiscordFault fault = assertThrows(DiscordFault.class, () -> session.send(channel, "hi").await().atMost(BOUND));
        fake.closeOnIdentify(4004);
        fake.invalidSession(false);
        await().atMost(BOUND).until(() -> session.state().stopped());

        assertFalse(fault.getMessage().contains(token));
        heard.states.forEach(state -> {
            assertFalse(state.words().contains(token), state.words());
            assertTrue(state.lastError() == null || !state.lastError().contains(token), state.lastError());
        });
        String log = Files.readString(Path.of("target/quarkus-test.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("Discord channel stopped: " + DiscordSession.BAD_TOKEN), "the log says why, unmangled");
        assertFalse(log.contains(token), "the bot token is in the log");
        assertFalse(log.contains("secret-in-logs"), "a piece of the bot token is in the log");
    }

    @Test
    void aClosedSessionLetsGoOfItsConnectionWithANormalClose() {
        Heard heard = new Heard();
        DiscordSession session = connected("MTA0.closing.token-sixteen", heard);
        int open = gateway.openSessions();
        session.close().await().atMost(BOUND);
        await().atMost(BOUND).until(() -> fake.last().closed);
        assertEquals(1000, fake.last().clientCloseCode);
        assertEquals("closed", session.state().words());
        assertEquals(open - 1, gateway.openSessions());
        assertThrows(DiscordFault.class, () -> session.send(DM_CHANNEL, "too late").await().atMost(BOUND));
        assertNull(heard.states.stream().filter(DiscordState::stopped).findAny().orElse(null));
    }

    /** The POSTs to {@code path}, in the order they arrived (WireMock lists the newest first). */
    private List<ServeEvent> posts(String path) {
        List<ServeEvent> arrived = new ArrayList<>(wm.getAllServeEvents());
        Collections.reverse(arrived);
        return arrived.stream()
                .filter(e -> e.getRequest().getUrl().equals(path) && "POST".equals(e.getRequest().getMethod().getName()))
                .toList();
    }

    private static String content(ServeEvent post) {
        return new JsonObject(post.getRequest().getBodyAsString()).getString("content");
    }

    private static List<String> words(String text) {
        return List.of(text.strip().split("\\s+"));
    }
}
