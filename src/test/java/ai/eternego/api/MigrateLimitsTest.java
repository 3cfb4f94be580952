package ai.eternego.api;

import static ai.eternego.api.MigrateSupport.migrate;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import ai.eternego.diary.Bip39;
import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.HostileDiaries;
import ai.eternego.diary.HostileDiaries.Entry;
import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.HomeSnapshot;
import ai.eternego.testing.InjectHome;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A diary that unpacks to more than the configured limits is refused before anything moves. */
@QuarkusTest
@TestProfile(MigrateLimitsTest.SmallLimits.class)
@WithTestResource(FakeWorld.class)
class MigrateLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eternego.diary.max-total-bytes", "100000", "eternego.diary.max-entries", "5",
                    "eternego.diary.max-entry-bytes", "60000");
        }
    }

    @InjectHome
    Path home;

    @InjectWireMock
    WireMockServer wm;

    private void refused(Entry... entries) {
        String id = UUID.randomUUID().toString();
        String phrase = Bip39.generate();
        byte[] diary = HostileDiaries.fernet(HostileDiaries.zip(entries), DiaryKey.derive(phrase, id), HostileDiaries.NOW);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "m", "k");
        HomeSnapshot before = HomeSnapshot.of(home);
        migrate(id + ".diary", diary, phrase, Map.of("model", "m", "provider", "openai", "api_key", "k"))
                .statusCode(413)
                .body("detail", containsString("limit"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(before, HomeSnapshot.of(home)));
    }

    @Test
    void totalOverTheLimit() {
        refused(Entry.file("config.json", "{}"), Entry.file("a.bin", new byte[50_000]), Entry.file("b.bin", new byte[50_000]),
                Entry.file("c.bin", new byte[50_000]));
    }

    @Test
    void oneFileOverTheLimit() {
        refused(Entry.file("config.json", "{}"), Entry.file("huge.bin", new byte[70_000]));
    }

    @Test
    void tooManyFiles() {
        refused(Entry.file("config.json", "{}"), Entry.file("1", "1"), Entry.file("2", "2"), Entry.file("3", "3"),
                Entry.file("4", "4"), Entry.file("5", "5"));
    }
}
