package ai.eternego.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Time to her first token through {@code POST /api/persona/{id}/chat} (SSE), measured by the client, minus
 * the fake Mind's own time to its first byte: the service's overhead on the way in and out. The packaged
 * service talks to a fake Anthropic on loopback (Vert.x, in this JVM) that streams 5-character chunks
 * every 20 ms. At 1 conversation (sequential) and at {@code CONCURRENT} conversations at once (one
 * persona each: a persona has one inbox), p50 and p99 per run, then the medians of the runs; and the
 * service's live threads and heap after a full GC while {@code CONCURRENT} answers stream, against the
 * idle service in the same run ({@code jcmd}). Heartbeats every 10 minutes: 200 personas born together
 * would beat together, and that is not what is measured. Driven by {@code bench/chat-bench}.
 *
 * <pre>ChatBench [RUNS=3] [CONCURRENT=200] [SEQUENTIAL=20]</pre>
 */
public final class ChatBench {

    static final String KEY = "sk-ant-bench-chat";
    static final String MODEL = "claude-sonnet-4-6";
    static final int CHUNK_MS = 20;
    static final int SHORT = 10;
    static final int LONG = 250;
    static final Pattern TAG = Pattern.compile("bench ([0-9a-f-]{36}) (\\d+)");
    static final Pattern USED = Pattern.compile("used (\\d+)K");
    static final ObjectMapper JSON = new ObjectMapper();

    private ChatBench() {
    }

    /** When the fake received a turn's request and when it wrote its first byte, by the tag in the message. */
    record Served(long received, long firstByte) {
    }

