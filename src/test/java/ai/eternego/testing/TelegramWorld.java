package ai.eternego.testing;

import java.util.HashMap;
import java.util.Map;

/** The outside world of a test whose Telegram is a {@link FakeTelegram} that answers long polls on demand. */
public class TelegramWorld extends FakeWorld {

    private static volatile FakeTelegram telegram;

    /** The fake Telegram of the running test. */
    public static FakeTelegram telegram() {
        return telegram;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        telegram = new FakeTelegram(TELEGRAM);
        config.put("eternego.channels.telegram.url", telegram.url());
        return config;
    }

    @Override
    public void stop() {
        if (telegram != null) {
            telegram.close();
        }
        super.stop();
    }
}
