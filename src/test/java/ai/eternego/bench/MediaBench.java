package ai.eternego.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

import ai.eternego.testing.FakeTelegram;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Peak live heap of the packaged service while a 10 MB voice message and a 20 MB PDF pass through her Telegram
 * channel, against the same service idle: the service runs as its own process (its quarkus-run.jar at a small
 * -Xmx), a fake Telegram on loopback ({@link FakeTelegram}) hands her the files through {@code getFile} and the
 * file route, fake vendors on loopback (Anthropic Mind, OpenAI ear, Gemini researcher) drain and count what they
 * are sent. While a file passes, the service's heap is sampled over JMX (attach API): a full GC is asked for, then
 * the heap used is read (the live set), over and over until she answered. Each run is a fresh process and home;
 * medians are printed at the end with a {@code [media-bench]} prefix. Driven by {@code bench/media-bench.sh};
 * never run by the test suite.
 *
 * <pre>
 *   MediaBench QUARKUS_RUN_JAR WORK_DIR [XMX=64m] [RUNS=3] [VOICE_MB=10] [PDF_MB=20] [PAUSE_MS=0]
 * </pre>
 * PAUSE_MS is a pause between two samples: 0 samples back to back (the finest peak, but the forced GCs slow
 * the transfer down); a longer pause gives transfer times nearer an unobserved service.
 */
public final class MediaBench {

    private static final String MIND_KEY = "sk-ant-BENCH-mind-0000";
    private static final String EAR_KEY = "sk-oai-BENCH-ear-0000";
    private static final String GEM_KEY = "gem-BENCH-researcher-0000";
    private static final String TOKEN = "777001:BENCH-media-AAAA";
    private static final long CHAT = 4242;
    private static final String ANSWER = "Thank you, I have it.";
    private static final Pattern CODE = Pattern.compile("\\b([0-9A-F]{6})\\b");
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static long pause;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One measured run's figures, in MiB and seconds. */
    private record Figures(double idle, double voicePeak, double voiceUsedPeak, double voiceSeconds, double pdfPeak,
            double pdfUsedPeak, double pdfSeconds, int voiceSamples, int pdfSamples) {
    }

    private MediaBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path work = Path.of(args[1]);
        String xmx = args.length > 2 ? args[2] : "64m";
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        long voiceMb = args.length > 4 ? Long.parseLong(args[4]) : 10;
        long pdfMb = args.length > 5 ? Long.parseLong(args[5]) : 20;
        pause = args.length > 6 ? Long.parseLong(args[6]) : 0;
        Files.createDirectories(work);
        byte[] voice = fill("OggS", voiceMb << 20);
        byte[] pdf = fill("%PDF-1.4\n", pdfMb << 20);
        say("machine: %d cores, java %s; service -Xmx%s; voice %.1f MiB, pdf %.1f MiB; %d ms between samples", Runtime.getRuntime()
                .availableProcessors(), System.getProperty("java.version"), xmx, voice.length / 1048576.0,
                pdf.length / 1048576.0, pause);

