package ai.eternego.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.diary.Bip39;
import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.DiaryWriter;
import ai.eternego.diary.KeyVault;
import ai.eternego.diary.Vaults;
import ai.eternego.record.Organ;
import ai.eternego.record.OrganRecord;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.AtomicFiles;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;

/**
 * An ETERNEGO_HOME left by a service that ran before: three personas written with the production record,
 * key vault and diary writer, in the layout of "Her files" (one {@code active}, one {@code hibernate},
 * one {@code sick}), and a fake whose Mind answers, so the service that starts on it finds them.
 */
public class SeededHome extends FakeWorld {

    public static final String ACTIVE = "a1c7e2f4-5b6d-4e8f-9a0b-1c2d3e4f5a61";
    public static final String HIBERNATING = "b2d8f3a5-6c7e-4f90-8b1c-2d3e4f5a6b72";
    public static final String SICK = "c3e9a4b6-7d8f-4a01-9c2d-3e4f5a6b7c83";
    public static final String KEY = "sk-ant-SEEDED-1111";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        Fakes.anthropicModel(server(), "claude-sonnet-4-6", KEY);
        String url = config.get("eternego.providers.anthropic.url");
        KeyVault vault = Vaults.over(home());
        try {
            lay(vault, ACTIVE, "Sirius", "active", url);
            lay(vault, HIBERNATING, "Rigel", "hibernate", url);
            lay(vault, SICK, "Mira", "sick", url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    private void lay(KeyVault vault, String id, String name, String status, String url) throws IOException {
        Path persona = home().resolve("personas").resolve(id);
        Path herHome = persona.resolve("home");
        AtomicFiles.createDirectories(herHome.resolve("history"));
        AtomicFiles.createDirectories(persona.resolve("workspace"));
        PersonaRecord record = PersonaRecord.of(id, name,
                Map.of(Organ.THINKING, new OrganRecord("claude-sonnet-4-6", "anthropic", url, KEY)),
                PersonaRecord.VERSION, "", "2030-01-01", status, PersonaRecord.DEFAULT_IDLE_TIMEOUT, List.of());
        AtomicFiles.write(herHome.resolve("config.json"), new ObjectMapper().writeValueAsBytes(record));
        AtomicFiles.write(herHome.resolve("routines.json"),
                "{\"routines\":[{\"spec\":\"sleep\",\"time\":\"00:00\",\"recurrence\":\"daily\"}]}"
                        .getBytes(StandardCharsets.UTF_8));
        DiaryKey key = DiaryKey.derive(Bip39.generate(), id);
        AtomicFiles.createDirectories(home().resolve("keys"));
        AtomicFiles.write(home().resolve("keys").resolve(id + ".key"), vault.seal(id, key));
        Path diary = home().resolve("diary").resolve(id).resolve(id + ".diary");
        AtomicFiles.createDirectories(diary.getParent());
        AtomicFiles.write(diary, out -> DiaryWriter.write(herHome, out, key));
    }
}
