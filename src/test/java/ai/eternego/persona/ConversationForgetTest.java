package ai.eternego.persona;

import static ai.eternego.testing.Following.names;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.CreatedPersonas;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.Following;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** A deleted persona is forgotten: her inbox and her followers go, and a following stream ends. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class ConversationForgetTest {

    static final String KEY = "sk-ant-FORGET-mind-7373";

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Inject
    Conversation conversation;

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

    @Test
    void deletingHerForgetsHerInboxAndEndsHerStream() throws Exception {
        for (boolean purge : List.of(false, true)) {
            String id = created.withAnthropicMind("Mira", KEY);
            try (Following following = new Following(RestAssured.port, id)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    given().contentType(ContentType.JSON).body("{\"message\": \"hello\"}").post("/api/persona/" + id + "/chat")
                            .then().statusCode(200);
                    return names(following.events()).contains("said");
                });
                assertTrue(conversation.remembers(id), "she has an inbox and a follower while she lives");

                given().post("/api/persona/" + id + "/delete" + (purge ? "?purge=true" : "")).then().statusCode(200);

                following.ended.get(20, TimeUnit.SECONDS);
                assertFalse(conversation.remembers(id), "nothing of her is kept in the conversation");
                List<Following.Event> told = following.events();
                assertEquals("status", told.get(told.size() - 1).name());
                assertEquals("stopped", told.get(told.size() - 1).data().getString("status"));
            }
        }
    }
}
