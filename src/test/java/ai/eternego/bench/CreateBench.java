package ai.eternego.bench;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;

/**
 * Create latency of the packaged service with 1, 3 and 7 cloud organs behind fakes that answer
 * after a fixed delay, the first create after a start (cold) against later ones (warm), and our key
 * derivation against upstream's, all in one run. Driven by {@code bench/create-bench.sh}; never run
 * by the test suite.
 *
 * <pre>
 *   CreateBench APP_DIR [ROUNDS=7] [WARMUP=2] [COLD_STARTS=3] [KDF_ROUNDS=3] [DELAY_MS=300]
 *
 *   COLD_STARTS starts: first create right at ready; as many: first create SETTLE_MS after ready
 * </pre>
 *
 * APP_DIR is a private copy of {@code target/quarkus-app}. The service runs as a child process
 * ({@code java -jar quarkus-run.jar}) with a fresh {@code eternego.home} per start, every cloud
 * provider pointed at one WireMock on loopback, and heartbeats every hour so that the agents of the
 * personas created here do not call the fakes while we measure. The KDF figures come from
 * {@link DiaryBench} {@code kdf} (a fresh JVM each round, so its first call is really cold) and
 * {@code shared/bench/upstream_baseline.py kdf}, interleaved. Environment: {@code PYTHON},
 * {@code UPSTREAM_BASELINE} (path of upstream_baseline.py; the KDF part is skipped when unset).
 * Child processes are killed and temporary homes removed at the end, also on failure.
 */
public final class CreateBench {

    static final String ANTHROPIC_KEY = "sk-ant-bench-1111";
    static final String OPENAI_KEY = "sk-oai-bench-2222";
    static final String XAI_KEY = "xai-bench-3333";
    static final String GEMINI_KEY = "AIza-bench-4444";

    /** Organ → {provider, model, key}: the Mind first, then the optional organs spread over the four providers. */
    static final String[][] ORGANS = {
            {"thinking", "anthropic", "claude-sonnet-4-6", ANTHROPIC_KEY},
            {"eye", "openai", "gpt-4o", OPENAI_KEY},
            {"ear", "gemini", "gemini-2.5-flash", GEMINI_KEY},
            {"imagination", "xai", "grok-2-image", XAI_KEY},
            {"mouth", "anthropic", "claude-sonnet-4-6", ANTHROPIC_KEY},
            {"teacher", "openai", "gpt-4o", OPENAI_KEY},
            {"researcher", "gemini", "gemini-2.5-flash", GEMINI_KEY},
    };
    static final int[] SIZES = {1, 3, 7};
    static final int SETTLE_MS = 5000;

    private final Path app;
    private final List<Path> temps = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private WireMockServer wm;
    private Process service;
    private Path serviceLog;
    private int port;
    private int created;

    private CreateBench(Path app) {
        this.app = app;
    }

