package ai.eternego.persona;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.record.ConversationLine;
import ai.eternego.store.ConversationLog;
import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * A message kept but never answered (the service was killed in between: here, written while she was
 * stopped) is answered once when she starts, with the channel it came from; an answered one is not again,
 * nor one kept more than a day ago (an old home's last words are her past).
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class ConversationResumeTest {

    static final String KEY = "sk-ant-RESUME-mind-5151";
    static final Duration WAIT = Duration.ofSeconds(20);

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    ConversationLog log;

    private final CreatedPersonas created = new CreatedPersonas();

    @BeforeEach
    void reset() {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(50), "I am ", "here.");
    }

    @AfterEach
    void purge() {
        created.purgeAll(home);
    }

    private int mindCalls() {
        return wm.findAll(postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))).size();
    }

    @Test
    void aMessageKeptButNeverAnsweredIsAnsweredOnceWhenSheStarts() {
        String id = created.withAnthropicMind("Mira", KEY);
        given().post("/api/persona/" + id + "/stop").then().statusCode(200);
        ConversationLine.Channel telegram = new ConversationLine.Channel("telegram", "4242");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        log.append(id, new ConversationLine(ConversationLine.PERSON, "a word of two days ago", telegram,
                now.minusDays(2).toString()));
        log.append(id, new ConversationLine(ConversationLine.PERSON, "are you there?", telegram, now.toString()));

        given().post("/api/persona/" + id + "/start").then().statusCode(200);
        await().atMost(WAIT).until(() -> log.read(id).size() == 3);
        assertTrue(wm.findAll(postRequestedFor(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages"))).get(0)
                .getBodyAsString().contains("are you there?"));
        ConversationLine reply = log.read(id).get(2);
        assertEquals(ConversationLine.PERSONA, reply.role());
        assertEquals("I am here.", reply.content());
        assertEquals(telegram, reply.channel(), "her answer goes back where the message came from");
        assertEquals(1, mindCalls());

        given().post("/api/persona/" + id + "/stop").then().statusCode(200);
        given().post("/api/persona/" + id + "/start").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"message\": \"and now?\"}").post("/api/persona/" + id + "/chat")
                .then().statusCode(200);
        await().atMost(WAIT).until(() -> log.read(id).size() >= 5);
        List<String> roles = log.read(id).stream().map(ConversationLine::role).toList();
        assertEquals(List.of("person", "person", "persona", "person", "persona"), roles,
                "an answered message is not again, nor one of days ago");
        assertEquals(2, mindCalls());
    }
}