        List<Figures> all = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Path home = work.resolve("home-" + run);
            deleteTree(home);
            Files.deleteIfExists(work.resolve("home-" + run + ".log"));
            all.add(run(run, jar, home, xmx, voice, pdf));
        }
        say("medians of %d runs (MiB of live heap after a full GC; peak over the samples taken while the file passed):",
                all.size());
        say("  idle=%.1f  voice_peak=%.1f (+%.1f)  pdf_peak=%.1f (+%.1f)  voice_s=%.1f  pdf_s=%.1f",
                median(all, Figures::idle), median(all, Figures::voicePeak),
                median(all, f -> f.voicePeak() - f.idle()), median(all, Figures::pdfPeak),
                median(all, f -> f.pdfPeak() - f.idle()), median(all, Figures::voiceSeconds),
                median(all, Figures::pdfSeconds));
        say("  heap used before each forced GC (garbage included, an upper bound): voice=%.1f pdf=%.1f",
                median(all, Figures::voiceUsedPeak), median(all, Figures::pdfUsedPeak));
        say("  load average now: %s", load());
        System.exit(0);
    }

    private static Figures run(int run, Path jar, Path home, String xmx, byte[] voice, byte[] pdf) throws Exception {
        say("run %d: load average %s", run, load());
        Vertx vertx = Vertx.vertx();
        Map<String, AtomicLong> received = new ConcurrentHashMap<>();
        HttpServer vendors = vendors(vertx, received);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String base = "http://127.0.0.1:" + vendors.actualPort();
        Path log = home.resolveSibling(home.getFileName() + ".log");
        Files.createDirectories(home);
        Process service;
        try (FakeTelegram telegram = new FakeTelegram("/telegram")) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx" + xmx, "-Deternego.home=" + home, "-Dquarkus.http.port=" + port,
                    "-Deternego.providers.openai.url=" + base + "/openai",
                    "-Deternego.providers.anthropic.url=" + base + "/anthropic",
                    "-Deternego.providers.gemini.url=" + base + "/gemini",
                    "-Deternego.channels.telegram.url=" + telegram.url(), "-jar", jar.toString()));
            service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                return measure(run, service, telegram, "http://127.0.0.1:" + port, home, received, voice, pdf, log);
            } finally {
                service.destroy();
                if (!service.waitFor(20, TimeUnit.SECONDS)) {
                    service.destroyForcibly().waitFor();
                }
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Figures measure(int run, Process service, FakeTelegram telegram, String api, Path home,
            Map<String, AtomicLong> received, byte[] voice, byte[] pdf, Path log) throws Exception {
        long started = System.nanoTime();
        await("the service to start (see " + log + ")", () -> service.isAlive() && status(api + "/q/health/ready") == 200,
                service);
        say("run %d: service up in %.1f s", run, (System.nanoTime() - started) / 1e9);
        String id = pairedPersona(api, telegram, service);

        VirtualMachine vm = VirtualMachine.attach(String.valueOf(service.pid()));
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
            MBeanServerConnection connection = jmx.getMBeanServerConnection();
            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(connection,
                    ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            String gcs = ManagementFactory.getPlatformMXBeans(connection, GarbageCollectorMXBean.class).stream()
                    .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
            say("run %d: service pid %d, max heap %.0f MiB, collectors: %s", run, service.pid(),
                    memory.getHeapMemoryUsage().getMax() / 1048576.0, gcs);
            double idle = idle(memory);
            say("run %d: idle live heap %.1f MiB", run, idle);

            telegram.addFile("voice-big", "voice/file_1.oga", voice);
            Sample heard = pass(memory, service, () -> {
                telegram.pushMessage(TOKEN, CHAT, new JsonObject().put("voice", new JsonObject()
                        .put("file_id", "voice-big").put("file_unique_id", "vb").put("duration", 600)
                        .put("mime_type", "audio/ogg").put("file_size", voice.length)));
            }, () -> answers(telegram) == 1);
            check(received, "/openai/v1/audio/transcriptions", voice.length, "the ear");
            say("run %d: voice  %5.1f s, %3d samples, peak live %.1f MiB (+%.1f over idle), peak used %.1f MiB", run,
                    heard.seconds, heard.samples, heard.peakLive, heard.peakLive - idle, heard.peakUsed);

            telegram.addFile("pdf-big", "documents/file_2.pdf", pdf);
            Sample read = pass(memory, service, () -> {
                telegram.pushMessage(TOKEN, CHAT, new JsonObject().put("document", new JsonObject()
                        .put("file_id", "pdf-big").put("file_unique_id", "pb").put("file_name", "paper.pdf")
                        .put("mime_type", "application/pdf").put("file_size", pdf.length)));
            }, () -> answers(telegram) == 2);
            check(received, "/gemini/v1beta/models/gemini-2.5-flash:generateContent", pdf.length * 4L / 3,
                    "the researcher (base64)");
            say("run %d: pdf    %5.1f s, %3d samples, peak live %.1f MiB (+%.1f over idle), peak used %.1f MiB", run,
                    read.seconds, read.samples, read.peakLive, read.peakLive - idle, read.peakUsed);

            verifyKept(api, id, home, voice.length, pdf.length);
            String text = Files.readString(log);
            if (text.contains("OutOfMemoryError")) {
                throw new IllegalStateException("the service ran out of memory: see " + log);
            }
            vm.detach();
            return new Figures(idle, heard.peakLive, heard.peakUsed, heard.seconds, read.peakLive, read.peakUsed,
                    read.seconds, heard.samples, read.samples);
        }
    }

    private record Sample(double peakLive, double peakUsed, double seconds, int samples) {
    }

    /** The live heap of the service with nothing passing: the median of five full GCs a moment apart. */
    private static double idle(MemoryMXBean memory) throws InterruptedException {
        double[] live = new double[5];
        for (int i = 0; i < live.length; i++) {
            memory.gc();
            live[i] = memory.getHeapMemoryUsage().getUsed() / 1048576.0;
            Thread.sleep(200);
        }
        Arrays.sort(live);
        return live[live.length / 2];
    }

    /** Starts a file on its way and samples the service's heap until {@code done}: full GC, heap used, again. */
    private static Sample pass(MemoryMXBean memory, Process service, Runnable send, BooleanSupplier done)
            throws InterruptedException {
        double peakLive = 0;
        double peakUsed = 0;
        int samples = 0;
        long start = System.nanoTime();
        send.run();
        long deadline = start + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (!service.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("she did not answer the file in " + WAIT.toSeconds() + " s (alive: "
                        + service.isAlive() + ")");
            }
            peakUsed = Math.max(peakUsed, memory.getHeapMemoryUsage().getUsed() / 1048576.0);
            memory.gc();
            peakLive = Math.max(peakLive, memory.getHeapMemoryUsage().getUsed() / 1048576.0);
            samples++;
            if (pause > 0) {
                Thread.sleep(pause);
            }
        }
        return new Sample(peakLive, peakUsed, (System.nanoTime() - start) / 1e9, samples);
    }

    private static long answers(FakeTelegram telegram) {
        return telegram.sent(TOKEN, CHAT).stream().filter(ANSWER::equals).count();
    }

    private static void check(Map<String, AtomicLong> received, String path, long atLeast, String organ) {
        long bytes = received.getOrDefault(path, new AtomicLong()).get();
        if (bytes < atLeast) {
            throw new IllegalStateException(organ + " was sent " + bytes + " bytes, fewer than the file's " + atLeast);
        }
    }

    /** Both files are kept whole in her media/, the transcript and the reading are in her conversation. */
    private static void verifyKept(String api, String id, Path home, long voiceBytes, long pdfBytes) throws Exception {
        Path media = home.resolve("personas").resolve(id).resolve("home").resolve("media");
        List<Long> sizes;
        try (Stream<Path> files = Files.list(media)) {
            sizes = files.filter(f -> !f.getFileName().toString().endsWith(".jsonl")).map(MediaBench::size).sorted()
                    .toList();
        }
        if (!sizes.contains(voiceBytes) || !sizes.contains(pdfBytes)) {
            throw new IllegalStateException("her media/ holds files of " + sizes + " bytes, not the voice and the PDF");
        }
        JsonArray lines = new JsonObject(get(api + "/api/persona/" + id + "/conversation")).getJsonArray("messages");
        String all = lines.encode();
        if (!all.contains("Hello, it is me.") || !all.contains("A paper about cats.")) {
            throw new IllegalStateException("her conversation lacks the transcript or the reading: " + all);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** She is created with a Mind, an ear and a researcher and her Telegram bot, and paired to {@link #CHAT}. */
    private static String pairedPersona(String api, FakeTelegram telegram, Process service) throws Exception {
        String body = """
                {"name": "Bench", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                 "thinking_api_key": "%s",
                 "ear_model": "whisper-1", "ear_provider": "openai", "ear_api_key": "%s",
                 "researcher_model": "gemini-2.5-flash", "researcher_provider": "gemini", "researcher_api_key": "%s",
                 "telegram_token": "%s"}""".formatted(MIND_KEY, EAR_KEY, GEM_KEY, TOKEN);
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/persona/create"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) {
            throw new IllegalStateException("create answered " + created.statusCode() + ": " + created.body());
        }
        String id = new JsonObject(created.body()).getJsonObject("persona").getString("id");
        await("her bot to poll", () -> telegram.parked(TOKEN) == 1, service);
        telegram.push(TOKEN, CHAT, "hello");
        await("her pairing code", () -> !telegram.sent(TOKEN, CHAT).isEmpty(), service);
        Matcher code = CODE.matcher(telegram.sent(TOKEN, CHAT).get(0));
        if (!code.find()) {
            throw new IllegalStateException("no pairing code in " + telegram.sent(TOKEN, CHAT));
        }
        HttpResponse<String> paired = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/persona/" + id + "/pair"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\": \"" + code.group(1) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (paired.statusCode() != 200) {
            throw new IllegalStateException("pair answered " + paired.statusCode() + ": " + paired.body());
        }
        return id;
    }

    /**
     * Anthropic (a model, streamed messages), OpenAI (a model, transcriptions) and Gemini (a model,
     * generateContent) in their shapes; every request body is drained and its bytes counted by path.
     */
    private static HttpServer vendors(Vertx vertx, Map<String, AtomicLong> received) throws Exception {
        return vertx.createHttpServer().requestHandler(request -> {
            AtomicLong bytes = received.computeIfAbsent(request.path(), k -> new AtomicLong());
            bytes.set(0);
            request.handler(chunk -> bytes.addAndGet(chunk.length()));
            request.endHandler(end -> answer(request));
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void answer(HttpServerRequest request) {
        String path = request.path();
        String sse = "text/event-stream";
        String json = "application/json";
        if (path.equals("/anthropic/v1/models/claude-sonnet-4-6")) {
            reply(request, 200, json, "{\"id\":\"claude-sonnet-4-6\",\"type\":\"model\",\"display_name\":\"Claude\","
                    + "\"created_at\":\"2025-02-19T00:00:00Z\"}");
        } else if (path.equals("/anthropic/v1/messages")) {
            reply(request, 200, sse, "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}\n\n"
                    + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    + "{\"type\":\"text_delta\",\"text\":\"" + ANSWER + "\"}}\n\n"
                    + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        } else if (path.equals("/openai/v1/models/whisper-1")) {
            reply(request, 200, json, "{\"id\":\"whisper-1\",\"object\":\"model\",\"created\":1,\"owned_by\":\"system\"}");
        } else if (path.equals("/openai/v1/models")) {
            reply(request, 200, json, "{\"object\":\"list\",\"data\":[{\"id\":\"whisper-1\",\"object\":\"model\","
                    + "\"created\":1,\"owned_by\":\"system\"}]}");
        } else if (path.equals("/openai/v1/audio/transcriptions")) {
            reply(request, 200, json, "{\"text\":\"Hello, it is me.\"}");
        } else if (path.equals("/gemini/v1beta/models/gemini-2.5-flash")) {
            reply(request, 200, json, "{\"name\":\"models/gemini-2.5-flash\",\"displayName\":\"Gemini\","
                    + "\"inputTokenLimit\":1048576,\"supportedGenerationMethods\":[\"generateContent\"]}");
        } else if (path.equals("/gemini/v1beta/models/gemini-2.5-flash:generateContent")) {
            reply(request, 200, json, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
                    + "\"A paper about cats.\"}]},\"finishReason\":\"STOP\"}]}");
        } else {
            reply(request, 404, json, "{\"error\":\"no such route in the bench: " + path + "\"}");
        }
    }

    private static void reply(HttpServerRequest request, int status, String type, String body) {
        request.response().setStatusCode(status).putHeader("Content-Type", type).end(body);
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls {@code condition} every 50 ms for at most {@link #WAIT}, giving up at once if the service died. */
    private static void await(String what, BooleanSupplier condition, Process service) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (!service.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " (service alive: " + service.isAlive()
                        + ")");
            }
            Thread.sleep(50);
        }
    }

    private static double median(List<Figures> all, java.util.function.ToDoubleFunction<Figures> figure) {
        double[] values = all.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void say(String format, Object... args) {
        System.out.println("[media-bench] " + String.format(format, args));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(path);
            }
        }
    }

    private static byte[] fill(String head, long size) {
        byte[] bytes = new byte[Math.toIntExact(size)];
        new Random(42).nextBytes(bytes);
        byte[] start = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, bytes, 0, start.length);
        return bytes;
    }
}