    public static void main(String[] args) throws Exception {
        Path app = Path.of(args[0]);
        int rounds = arg(args, 1, 7);
        int warmup = arg(args, 2, 2);
        int coldStarts = Math.max(1, arg(args, 3, 3));
        int kdfRounds = arg(args, 4, 3);
        int delay = arg(args, 5, 300);
        CreateBench bench = new CreateBench(app);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::cleanUp));
        try {
            bench.run(rounds, warmup, coldStarts, kdfRounds, delay);
        } finally {
            bench.cleanUp();
        }
    }

    private static int arg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    private void run(int rounds, int warmup, int coldStarts, int kdfRounds, int delay) throws Exception {
        System.out.printf("%d cores; fakes answer after %d ms; %d rounds per organ count after %d warm-up creates each;"
                + " 2 x %d cold starts; %d KDF rounds%n", Runtime.getRuntime().availableProcessors(), delay, rounds, warmup,
                coldStarts, kdfRounds);

        // 1. key derivation, before anything else runs: ours in a fresh JVM (DiaryBench kdf) vs upstream's
        Map<String, List<Double>> kdf = kdf(kdfRounds);

        // 2. the fakes
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(32).containerThreads(64));
        wm.start();
        Fakes.anthropicModel(wm, "claude-sonnet-4-6", ANTHROPIC_KEY);
        Fakes.openAiModel(wm, FakeWorld.OPENAI, "gpt-4o", OPENAI_KEY);
        Fakes.openAiModel(wm, FakeWorld.XAI, "grok-2-image", XAI_KEY);
        Fakes.geminiModel(wm, "gemini-2.5-flash", GEMINI_KEY);
        wm.setGlobalFixedDelay(delay);
        double probe = probeFake();

        // 3. cold: the first create right after each start; the last start stays up for the rest
        //    (alternating with starts whose first create waits SETTLE_MS, the time the background crypto warm-up needs)
        List<Double> startup = new ArrayList<>();
        List<Double> cold = new ArrayList<>();
        List<Double> settled = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        for (int s = 0; s < 2 * coldStarts; s++) {
            boolean settle = s % 2 == 0;
            stopService();
            startup.add(startService());
            if (settle) {
                Thread.sleep(SETTLE_MS);
                settled.add(create(port, 1));
            } else {
                cold.add(create(port, 1));
                second.add(create(port, 1));
            }
        }

        // 4. warm: 1, 3 and 7 organs, interleaved and rotated so that drift hits all three alike
        for (int w = 0; w < warmup; w++) {
            for (int n : SIZES) {
                create(port, n);
            }
        }
        Map<Integer, List<Double>> ms = new LinkedHashMap<>();
        for (int n : SIZES) {
            ms.put(n, new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < SIZES.length; k++) {
                int n = SIZES[(r + k) % SIZES.length];
                ms.get(n).add(create(port, n));
            }
        }
        stopService();

        // 5. where the first create's time goes: one more start, its first creates streamed (SSE), each event timed
        startService();
        List<double[]> phases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            phases.add(createStreamed(port));
        }
        stopService();

        // 6. the tables
        System.out.printf("%nfake round trip (one GET, from here): %.1f ms; service start to ready (median of %d): %.0f ms;"
                + " %d personas created%n", probe, startup.size(), median(startup), created);
        System.out.printf("%nPOST /api/persona/create, warm (%d rounds)%n", rounds);
        System.out.printf("%-7s %10s %9s %9s %9s%n", "organs", "median ms", "min", "max", "ratio");
        double base = median(ms.get(1));
        for (int n : SIZES) {
            List<Double> v = ms.get(n);
            System.out.printf("%-7d %10.1f %9.1f %9.1f %9.2f%n", n, median(v), min(v), max(v), median(v) / base);
        }
        System.out.printf("(one after another, 7 organs would wait at least %d ms for the fakes alone)%n", 7 * delay);

        System.out.printf("%nfirst create after a start (1 organ, %d starts each) vs warm%n", cold.size());
        System.out.printf("%-26s %10s %9s %9s %9s%n", "", "median ms", "min", "max", "ratio");
        row("1st create at ready", cold, base);
        row("1st create " + SETTLE_MS / 1000 + " s after ready", settled, base);
        row("2nd create", second, base);
        row("warm (table above)", ms.get(1), base);

        System.out.printf("%nphases of a streamed 1-organ create (Accept: text/event-stream) on a fresh start, ms since the request%n");
        System.out.printf("%-26s %10s %9s %9s %9s%n", "", "Mind ready", "saving", "saved", "result");
        for (int i = 0; i < phases.size(); i++) {
            double[] ph = phases.get(i);
            System.out.printf("%-26s %10.1f %9.1f %9.1f %9.1f%n", (i == 0 ? "1st create at ready" : "create " + (i + 1)),
                    ph[0], ph[1], ph[2], ph[3]);
        }

        if (!kdf.isEmpty()) {
            System.out.printf("%nkey derivation, PBKDF2-HMAC-SHA256 480 000 iterations (%d rounds, 5 runs each)%n", kdfRounds);
            System.out.printf("%-40s %10s %9s %9s %9s%n", "", "median ms", "min", "max", "ours/up");
            double up = median(kdf.get("upstream"));
            row("ours, first call in a fresh JVM", kdf.get("cold"), up, 40);
            row("ours, warm (median of 5)", kdf.get("warm"), up, 40);
            row("upstream python (median of 5)", kdf.get("upstream"), up, 40);
        }
    }

    private static void row(String label, List<Double> v, double base) {
        row(label, v, base, 26);
    }

    private static void row(String label, List<Double> v, double base, int width) {
        System.out.printf("%-" + width + "s %10.1f %9.1f %9.1f %9.2f%n", label, median(v), min(v), max(v),
                median(v) / base);
    }

    // ---- key derivation ------------------------------------------------------------------------------

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\\s*([0-9.eE+-]+)");

    private Map<String, List<Double>> kdf(int rounds) throws Exception {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        String baseline = System.getenv("UPSTREAM_BASELINE");
        if (rounds <= 0 || baseline == null || baseline.isEmpty()) {
            System.out.println("KDF part skipped (set UPSTREAM_BASELINE, KDF_ROUNDS > 0)");
            return out;
        }
        String python = System.getenv().getOrDefault("PYTHON", "/usr/bin/python3");
        out.put("cold", new ArrayList<>());
        out.put("warm", new ArrayList<>());
        out.put("upstream", new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
            Map<String, Double> ours = jsonLine(List.of(javaBin(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    DiaryBench.class.getName(), "kdf", "5"));
            Map<String, Double> up = jsonLine(List.of(python, baseline, "kdf", "--runs", "5"));
            out.get("cold").add(ours.get("cold_seconds") * 1000);
            out.get("warm").add(ours.get("seconds") * 1000);
            out.get("upstream").add(up.get("seconds") * 1000);
        }
        return out;
    }

    /** Runs a command that prints one JSON line of numbers last; its numeric fields. */
    private static Map<String, Double> jsonLine(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException(command.get(command.size() - 3) + " exited " + rc + ": " + outText);
        }
        String[] lines = outText.strip().split("\n");
        Map<String, Double> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(lines[lines.length - 1]);
        while (m.find()) {
            fields.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return fields;
    }

    // ---- the service ---------------------------------------------------------------------------------

    /**
     * Starts the packaged service on a free port with a fresh home; milliseconds until it is ready.
     * Ready means UP on {@code /q/health/ready} and our own process logging that it listens on that
     * port (another service of this busy machine may have taken the port in between: then a new one).
     */
    private double startService() throws Exception {
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            try {
                return startServiceOn(port);
            } catch (PortTaken e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }

    private double startServiceOn(int port) throws Exception {
        Path home = temp("create-bench-home");
        Path log = home.resolveSibling(home.getFileName() + ".log");
        temps.add(log);
        serviceLog = log;
        String fake = "http://127.0.0.1:" + wm.port();
        List<String> cmd = List.of(javaBin(),
                "-Deternego.home=" + home,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Deternego.agent.heartbeat=1h",
                "-Deternego.providers.ollama.url=" + fake + FakeWorld.OLLAMA,
                "-Deternego.providers.openai.url=" + fake + FakeWorld.OPENAI,
                "-Deternego.providers.anthropic.url=" + fake + FakeWorld.ANTHROPIC,
                "-Deternego.providers.xai.url=" + fake + FakeWorld.XAI,
                "-Deternego.providers.gemini.url=" + fake + FakeWorld.GEMINI,
                "-Deternego.channels.telegram.url=" + fake + FakeWorld.TELEGRAM,
                "-Deternego.channels.discord.url=" + fake + FakeWorld.DISCORD,
                "-jar", app.resolve("quarkus-run.jar").toString());
        long t0 = System.nanoTime();
        service = new ProcessBuilder(cmd).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        long deadline = t0 + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                String tail = tail(log);
                String message = "the service exited " + service.exitValue() + " before it was ready:\n" + tail;
                service = null;
                throw tail.contains("already in use") || tail.contains("already bound") ? new PortTaken(message)
                        : new IllegalStateException(message);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")
                        && Files.readString(log).contains("Listening on: http://127.0.0.1:" + port)) {
                    return (System.nanoTime() - t0) / 1e6;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the service was not ready within 90 s:\n" + tail(log));
    }

    private void stopService() {
        Process p = service;
        service = null;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** One create with the first {@code organs} organs; its latency in ms (200 required). */
    private double create(int port, int organs) throws Exception {
        StringBuilder body = new StringBuilder("{\"name\": \"Bench " + organs + "-" + (++created) + "\"");
        for (int i = 0; i < organs; i++) {
            String[] o = ORGANS[i];
            body.append(", \"").append(o[0]).append("_model\": \"").append(o[2]).append('"')
                    .append(", \"").append(o[0]).append("_provider\": \"").append(o[1]).append('"')
                    .append(", \"").append(o[0]).append("_api_key\": \"").append(o[3]).append('"');
        }
        body.append('}');
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/persona/create"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        long t = System.nanoTime();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("create with " + organs + " organs: " + e + "; the service "
                    + (service != null && service.isAlive() ? "runs" : "is gone") + ", its log ends:\n" + tail(serviceLog), e);
        }
        double ms = (System.nanoTime() - t) / 1e6;
        if (r.statusCode() != 200 || !r.body().contains("\"recovery_phrase\"")) {
            throw new IllegalStateException("create with " + organs + " organs: HTTP " + r.statusCode() + " "
                    + r.body().replaceAll("\"recovery_phrase\"\\s*:\\s*\"[^\"]*\"", "\"recovery_phrase\":\"…\""));
        }
        return ms;
    }

    /**
     * One 1-organ create with {@code Accept: text/event-stream}: ms from the request to the Mind's
     * {@code ready}, to {@code saving}, to {@code saved} (phrase, key derivation, record, first diary)
     * and to the {@code result} event (agent started).
     */
    private double[] createStreamed(int port) throws Exception {
        String body = "{\"name\": \"Bench sse-" + (++created) + "\", \"thinking_model\": \"" + ORGANS[0][2]
                + "\", \"thinking_provider\": \"" + ORGANS[0][1] + "\", \"thinking_api_key\": \"" + ORGANS[0][3] + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/persona/create"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        double[] at = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        long t = System.nanoTime();
        HttpResponse<Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
        String event = "";
        try (Stream<String> lines = r.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                double ms = (System.nanoTime() - t) / 1e6;
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (event.equals("error")) {
                        throw new IllegalStateException("streamed create: " + line);
                    } else if (event.equals("result")) {
                        at[3] = ms;
                    } else if (line.contains("\"step\":\"ready\"") && line.contains("\"part\":\"thinking\"")) {
                        at[0] = ms;
                    } else if (line.contains("\"step\":\"saving\"")) {
                        at[1] = ms;
                    } else if (line.contains("\"step\":\"saved\"")) {
                        at[2] = ms;
                    }
                }
            }
        }
        if (r.statusCode() != 200 || Double.isNaN(at[3])) {
            throw new IllegalStateException("streamed create: HTTP " + r.statusCode() + ", no result event");
        }
        return at;
    }

    /** One authenticated GET straight at the fake: what a single organ check cannot beat. */
    private double probeFake() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(Fakes.url(wm, FakeWorld.OPENAI) + "/v1/models/gpt-4o"))
                .header("Authorization", "Bearer " + OPENAI_KEY).GET().build();
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the fake answered " + r.statusCode() + ": " + r.body());
            }
            v.add((System.nanoTime() - t) / 1e6);
        }
        return median(v);
    }

    // ---- plumbing ------------------------------------------------------------------------------------

    private synchronized void cleanUp() {
        stopService();
        if (wm != null) {
            wm.stop();
            wm = null;
        }
        for (Path p : temps) {
            deleteTree(p);
        }
        temps.clear();
    }

    private Path temp(String prefix) throws IOException {
        Path p = Files.createTempDirectory(prefix);
        temps.add(p);
        return p;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
