package ai.eternego.it;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import ai.eternego.diary.DiaryKey;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;

/**
 * Creates per second with {@code CLIENTS} concurrent clients against the packaged service and a fake
 * Anthropic, next to the machine's limit: PBKDF2 derivations per second (480 000 iterations, our
 * derivation) on as many threads as the machine has cores. Driven by {@code bench/create-load-bench.sh}.
 *
 * <pre>CreateLoadBench [CLIENTS=50] [CREATES=300]</pre>
 */
public final class CreateLoadBench {

    private CreateLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int creates = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int cores = Runtime.getRuntime().availableProcessors();

        double kdf = derivationsPerSecond(cores, Math.max(8, cores * 6));
        System.out.printf("PBKDF2-HMAC-SHA256 (480000 iterations): %.2f derivations/s on %d threads (%d cores)%n", kdf,
                cores, cores);

        WireMockServer wm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(clients + 16));
        wm.start();
        Fakes.anthropicModelAt(wm, FakeWorld.ANTHROPIC, "claude-sonnet-4-6", "sk-bench");
        Path work = Files.createTempDirectory("eternego-create-load-bench");
        String body = "{\"name\":\"Bench\",\"thinking_model\":\"claude-sonnet-4-6\",\"thinking_provider\":\"anthropic\","
                + "\"thinking_api_key\":\"sk-bench\"}";
        try (ServiceProcess service = ServiceProcess.start(Map.of("eternego.home", work.resolve("home").toString(),
                "eternego.providers.anthropic.url", Fakes.url(wm, FakeWorld.ANTHROPIC)),
                work.resolve("service.log"), Duration.ofSeconds(120))) {
            // warm-up: JIT and the machine key
            for (int i = 0; i < 4; i++) {
                check(service.postJson("/api/persona/create", body));
            }
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            AtomicInteger left = new AtomicInteger(creates);
            List<Future<Integer>> done = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    int mine = 0;
                    while (left.getAndDecrement() > 0) {
                        check(service.postJson("/api/persona/create", body));
                        mine++;
                    }
                    return mine;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            double rate = total / seconds;
            System.out.printf("creates: %d with %d concurrent clients in %.1f s = %.2f creates/s%n", total, clients,
                    seconds, rate);
            System.out.printf("creates/s vs derivations/s: %.0f%% of the machine's PBKDF2 limit "
                    + "(one derivation per create)%n", 100 * rate / kdf);
        } finally {
            wm.stop();
        }
    }

    private static void check(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("create answered " + r.statusCode() + " " + r.body());
        }
    }

    /** Derivations per second with {@code threads} threads doing {@code total} derivations in all (after warm-up). */
    static double derivationsPerSecond(int threads, int total) throws Exception {
        for (int i = 0; i < 2; i++) {
            DiaryKey.derive("warm up phrase " + i, UUID.randomUUID().toString());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger left = new AtomicInteger(total);
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    DiaryKey.derive("abandon ability able about above absent absorb abstract absurd abuse access accident",
                            UUID.randomUUID().toString());
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return total / seconds;
    }
}
