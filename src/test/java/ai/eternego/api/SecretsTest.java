package ai.eternego.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectHome;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Secrets at rest and in motion, over one whole life: create → sleep → export → delete → migrate →
 * sleep → update → delete, plus the refusals along the way (wrong keys, a wrong token, a wrong phrase).
 * Afterwards no line of {@code target/quarkus-test.log} (our DEBUG lines included) and no error
 * answer or listing holds any key, token or phrase; every directory under ETERNEGO_HOME is 0700 and
 * every file 0600, after the create and after the migrate.
 */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class SecretsTest {

    static final String ANTHROPIC = "sk-ant-LOGSCAN-a1b2c3d4e5";
    static final String OPENAI = "sk-oai-LOGSCAN-f6g7h8i9";
    static final String TELEGRAM = "987654321:LOGSCAN-tg-AAbbCCdd";
    static final String DISCORD = "LOGSCAN-dc-MTIzNDU2Nzg5.abc";
    static final String ANTHROPIC_2 = "sk-ant-LOGSCAN-second-zz9";
    static final String TELEGRAM_2 = "123123123:LOGSCAN-tg-second";
    static final String WRONG_KEY = "sk-ant-LOGSCAN-wrong-0000";
    static final String WRONG_TOKEN = "555555555:LOGSCAN-tg-wrong";
    static final String OPENAI_2 = "sk-oai-LOGSCAN-update-77";
    static final String DISCORD_2 = "LOGSCAN-dc-update-OTg3.xyz";
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    @InjectWireMock
    WireMockServer wm;

    @InjectHome
    Path home;

    @Test
    void noSecretReachesALogAnErrorOrAListingAndEverythingIsPrivate() throws Exception {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", ANTHROPIC);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", OPENAI);
        Fakes.telegramBot(wm, TELEGRAM);
        Fakes.discordBot(wm, DISCORD);
        List<String> secrets = new ArrayList<>(List.of(ANTHROPIC, OPENAI, TELEGRAM, DISCORD, ANTHROPIC_2, TELEGRAM_2,
                WRONG_KEY, WRONG_TOKEN, OPENAI_2, DISCORD_2));
        List<String> answers = new ArrayList<>();

        // refusals first: each names the organ, never the key
        answers.add(given().contentType(ContentType.JSON).body(create(WRONG_KEY, TELEGRAM, DISCORD))
                .post("/api/persona/create").then().statusCode(400).extract().asString());
        answers.add(given().contentType(ContentType.JSON).body(create(ANTHROPIC, WRONG_TOKEN, DISCORD))
                .post("/api/persona/create").then().statusCode(400).extract().asString());
        answers.add(given().contentType(ContentType.JSON).body(create(ANTHROPIC, TELEGRAM, DISCORD)
                .replace("\"eye_provider\":\"openai\"", "\"eye_provider\":\"openai\",\"eye_url\":\"" + Fakes.closedPortUrl() + "\""))
                .post("/api/persona/create").then().statusCode(400).extract().asString());

        JsonPath born = given().contentType(ContentType.JSON).body(create(ANTHROPIC, TELEGRAM, DISCORD))
                .post("/api/persona/create").then().statusCode(200).extract().jsonPath();
        String id = born.getString("persona.id");
        String phrase = born.getString("recovery_phrase");
        secrets.add(phrase);
        secrets.add(phrase.substring(0, phrase.indexOf(' ', phrase.indexOf(' ') + 1))); // her first two words
        assertPrivate("after create");

        answers.add(given().get("/api/personas").then().statusCode(200).extract().asString());
        answers.add(given().get("/api/persona/" + id).then().statusCode(200).extract().asString());
        answers.add(given().get("/api/persona/" + id + "/diagnose").then().statusCode(200).extract().asString());
        answers.add(given().post("/api/persona/" + id + "/sleep").then().statusCode(200).extract().asString());
        byte[] diary = given().get("/api/persona/" + id + "/export").then().statusCode(200).extract().asByteArray();
        answers.add(given().post("/api/persona/" + id + "/delete").then().statusCode(200).extract().asString());

        String wrongPhrase = phrase.substring(0, phrase.lastIndexOf(' ')) + " zoo";
        answers.add(MigrateSupport.migrate(id + ".diary", diary, wrongPhrase,
                Map.of("model", "claude-sonnet-4-6", "provider", "anthropic", "api_key", ANTHROPIC))
                .statusCode(400).extract().asString());
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", ANTHROPIC_2);
        Fakes.telegramBot(wm, TELEGRAM_2);
        answers.add(MigrateSupport.migrate(id + ".diary", diary, phrase,
                Map.of("model", "claude-sonnet-4-6", "provider", "anthropic", "api_key", WRONG_KEY))
                .statusCode(400).extract().asString());
        MigrateSupport.migrate(id + ".diary", diary, phrase, Map.of("model", "claude-sonnet-4-6", "provider",
                "anthropic", "api_key", ANTHROPIC_2, "telegram_token", TELEGRAM_2)).statusCode(200);
        assertPrivate("after migrate");
        answers.add(given().post("/api/persona/" + id + "/sleep").then().statusCode(200).extract().asString());
        answers.add(given().get("/api/personas").then().statusCode(200).extract().asString());
        answers.add(given().post("/api/persona/" + id + "/restart").then().statusCode(200).extract().asString());
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", OPENAI_2);
        Fakes.discordBot(wm, DISCORD_2);
        answers.add(given().contentType(ContentType.JSON)
                .body("{\"eye\":{\"model\":\"gpt-4o\",\"provider\":\"openai\",\"api_key\":\"" + WRONG_KEY + "\"}}")
                .post("/api/persona/" + id + "/update").then().statusCode(400).extract().asString());
        answers.add(given().contentType(ContentType.JSON)
                .body("{\"eye\":{\"model\":\"gpt-4o\",\"provider\":\"openai\",\"api_key\":\"" + OPENAI_2
                        + "\"},\"discord_token\":\"" + DISCORD_2 + "\"}")
                .post("/api/persona/" + id + "/update").then().statusCode(200).extract().asString());
        assertPrivate("after update");
        answers.add(given().post("/api/persona/" + id + "/delete?purge=true").then().statusCode(200).extract().asString());
        assertPrivate("after delete");

        String machineKey = Files.readString(home.resolve("keys/machine.key")).strip();
        secrets.add(machineKey);
        for (String answer : answers) {
            for (String secret : secrets) {
                assertFalse(answer.contains(secret), "an answer holds a secret: " + answer);
            }
        }
        List<String> lines = Files.readAllLines(Path.of("target/quarkus-test.log"), StandardCharsets.UTF_8);
        assertTrue(lines.stream().anyMatch(l -> l.contains(id)), "the log has lines about her (is it the right file?)");
        for (String line : lines) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "a log line holds a secret: " + line);
            }
        }
    }

    private static String create(String mindKey, String telegram, String discord) {
        return "{\"name\":\"Secretive\",\"thinking_model\":\"claude-sonnet-4-6\",\"thinking_provider\":\"anthropic\","
                + "\"thinking_api_key\":\"" + mindKey + "\",\"eye_model\":\"gpt-4o\",\"eye_provider\":\"openai\","
                + "\"eye_api_key\":\"" + OPENAI + "\",\"telegram_token\":\"" + telegram + "\",\"discord_token\":\""
                + discord + "\"}";
    }

    /** Every directory 0700 and every file 0600, the whole tree. */
    private void assertPrivate(String when) throws Exception {
        assertEquals(DIR, Files.getPosixFilePermissions(home), when + ": " + home);
        int files = 0;
        for (Path path : tree()) {
            if (path.equals(home)) {
                continue;
            }
            boolean dir = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
            java.util.Set<java.nio.file.attribute.PosixFilePermission> mode;
            try {
                mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // an earlier test's upload, swept between the listing and this look
            }
            assertEquals(dir ? DIR : FILE, mode, when + ": " + home.relativize(path));
            files += dir ? 0 : 1;
        }
        assertTrue(files > 0, when + ": no files at all");
    }

    /** Every path under her home; one swept away while it is walked (an earlier test's upload) is passed over. */
    private List<Path> tree() throws java.io.IOException {
        List<Path> paths = new java.util.ArrayList<>();
        Files.walkFileTree(home, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir,
                    java.nio.file.attribute.BasicFileAttributes attributes) {
                paths.add(dir);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attributes) {
                paths.add(file);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, java.io.IOException failure)
                    throws java.io.IOException {
                if (failure instanceof java.nio.file.NoSuchFileException) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                throw failure;
            }
        });
        return paths;
    }
}