    /** One conversation as the client saw it. */
    record Turn(long overheadNanos, long fakeFirstByteNanos, String said, long ended) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int concurrent = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int sequential = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Map<String, Served> served = new ConcurrentHashMap<>();
        Vertx vertx = Vertx.vertx();
        HttpServer mind = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
                .requestHandler(request -> fake(vertx, request, served));
        mind.listen(0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Path work = Files.createTempDirectory("eternego-chat-bench");
        ExecutorService clients = Executors.newFixedThreadPool(concurrent + 4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        try (ServiceProcess service = ServiceProcess.start(Map.of("eternego.home", work.resolve("home").toString(),
                "eternego.providers.anthropic.url", "http://127.0.0.1:" + mind.actualPort(),
                // her heartbeats are not what is measured: 200 personas born together would beat together
                "eternego.agent.heartbeat", "10m"),
                work.resolve("service.log"), Duration.ofSeconds(120))) {
            System.out.printf("fake Mind: Anthropic SSE on loopback, 5-character chunks every %d ms; service pid %d%n",
                    CHUNK_MS, service.process().pid());
            List<String> personas = create(service, concurrent);
            System.out.printf("%d personas created and running%n", personas.size());
            // warm-up, not measured: the JIT, and a first wave of every persona at once
            for (int i = 0; i < 20; i++) {
                turn(http, service, personas.get(i % personas.size()), SHORT, served);
            }
            List<Future<Turn>> warm = new ArrayList<>();
            for (String id : personas) {
                warm.add(clients.submit(() -> turn(http, service, id, SHORT, served)));
            }
            for (Future<Turn> f : warm) {
                f.get(300, TimeUnit.SECONDS);
            }
            List<Double> p50One = new ArrayList<>();
            List<Double> p99One = new ArrayList<>();
            List<Double> p50Many = new ArrayList<>();
            List<Double> p99Many = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                long[] idle = threadsAndHeap(service);
                List<Turn> one = new ArrayList<>();
                List<Long> kept = new ArrayList<>();
                List<Long> hops = new ArrayList<>();
                for (int i = 0; i < sequential; i++) {
                    one.add(turn(http, service, personas.get(i % personas.size()), SHORT, served));
                    kept.add(hear(http, service, personas.get(i % personas.size())));
                    hops.add(hop(http, mind.actualPort(), served));
                }
                CountDownLatch allFirst = new CountDownLatch(personas.size());
                CountDownLatch gate = new CountDownLatch(1);
                List<Future<Turn>> wave = new ArrayList<>();
                for (String id : personas) {
                    wave.add(clients.submit(() -> {
                        gate.await();
                        return turn(http, service, id, LONG, served, allFirst);
                    }));
                }
                gate.countDown();
                if (!allFirst.await(120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not every conversation had its first token within 120 s");
                }
                long[] busy = threadsAndHeap(service);
                long measured = System.nanoTime();
                List<Turn> many = new ArrayList<>();
                for (Future<Turn> f : wave) {
                    many.add(f.get(300, TimeUnit.SECONDS));
                }
                long streaming = many.stream().filter(t -> t.ended() > measured).count();
                String whole = "abcde".repeat(LONG);
                long wrong = many.stream().filter(t -> !whole.equals(t.said())).count();
                double[] a = percentiles(one);
                double[] b = percentiles(many);
                p50One.add(a[0]);
                p99One.add(a[1]);
                p50Many.add(b[0]);
                p99Many.add(b[1]);
                System.out.printf("run %d: 1 conversation (%d in turn): overhead p50 %.2f ms, p99 %.2f ms "
                        + "(fake first byte p50 %.2f ms)%n", run, one.size(), a[0], a[1], fakeMedian(one));
                System.out.printf("run %d: POST /hear (her message kept on disk, fsync) p50 %.2f ms%n", run,
                        rank(kept.stream().mapToLong(Long::longValue).sorted().toArray(), 0.5) / 1e6);
                long[] hop = hops.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf("run %d: floor, this client straight to the fake (one streamed HTTP hop, no service; "
                        + "her path has two): time to its first byte minus the fake's p50 %.2f ms, p99 %.2f ms%n", run,
                        rank(hop, 0.5) / 1e6, rank(hop, 0.99) / 1e6);
                System.out.printf("run %d: %d concurrent conversations: overhead p50 %.2f ms, p99 %.2f ms "
                        + "(fake first byte p50 %.2f ms); answers not whole: %d%n", run, many.size(), b[0], b[1],
                        fakeMedian(many), wrong);
                System.out.printf("run %d: idle: %d live threads, heap after GC %.1f MB; with %d streaming "
                        + "(%d of them still streaming when measured): %d live threads, heap after "
                        + "GC %.1f MB%n", run, idle[0], idle[1] / 1024.0, many.size(), streaming, busy[0],
                        busy[1] / 1024.0);
            }
            System.out.printf("medians of %d runs: 1 conversation: p50 %.2f ms, p99 %.2f ms; %d concurrent: p50 %.2f ms, "
                    + "p99 %.2f ms (overhead = time to her first token at the client minus the fake's time to its first "
                    + "byte)%n", runs, median(p50One), median(p99One), personas.size(), median(p50Many), median(p99Many));
        } finally {
            clients.shutdownNow();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** The fake Anthropic: the model check, and a streamed answer of the length the message asks for. */
    private static void fake(Vertx vertx, HttpServerRequest request, Map<String, Served> served) {
        HttpServerResponse response = request.response();
        if (request.path().endsWith("/v1/models/" + MODEL)) {
            response.putHeader("Content-Type", "application/json")
                    .end("{\"id\":\"" + MODEL + "\",\"type\":\"model\",\"display_name\":\"Claude\"}");
            return;
        }
        if (!request.path().endsWith("/v1/messages")) {
            response.setStatusCode(404).end();
            return;
        }
        request.body().onSuccess(body -> {
            long received = System.nanoTime();
            String tag = null;
            int chunks = SHORT;
            try {
                JsonNode messages = JSON.readTree(body.getBytes()).path("messages");
                Matcher m = TAG.matcher(messages.path(messages.size() - 1).path("content").asText());
                if (m.find()) {
                    tag = m.group(1);
                    chunks = Integer.parseInt(m.group(2));
                }
            } catch (IOException e) {
                response.setStatusCode(400).end();
                return;
            }
            response.setChunked(true).putHeader("Content-Type", "text/event-stream");
            response.write("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}\n\n" + delta());
            if (tag != null) {
                served.put(tag, new Served(received, System.nanoTime()));
            }
            AtomicInteger left = new AtomicInteger(chunks - 1);
            if (left.get() == 0) {
                response.end(stop());
                return;
            }
            vertx.setPeriodic(CHUNK_MS, timer -> {
                if (left.decrementAndGet() <= 0) {
                    vertx.cancelTimer(timer);
                    response.end(delta() + stop());
                } else {
                    response.write(delta());
                }
            });
        });
    }

    private static String delta() {
        return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"text_delta\",\"text\":\"abcde\"}}\n\n";
    }

    private static String stop() {
        return "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    }

    private static List<String> create(ServiceProcess service, int count) throws Exception {
        String body = "{\"name\":\"Bench\",\"thinking_model\":\"" + MODEL + "\",\"thinking_provider\":\"anthropic\","
                + "\"thinking_api_key\":\"" + KEY + "\"}";
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> made = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                made.add(pool.submit(() -> {
                    HttpResponse<String> r = service.postJson("/api/persona/create", body);
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("create answered " + r.statusCode() + " " + r.body());
                    }
                    return JSON.readTree(r.body()).path("persona").path("id").asText();
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : made) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            pool.shutdown();
        }
    }

    private static Turn turn(HttpClient http, ServiceProcess service, String id, int chunks, Map<String, Served> served)
            throws Exception {
        return turn(http, service, id, chunks, served, null);
    }

    /** One conversation: her first token's time at the client minus the fake's own time to its first byte. */
    private static Turn turn(HttpClient http, ServiceProcess service, String id, int chunks, Map<String, Served> served,
            CountDownLatch first) throws Exception {
        String tag = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.base() + "/api/persona/" + id + "/chat"))
                .timeout(Duration.ofSeconds(300)).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"bench " + tag + " " + chunks + "\"}",
                        StandardCharsets.UTF_8)).build();
        long sent = System.nanoTime();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        long firstToken = -1;
        String said = null;
        String event = null;
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                    if ("token".equals(event) && firstToken < 0) {
                        firstToken = System.nanoTime();
                        if (first != null) {
                            first.countDown();
                        }
                    }
                } else if (line.startsWith("data:") && "said".equals(event)) {
                    said = JSON.readTree(line.substring(5)).path("content").asText();
                } else if (line.startsWith("data:") && "error".equals(event)) {
                    throw new IllegalStateException("her chat failed: " + line);
                }
            }
        }
        Served fake = served.get(tag);
        if (firstToken < 0 || fake == null) {
            throw new IllegalStateException("no token or the fake was not asked (status " + response.statusCode() + ")");
        }
        long fakeFirstByte = fake.firstByte() - fake.received();
        return new Turn(firstToken - sent - fakeFirstByte, fakeFirstByte, said, System.nanoTime());
    }

    /**
     * One streamed HTTP hop without the service: this client asks the fake itself, as her Mind's client does;
     * the time to the first byte of its answer minus the fake's own time to it.
     */
    private static long hop(HttpClient http, int port, Map<String, Served> served) throws Exception {
        String tag = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"bench "
                        + tag + " " + SHORT + "\"}]}", StandardCharsets.UTF_8)).build();
        long sent = System.nanoTime();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        long firstByte = -1;
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (firstByte < 0 && line.startsWith("event:")) {
                    firstByte = System.nanoTime();
                }
            }
        }
        Served fake = served.get(tag);
        if (firstByte < 0 || fake == null) {
            throw new IllegalStateException("the fake did not answer the floor's request (status "
                    + response.statusCode() + ")");
        }
        return firstByte - sent - (fake.firstByte() - fake.received());
    }

    /**
     * The round trip of {@code POST /hear}: answered once her message is kept on disk. Then waits for her
     * reply to be kept, so the next conversation finds her inbox empty.
     */
    private static long hear(HttpClient http, ServiceProcess service, String id) throws Exception {
        int before = lines(http, service, id);
        long sent = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(service.base() + "/api/persona/" + id + "/hear"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"message\":\"bench " + UUID.randomUUID() + " 1\"}")).build(), HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - sent;
        if (r.statusCode() != 200) {
            throw new IllegalStateException("hear answered " + r.statusCode());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(http, service, id) < before + 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("her reply was not kept within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        return took;
    }

    private static int lines(HttpClient http, ServiceProcess service, String id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(service.base() + "/api/persona/" + id
                + "/conversation?limit=1000")).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("messages").size();
    }

    /** p50 and p99 of the overheads, in ms (nearest rank). */
    static double[] percentiles(List<Turn> turns) {
        long[] sorted = turns.stream().mapToLong(Turn::overheadNanos).sorted().toArray();
        return new double[] {rank(sorted, 0.50) / 1e6, rank(sorted, 0.99) / 1e6};
    }

    private static long rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double fakeMedian(List<Turn> turns) {
        long[] sorted = turns.stream().mapToLong(Turn::fakeFirstByteNanos).sorted().toArray();
        return rank(sorted, 0.5) / 1e6;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Live threads ({@code jcmd Thread.print}) and heap used after a full GC in KB ({@code GC.run}, {@code GC.heap_info}). */
    static long[] threadsAndHeap(ServiceProcess service) throws Exception {
        String pid = Long.toString(service.process().pid());
        jcmd(pid, "GC.run");
        long used = 0;
        for (String line : jcmd(pid, "GC.heap_info").split("\n")) {
            Matcher m = USED.matcher(line);
            if (line.contains("total") && m.find()) {
                used += Long.parseLong(m.group(1));
            }
        }
        long threads = jcmd(pid, "Thread.print").lines().filter(l -> l.startsWith("\"")).count();
        return new long[] {threads, used};
    }

    private static String jcmd(String pid, String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid, command)
                .redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("jcmd " + command + " failed: " + out.getNow(""));
        }
        return out.get();
    }
}
