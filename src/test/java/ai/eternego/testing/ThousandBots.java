package ai.eternego.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.eternego.diary.Bip39;
import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.KeyVault;
import ai.eternego.diary.Vaults;
import ai.eternego.record.ChannelRecord;
import ai.eternego.record.Organ;
import ai.eternego.record.OrganRecord;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.AtomicFiles;

/**
 * A home with {@link #COUNT} hibernating personas, each with a Telegram channel paired to chat {@code 10000+i}
 * and bot token {@link #token(int)}, laid out as the service writes them (record, routines, sealed key), and
 * a {@link FakeTelegram}. Her Mind is Anthropic's, key {@link #KEY}.
 */
public class ThousandBots extends TelegramWorld {

    public static final int COUNT = 1000;
    public static final String KEY = "sk-ant-THOUSAND-1111";
    private static final List<String> IDS = new ArrayList<>();

    public static List<String> ids() {
        return List.copyOf(IDS);
    }

    public static String token(int i) {
        return (700000 + i) + ":THOUSAND-bot-" + i;
    }

    public static long chat(int i) {
        return 10000 + i;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        // a thousand turns at once queue at the one WireMock on 2 cores for seconds: her Mind is given a provider's
        // own patience for its first byte, not the 5 s the other tests use to see a timeout quickly
        config.put("eternego.conversation.first-byte-timeout", "60s");
        String url = config.get("eternego.providers.anthropic.url");
        KeyVault vault = Vaults.over(home());
        DiaryKey key = DiaryKey.derive(Bip39.generate(), "thousand");
        ObjectMapper json = new ObjectMapper();
        IDS.clear();
        try {
            for (int i = 0; i < COUNT; i++) {
                String id = UUID.randomUUID().toString();
                Path herHome = home().resolve("personas").resolve(id).resolve("home");
                AtomicFiles.createDirectories(herHome.resolve("history"));
                AtomicFiles.createDirectories(home().resolve("personas").resolve(id).resolve("workspace"));
                ChannelRecord channel = new ChannelRecord("telegram", String.valueOf(chat(i)),
                        new ChannelRecord.Credentials(token(i)), "2030-01-01T00:00:00Z");
                PersonaRecord record = PersonaRecord.of(id, "Bot" + i,
                        Map.of(Organ.THINKING, new OrganRecord("claude-sonnet-4-6", "anthropic", url, KEY)),
                        PersonaRecord.VERSION, "", "2030-01-01", "hibernate", PersonaRecord.DEFAULT_IDLE_TIMEOUT,
                        List.of(channel));
                Files.write(herHome.resolve("config.json"), json.writeValueAsBytes(record));
                Files.writeString(herHome.resolve("routines.json"), "{\"routines\":[]}", StandardCharsets.UTF_8);
                AtomicFiles.createDirectories(home().resolve("keys"));
                Files.write(home().resolve("keys").resolve(id + ".key"), vault.seal(id, key));
                IDS.add(id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }
}
