package ai.eternego.door;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.FakeTelegram;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectWireMock;
import ai.eternego.testing.TelegramWorld;
import ai.eternego.testing.ThousandBots;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A thousand personas with a Telegram channel each, against the fake Bot API: every bot long-polls at once,
 * the service's live threads stay under 100 (the fake WireMock's own Jetty and async threads, {@code qtp*} and
 * {@code pool-*}, are not the service's and are left out; the fake Telegram's few threads are counted), and
 * every bot answers a pushed message once. Prints threads, heap after GC and RSS at 0 and at 1000 channels,
 * and the time from a pushed update to her reply (p50, p99) with a Mind that answers at once.
 */
@QuarkusTest
@WithTestResource(ThousandBots.class)
class ThousandBotsTest {

    static final String ANSWER = "At once.";
    static final int ALONE = 100;

    @InjectWireMock
    WireMockServer wm;

    @Test
    void aThousandBotsPollWithFewThreadsAndEveryOneAnswers() throws Exception {
        wm.resetAll();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", ThousandBots.KEY);
        Fakes.anthropicChat(wm, ThousandBots.KEY, Duration.ofMillis(1), ANSWER);
        FakeTelegram tg = TelegramWorld.telegram();
        List<String> ids = ThousandBots.ids();
        String idle = figures("0 channels");

        AtomicInteger peak = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(serviceThreads(), Math::max), 0, 50,
                TimeUnit.MILLISECONDS);
        try {
            ids.parallelStream().forEach(id -> given().post("/api/persona/" + id + "/start").then().statusCode(200));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> tg.parked() == ThousandBots.COUNT);
            String busy = figures(ThousandBots.COUNT + " channels");

            Map<Integer, Instant> pushed = new ConcurrentHashMap<>();
            for (int i = 0; i < ThousandBots.COUNT; i++) {
                pushed.put(i, Instant.now());
                tg.push(ThousandBots.token(i), ThousandBots.chat(i), "hello " + i);
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> tg.calls().stream().filter(c -> c.method().equals("sendMessage")).count()
                            >= ThousandBots.COUNT);
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < ThousandBots.COUNT; i++) {
                List<FakeTelegram.Call> sent = tg.calls(ThousandBots.token(i), "sendMessage");
                assertEquals(1, sent.size(), "bot " + i + " answered once");
                assertEquals(ANSWER, sent.get(0).body().getString("text"));
                assertEquals(String.valueOf(ThousandBots.chat(i)), String.valueOf(sent.get(0).body().getValue("chat_id")));
                latencies.add(Duration.between(pushed.get(i), sent.get(0).at()).toMillis());
            }
            Collections.sort(latencies);
            List<Long> alone = oneAtATime(tg);
            System.out.printf("[telegram-bench] %s%n[telegram-bench] %s%n[telegram-bench] all %d pushed at once, update "
                    + "to reply: p50 %d ms, p99 %d ms, max %d ms%n[telegram-bench] one at a time among %d polling bots "
                    + "(%d updates): p50 %d ms, p99 %d ms%n[telegram-bench] peak service threads %d%n",
                    idle, busy, latencies.size(), latencies.get(latencies.size() / 2),
                    latencies.get(latencies.size() * 99 / 100), latencies.get(latencies.size() - 1),
                    ThousandBots.COUNT, alone.size(), alone.get(alone.size() / 2), alone.get(alone.size() * 99 / 100),
                    peak.get());
        } finally {
            sampler.shutdownNow();
        }
        assertTrue(peak.get() < 100, "live service threads stayed under 100: " + peak.get() + " " + byName());
    }

    /**
     * Updates pushed one at a time to bots spread over the thousand, each once the one before was answered:
     * the time from a pushed update to her reply when nothing else is queued, sorted.
     */
    private static List<Long> oneAtATime(FakeTelegram tg) {
        List<Long> latencies = new ArrayList<>();
        for (int n = 0; n < ALONE; n++) {
            int bot = (n * 37) % ThousandBots.COUNT;
            int before = tg.calls(ThousandBots.token(bot), "sendMessage").size();
            Instant pushed = Instant.now();
            tg.push(ThousandBots.token(bot), ThousandBots.chat(bot), "again " + n);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                    .until(() -> tg.calls(ThousandBots.token(bot), "sendMessage").size() > before);
            latencies.add(Duration.between(pushed, tg.calls(ThousandBots.token(bot), "sendMessage").get(before).at())
                    .toMillis());
        }
        Collections.sort(latencies);
        return latencies;
    }

    /** Live threads but the fake WireMock's own ({@code qtp*} Jetty, {@code pool-*} async responses). */
    static int serviceThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> !t.getName().startsWith("qtp") && !t.getName().startsWith("pool-")).count();
    }

    static Map<String, Integer> byName() {
        Map<String, Integer> names = new TreeMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> names.merge(t.getName().replaceAll("[-0-9]+$", ""), 1,
                Integer::sum));
        return names;
    }

    private static String figures(String label) throws Exception {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
                .findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
        return "%s: service threads %d (all %d), heap after GC %d MiB, %s".formatted(label, serviceThreads(),
                Thread.activeCount(), heap >> 20, rss);
    }
}
