package ai.eternego.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

/** The archive of deleted personas: listed by name then date, removable one by one. */
@QuarkusTest
@WithTestResource(FakeWorld.class)
class ArchiveApiTest {

    private static final String KEY = "sk-ant-archive-4242";

    @InjectHome
    Path home;

    @InjectWireMock
    WireMockServer wm;

    @BeforeEach
    @AfterEach
    void clean() throws Exception {
        wm.resetAll();
        Path archive = home.resolve("archive");
        if (Files.isDirectory(archive)) {
            try (var files = Files.list(archive)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /**
     * Lays {@code archive/<id>.diary} of {@code size} bytes, with a sidecar when {@code name} is given;
     * private (0700 and 0600) as the service keeps everything.
     */
    private String lay(String name, String date, int size) throws Exception {
        String id = UUID.randomUUID().toString();
        Path archive = home.resolve("archive");
        Files.createDirectories(archive, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        write(archive.resolve(id + ".diary"), new byte[size]);
        if (name != null) {
            write(archive.resolve(id + ".json"), ("{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"date\":\""
                    + date + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        return id;
    }

    private static void write(Path file, byte[] bytes) throws Exception {
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void archivesAreListedByNameThenDateWithTheirSize() throws Exception {
        String zed = lay("zed", "2026-01-01T00:00:00Z", 10);
        String aliceLate = lay("Alice", "2026-03-01T00:00:00Z", 20);
        String aliceEarly = lay("alice", "2026-02-01T00:00:00Z", 30);
        String nameless = lay(null, null, 40);
        Instant mtime = Instant.parse("2025-12-24T18:00:00Z");
        Files.setLastModifiedTime(home.resolve("archive").resolve(nameless + ".diary"), FileTime.from(mtime));
        write(home.resolve("archive").resolve("not-an-id.diary"), "ignored".getBytes(StandardCharsets.UTF_8));

        JsonPath body = given().get("/api/archives").then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
        List<Map<String, Object>> archives = body.getList("archives");
        assertEquals(List.of(aliceEarly, aliceLate, zed, nameless), archives.stream().map(a -> a.get("id")).toList());
        assertEquals(Map.of("id", aliceEarly, "name", "alice", "date", "2026-02-01T00:00:00Z", "size", 30),
                archives.get(0));
        assertNull(archives.get(3).get("name"));
        assertTrue(archives.get(3).containsKey("name"), "an unknown name is null, not left out");
        assertEquals(mtime.toString(), archives.get(3).get("date"));
        assertEquals(40, archives.get(3).get("size"));
    }

    @Test
    void anEmptyArchiveIsAnEmptyList() {
        given().get("/api/archives").then().statusCode(200).body("archives.size()", equalTo(0));
    }

    @Test
    void deleteRemovesTheDiaryAndItsSidecar() throws Exception {
        String id = lay("Nova", "2026-01-01T00:00:00Z", 5);
        given().delete("/api/archives/" + id).then().statusCode(200).body("detail", equalTo("Her archived diary is removed."));
        assertFalse(Files.exists(home.resolve("archive").resolve(id + ".diary")));
        assertFalse(Files.exists(home.resolve("archive").resolve(id + ".json")));
        given().get("/api/archives").then().statusCode(200).body("archives.size()", equalTo(0));
        given().delete("/api/archives/" + id).then().statusCode(404).body("detail", equalTo("Archive not found."));
    }

    @Test
    void malformedIdsAre400AndTouchNothing() throws Exception {
        String id = lay("Keep", "2026-01-01T00:00:00Z", 5);
        for (String bad : List.of(id.toUpperCase(), "not-a-uuid", id + "x")) {
            given().delete("/api/archives/" + bad).then().statusCode(400)
                    .body("detail", equalTo("A persona id is a lower-case UUID such as 6c17c83c-3158-450d-8e43-0e7efea717c1."));
        }
        assertTrue(Files.exists(home.resolve("archive").resolve(id + ".diary")));
    }

    @Test
    void aDeletedPersonasDiaryIsListedAndRemovable() {
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", KEY);
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "Lyra", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s"}""".formatted(KEY))
                .post("/api/persona/create").then().statusCode(200).extract().path("persona.id");
        given().post("/api/persona/" + id + "/delete").then().statusCode(200);
        List<String> ids = given().get("/api/archives").then().statusCode(200).extract().path("archives.id");
        assertEquals(List.of(id), ids);
        given().delete("/api/archives/" + id).then().statusCode(200);
        given().get("/api/archives").then().statusCode(200).body("archives.size()", equalTo(0));
    }
}
