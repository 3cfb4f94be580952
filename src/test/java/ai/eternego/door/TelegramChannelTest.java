package ai.eternego.door;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeTelegram;
import ai.eternego.testing.FakeTelegram.Fault;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.TelegramWorld;
import ai.eternego.testing.TestClock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/**
 * Her Telegram channel against a fake Bot API on loopback: pairing, a pushed update answered once, strangers
 * ignored, the faults of Telegram survived, the offset kept across a restart, an update of her organs that
 * keeps the connection, a message offered again after a kill or a failure heard once, a long answer in
 * ordered parts, and no token in any log line.
 */
@QuarkusTest
@WithTestResource(TelegramWorld.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TelegramChannelTest {

    static final String KEY = "sk-ant-TG-mind-5555";
    static final String ANSWER = "I am here, my friend.";
    static final Pattern CODE = Pattern.compile("\\b([0-9A-F]{6})\\b");
    static final Duration WAIT = Duration.ofSeconds(15);

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    TestClock clock;

    private final CreatedPersonas created = new CreatedPersonas();
    private FakeTelegram tg;

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(300), "I am ", "here, ", "my friend.");
        tg = TelegramWorld.telegram();
    }

    @AfterEach
    void purge() {
        clock.reset();
        created.purgeAll(home);
    }

    private String createWithBot(String name, String token) {
        String id = given().contentType(ContentType.JSON).body(create(name, token))
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath().getString("persona.id");
        created.add(id);
        await().atMost(WAIT).until(() -> tg.parked(token) == 1);
        return id;
    }

    private static String create(String name, String token) {
        return """
                {"name": "%s", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s", "telegram_token": "%s"}""".formatted(name, KEY, token);
    }

    /** {@code chat} writes and is given a code; the code. */
    private String codeFor(String token, long chat) {
        int before = tg.sent(token, chat).size();
        long update = tg.push(token, chat, "hello, who are you?");
        await().atMost(WAIT).until(() -> tg.sent(token, chat).size() > before && tg.confirmed(token, update));
        Matcher code = CODE.matcher(tg.sent(token, chat).get(before));
        assertTrue(code.find(), "the claimant is given a code");
        return code.group(1);
    }

    private static JsonPath pair(String id, String code, int status) {
        return given().contentType(ContentType.JSON).body("{\"code\": \"" + code + "\"}")
                .post("/api/persona/" + id + "/pair").then().statusCode(status).extract().jsonPath();
    }

    private String pairTo(String id, String token, long chat) {
        String code = codeFor(token, chat);
        JsonPath paired = pair(id, code, 200);
        assertEquals(true, paired.getBoolean("persona.channels[0].verified"));
        assertEquals(String.valueOf(chat), paired.getString("persona.channels[0].name"));
        return code;
    }

    /** Creates her with a bot paired to {@code chat}, which says "before" and is answered; her id. */
    private String answeredOnce(String name, String token, long chat) {
        String id = createWithBot(name, token);
        pairTo(id, token, chat);
        say(token, chat, "before");
        await().atMost(WAIT).until(() -> answers(token, chat) == 1);
        return id;
    }

    /** {@code chat} writes {@code text}; waits until it is handled (confirmed to Telegram). */
    private long say(String token, long chat, String text) {
        long update = tg.push(token, chat, text);
        await().atMost(WAIT).until(() -> tg.confirmed(token, update));
        return update;
    }

    private long answers(String token, long chat) {
        return tg.sent(token, chat).stream().filter(ANSWER::equals).count();
    }

    private static List<Map<String, Object>> conversation(String id) {
        return given().get("/api/persona/" + id + "/conversation").then().statusCode(200).extract().jsonPath()
                .getList("messages");
    }

    @Test
    void aPairedChatIsAnsweredOnceAndStrangersGetNothing() {
        String token = "111111:TG-once-AAAA";
        String id = createWithBot("Vega", token);
        assertEquals(1, tg.calls(token, "deleteWebhook").size());
        List<Object> commands = tg.calls(token, "setMyCommands").get(0).body().getJsonArray("commands").stream()
                .map(c -> ((JsonObject) c).getString("command")).map(Object.class::cast).toList();
        assertEquals(List.of("start", "stop", "restart", "hello"), commands);

        String code = codeFor(token, 500);
        say(token, 501, "me too!");
        assertEquals(List.of(), tg.sent(token, 501), "a chat that is not the claimant gets nothing");
        assertEquals(code, codeFor(token, 500), "one live code per channel: the claimant is told it again");
        assertEquals(List.of(), conversation(id), "she hears nothing before she is paired");

        pairTo(id, token, 500);
        assertEquals("This channel is already verified.", pair(id, code, 400).getString("detail"));

        long hello = say(token, 500, "Hello, Vega.");
        await().atMost(WAIT).until(() -> answers(token, 500) == 1);
        assertFalse(tg.calls(token, "sendChatAction").isEmpty(), "she was seen typing");
        assertEquals("typing", tg.calls(token, "sendChatAction").get(0).body().getString("action"));
        say(token, 502, "a second stranger");
        say(token, 500, "/start");
        await().atMost(WAIT).until(() -> tg.sent(token, 500).contains("I am here. Write to me."));
        assertEquals(1, answers(token, 500), "answered once");
        assertEquals(List.of(), tg.sent(token, 502), "nothing is ever sent to a stranger after pairing");
        assertEquals(List.of(), tg.sent(token, 501));
        List<Map<String, Object>> lines = conversation(id);
        assertEquals(2, lines.size(), "she heard her paired chat only: " + lines);
        assertEquals("Hello, Vega.", lines.get(0).get("content"));
        assertEquals(Map.of("type", "telegram", "name", "500", "message", String.valueOf(tg.messageId(hello))),
                lines.get(0).get("channel"), "the person's line carries the id of the message");
        assertEquals(ANSWER, lines.get(1).get("content"));
        assertEquals(Map.of("type", "telegram", "name", "500"), lines.get(1).get("channel"), "her reply, the chat alone");
        tg.sent(token, 500).forEach(text -> assertTrue(text.length() <= 4096));
        assertTrue(tg.calls(token, "sendMessage").stream().allMatch(c -> !c.body().containsKey("parse_mode")),
                "plain text, no parse mode");

        String diagnosis = given().get("/api/persona/" + id + "/diagnose").then().statusCode(200)
                .body("channels[0].type", equalTo("telegram"))
                .body("channels[0].verified", equalTo(true))
                .body("channels[0].connected", equalTo(true))
                .body("channels[0].name", equalTo("500"))
                .extract().asString();
        JsonPath d = JsonPath.from(diagnosis);
        assertNotNull(d.getString("channels[0].last_in"));
        assertNotNull(d.getString("channels[0].last_out"));
        assertFalse(diagnosis.contains(token));
        assertFalse(given().get("/api/persona/" + id).asString().contains(token));

        String clash = given().contentType(ContentType.JSON).body(create("Deneb", token))
                .post("/api/persona/create").then().statusCode(400).extract().jsonPath().getString("detail");
        assertTrue(clash.contains("Vega") && clash.contains(id), clash);
        assertFalse(clash.contains(token));
    }

    @Test
    void pairingRefusalsAreUpstreamsSentences() {
        String token = "222222:TG-pair-BBBB";
        String id = createWithBot("Altair", token);
        assertEquals("Pairing code is invalid or has expired.", pair(id, "ABCDEF", 400).getString("detail"));

        String code = codeFor(token, 600);
        clock.set(Instant.now().plus(Duration.ofMinutes(11)));
        assertEquals("Pairing code is invalid or has expired.", pair(id, code, 400).getString("detail"),
                "a code is valid ten minutes");
        // the code given before the clock moved is out of the window now: four more wrong codes make five
        for (int i = 0; i < 4; i++) {
            pair(id, "00000" + i, 400);
        }
        String refused = pair(id, "000009", 429).getString("detail");
        assertTrue(refused.startsWith("Too many wrong pairing codes"), refused);
        String fresh = codeFor(token, 600);
        assertFalse(fresh.equals(code), "an expired code is replaced");
        pair(id, fresh, 429);

        clock.set(Instant.now().plus(Duration.ofMinutes(22)));
        String last = codeFor(token, 600);
        pair(id, last, 200);
        assertEquals("This channel is already verified.", pair(id, last, 400).getString("detail"));
        Path codes = home.resolve("personas").resolve(id).resolve("workspace/channels/pairing.json");
        assertTrue(Files.exists(codes), "codes are kept in her workspace");
    }

    @Test
    void telegramsFaultsAreSurvived() throws Exception {
        String token = "333333:TG-fault-CCCC";
        String id = createWithBot("Rigel", token);
        pairTo(id, token, 700);

        tg.failNext(token, "getUpdates", new Fault(409, "{\"ok\":false,\"error_code\":409,\"description\":"
                + "\"Conflict: terminated by other getUpdates request\"}"));
        say(token, 700, "one");
        await().atMost(WAIT).until(() -> answers(token, 700) == 1);
        given().get("/api/persona/" + id + "/diagnose").then().statusCode(200)
                .body("channels[0].last_error", containsString("another program is reading this bot's messages"));

        tg.failNext(token, "getUpdates", new Fault(429, "{\"ok\":false,\"error_code\":429,\"description\":"
                + "\"Too Many Requests: retry after 1\",\"parameters\":{\"retry_after\":1}}"));
        say(token, 700, "two");
        await().atMost(WAIT).until(() -> answers(token, 700) == 2);
        List<FakeTelegram.Call> polls = tg.calls(token, "getUpdates");
        FakeTelegram.Call limited = tg.faulted().stream().filter(c -> c.token().equals(token)
                && c.method().equals("getUpdates")).toList().get(1);
        FakeTelegram.Call next = polls.get(polls.indexOf(limited) + 1);
        assertTrue(!next.at().isBefore(limited.at().plusMillis(950)), "the poll after a 429 waited retry_after");

        tg.failNext(token, "getUpdates", new Fault(500, "{\"ok\":false,\"error_code\":500,\"description\":\"Internal\"}"),
                Fault.drop(), new Fault(502, "<html>Bad Gateway</html>"));
        say(token, 700, "three");
        await().atMost(WAIT).until(() -> answers(token, 700) == 3);

        tg.failNext(token, "sendMessage", new Fault(429, "{\"ok\":false,\"error_code\":429,\"description\":"
                + "\"Too Many Requests\",\"parameters\":{\"retry_after\":1}}"), Fault.drop());
        say(token, 700, "four");
        await().atMost(WAIT).until(() -> answers(token, 700) == 4);
        assertEquals(4, conversation(id).stream().filter(l -> "person".equals(l.get("role"))).count());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noTokenReachesALogLine() throws Exception {
        String log = Files.readString(Path.of("target/quarkus-test.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("A Telegram channel has trouble"), "the faults were logged, in words");
        for (String secret : List.of("TG-once-AAAA", "TG-pair-BBBB", "TG-fault-CCCC", "TG-restart-DDDD",
                "TG-long-EEEE", "TG-kill-FFFF", "TG-again-GGGG")) {
            assertFalse(log.contains(secret), "a bot token reached the log");
        }
    }

    @Test
    void theOffsetIsKeptAcrossARestartAndAnUpdateKeepsTheConnection() throws Exception {
        String token = "444444:TG-restart-DDDD";
        String id = answeredOnce("Mira", token, 800);

        given().contentType(ContentType.JSON).body("{\"thinking\": {\"model\": \"claude-sonnet-4-6\", "
                + "\"provider\": \"anthropic\", \"api_key\": \"" + KEY + "\"}}")
                .post("/api/persona/" + id + "/update").then().statusCode(200);
        say(token, 800, "after the update");
        await().atMost(WAIT).until(() -> answers(token, 800) == 2);
        assertEquals(1, tg.calls(token, "deleteWebhook").size(), "an update of her organs kept her channel open");

        given().post("/api/persona/" + id + "/stop").then().statusCode(200);
        await().atMost(WAIT).until(() -> tg.parked(token) == 0);
        long whileAway = tg.push(token, 800, "while you were away");
        given().post("/api/persona/" + id + "/start").then().statusCode(200);
        await().atMost(WAIT).until(() -> answers(token, 800) == 3 && tg.confirmed(token, whileAway));
        assertEquals(2, tg.calls(token, "deleteWebhook").size(), "a stopped channel opened again");
        say(token, 800, "/hello");
        await().atMost(WAIT).until(() -> tg.sent(token, 800).size() >= 5);
        assertEquals(List.of("before", "after the update", "while you were away"), heard(id),
                "every update heard once, none lost");
        assertEquals(4, answers(token, 800), "three answers, and /hello repeating the last of them");
        assertEquals(ANSWER, tg.sent(token, 800).get(4), "/hello repeats her last words");
        JsonObject offset = new JsonObject(Files.readString(home.resolve("personas").resolve(id)
                .resolve("workspace/channels/telegram.offset.json")));
        assertTrue(offset.getLong("offset") > whileAway);
        assertFalse(offset.encode().contains(token));
    }

    @Test
    void aMessageKeptBeforeAKillIsHeardOnceWhenTelegramOffersItAgain() throws Exception {
        String token = "666666:TG-kill-FFFF";
        String id = answeredOnce("Wren", token, 1000);
        given().post("/api/persona/" + id + "/stop").then().statusCode(200);
        await().atMost(WAIT).until(() -> tg.parked(token) == 0);

        // what a kill leaves between keeping her line of an update and writing the offset past it
        long kept = tg.push(token, 1000, "kept before the kill");
        Path persona = home.resolve("personas").resolve(id);
        assertEquals(kept, new JsonObject(Files.readString(persona.resolve("workspace/channels/telegram.offset.json")))
                .getLong("offset"), "the offset written is that of the update");
        JsonObject channel = new JsonObject().put("type", "telegram").put("name", "1000")
                .put("message", String.valueOf(tg.messageId(kept)));
        Files.writeString(persona.resolve("home/conversation.jsonl"), new JsonObject().put("role", "person")
                .put("content", "kept before the kill").put("channel", channel)
                .put("time", OffsetDateTime.now().toString()).encode() + "\n", StandardOpenOption.APPEND);

        given().post("/api/persona/" + id + "/start").then().statusCode(200);
        await().atMost(WAIT).until(() -> tg.confirmed(token, kept) && answers(token, 1000) == 2);
        say(token, 1000, "after");
        await().atMost(WAIT).until(() -> answers(token, 1000) == 3);
        assertEquals(List.of("before", "kept before the kill", "after"), heard(id), "the update offered again is "
                + "passed over: she answers the line she kept");
        assertEquals(3, answers(token, 1000), "each message answered once: " + tg.sent(token, 1000));
    }

    @Test
    void aMessageOfferedAgainAfterAFailureIsHeardOnce() throws Exception {
        String token = "888888:TG-again-GGGG";
        String id = createWithBot("Tess", token);
        pairTo(id, token, 1100);
        // the offset cannot be written: each update is kept, fails, and is offered again
        Path offset = home.resolve("personas").resolve(id).resolve("workspace/channels/telegram.offset.json");
        Files.delete(offset);
        Files.createDirectories(offset.resolve("in-the-way"));
        long update = tg.push(token, 1100, "heard while the disk refuses");
        await().atMost(WAIT).until(() -> answers(token, 1100) == 1);
        int polls = tg.calls(token, "getUpdates").size();
        await().atMost(WAIT).until(() -> tg.calls(token, "getUpdates").size() >= polls + 2);
        assertFalse(tg.confirmed(token, update), "offered again and again while the offset cannot be written");

        Files.delete(offset.resolve("in-the-way"));
        Files.delete(offset);
        await().atMost(WAIT).until(() -> tg.confirmed(token, update));
        say(token, 1100, "after");
        await().atMost(WAIT).until(() -> answers(token, 1100) == 2);
        assertEquals(List.of("heard while the disk refuses", "after"), heard(id));
        assertEquals(2, answers(token, 1100), "each message answered once: " + tg.sent(token, 1100));
    }

    private static List<String> heard(String id) {
        return conversation(id).stream().filter(l -> "person".equals(l.get("role"))).map(l -> (String) l.get("content"))
                .toList();
    }

    @Test
    void aLongAnswerArrivesAsOrderedParts() {
        StringBuilder text = new StringBuilder();
        String[] words = new String[30];
        for (int p = 0; p < 30; p++) {
            StringBuilder paragraph = new StringBuilder();
            for (int s = 0; paragraph.length() < 290; s++) {
                paragraph.append("Paragraph ").append(p).append(" sentence ").append(s).append(" is here. ");
            }
            String body = paragraph.toString().strip();
            text.append(body).append(p < 29 ? "\n\n" : "");
            words[p] = body + (p < 29 ? "\\n\\n" : "");
        }
        assertTrue(text.length() > 9000, "a 9000-character answer");
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(100), words);
        String token = "555555:TG-long-EEEE";
        String id = createWithBot("Lyra", token);
        pairTo(id, token, 900);
        say(token, 900, "tell me everything");
        await().atMost(WAIT).until(() -> tg.sent(token, 900).size() >= 4);
        List<String> sent = tg.sent(token, 900);
        List<String> parts = sent.subList(1, sent.size());
        assertEquals(3, parts.size(), "9000 characters in three parts; sent to the chat: " + sent.stream()
                .map(m -> m.length() + " characters: " + m.substring(0, Math.min(50, m.length()))).toList());
        parts.forEach(part -> assertTrue(part.length() <= 4096, "a part is at most 4096 characters"));
        parts.forEach(part -> assertTrue(part.endsWith("is here."), "cut at a paragraph: " + part.substring(part.length() - 20)));
        assertEquals(text.toString().replaceAll("\\s+", ""), String.join("", parts).replaceAll("\\s+", ""),
                "the parts, in order, are her whole answer");
    }
}
