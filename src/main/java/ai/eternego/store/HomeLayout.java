package ai.eternego.store;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import ai.eternego.config.EternegoConfig;
import ai.eternego.core.PersonaId;

/**
 * Where everything lives under ETERNEGO_HOME, and nothing else:
 *
 * <pre>
 * personas/&lt;id&gt;/home/config.json     her record
 * personas/&lt;id&gt;/home/routines.json   her routines
 * personas/&lt;id&gt;/home/...             her files (history/, destiny/, meanings/, ...)
 * personas/&lt;id&gt;/workspace/          scratch space, not in the diary
 * diary/&lt;id&gt;/&lt;id&gt;.diary               the newest diary, older generations beside it
 * keys/&lt;id&gt;.key                      her diary key, sealed under the machine key
 * staging/                           personas being built; emptied at start
 * archive/&lt;id&gt;.diary                 the newest diary of a deleted persona
 * </pre>
 *
 * A persona exists when {@code personas/<id>} exists: that directory is the last thing moved into
 * place, atomically, after her key and her diary. Every id is checked before it becomes a path.
 */
@ApplicationScoped
public class HomeLayout {

    public static final String CONFIG = "config.json";
    public static final String ROUTINES = "routines.json";
    public static final String HEALTH = "health.jsonl";

    private final Path root;

    @Inject
    public HomeLayout(EternegoConfig config) {
        this(config.home());
    }

    public HomeLayout(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    public Path personasDir() {
        return root.resolve("personas");
    }

    public Path personaDir(String id) {
        return personasDir().resolve(PersonaId.require(id));
    }

    public Path homeDir(String id) {
        return personaDir(id).resolve("home");
    }

    public Path workspaceDir(String id) {
        return personaDir(id).resolve("workspace");
    }

    public Path diaryDir(String id) {
        return root.resolve("diary").resolve(PersonaId.require(id));
    }

    public Path diaryFile(String id) {
        return diaryDir(id).resolve(id + ".diary");
    }

    public Path keysDir() {
        return root.resolve("keys");
    }

    public Path keyFile(String id) {
        return keysDir().resolve(PersonaId.require(id) + ".key");
    }

    public Path archiveDir() {
        return root.resolve("archive");
    }

    public Path archiveFile(String id) {
        return archiveDir().resolve(PersonaId.require(id) + ".diary");
    }

    /** Whose archived diary it is, and when she was deleted. */
    public Path archiveNote(String id) {
        return archiveDir().resolve(PersonaId.require(id) + ".json");
    }

    public Path stagingRoot() {
        return root.resolve("staging");
    }

    public Path tempDir() {
        return root.resolve("tmp");
    }

    public boolean exists(String id) {
        return Files.isDirectory(personaDir(id));
    }
}
