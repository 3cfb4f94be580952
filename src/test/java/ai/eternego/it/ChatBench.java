package ai.eternego.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
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
 * Time to her first token through {@code POST /api/persona/{id}/chat} (SSE), measured by the client, minus the
 * fake Mind's own time to its first byte: the service's overhead on the way in and out. The packaged service
 * talks to a fake Anthropic on loopback (Vert.x, in this JVM) that streams 5-character chunks every 20 ms; it runs
 * with the JVM options of the README's run command ({@link ServiceProcess#readmeOptions()}).
 * Measured at 1 conversation (sequential), and at {@code CONCURRENT} conversations (one persona each: a persona
 * has one inbox) in two ways: all asked at the same instant (a burst), and talking steadily (each conversation
 * asks again as soon as her answer ends, their starts spread over the length of one answer). p50 and p99 per
 * run, then the medians of the runs. Beside each, the floor: this client asking the fake straight in the same
 * way (one streamed HTTP hop, no service; her path has two), which shows what the machine itself costs when
 * client, fake and service share its cores. Between the two, a bare {@link Relay}: two hops as hers, with no
 * work of its own, the least any service in her place costs here. Each run splits her overhead into the way in
 * (the client's send to the fake's receipt) and the way out (the fake's first byte to her first word). And the
 * service's live threads and heap after a full GC while {@code CONCURRENT} answers stream, against the idle
 * service in the same run (idle once its live threads are steady, see {@link #awaitIdle}; {@code jcmd}, in a
 * burst of its own, once every run's latencies are measured: the full GC it forces shrinks her heap to what is
 * live, and a heap so small collects far more often than any service in use, or the relay, which is never so
 * measured). Heartbeats every 10 minutes: 200 personas born together would beat together, and that is not what
 * is measured. Driven by {@code bench/chat-bench}.
 *
 * <pre>ChatBench [RUNS=3] [CONCURRENT=200] [SEQUENTIAL=20]</pre>
 */
public final class ChatBench {

    static final String KEY = "sk-ant-bench-chat";
    static final String MODEL = "claude-sonnet-4-6";
    static final int CHUNK_MS = 20;
    static final int SHORT = 10;
    static final int LONG = 250;
    /** Warm-up rounds through her: at least this many, and more while her JIT still compiles much. */
    static final int WARM_ROUNDS = 2;
    static final int MAX_WARM_ROUNDS = 8;
    /** Methods compiled in one warm-up round below which her JIT is taken as done with what is measured. */
    static final long QUIET_COMPILES = 100;
    /** The answers each conversation asks for in a row when they talk steadily. */
    static final int ROUNDS = 3;
    static final Pattern TAG = Pattern.compile("bench ([0-9a-f-]{36}) (\\d+)");
    static final Pattern USED = Pattern.compile("used (\\d+)K");
    static final ObjectMapper JSON = new ObjectMapper();

    private ChatBench() {
    }

    /** When the fake received a turn's request and when it wrote its first byte, by the tag in the message. */
    record Served(long received, long firstByte) {
    }

    /**
     * One conversation's turn as the client saw it: started and ended are {@link System#nanoTime()}. Of its
     * overhead, {@code inNanos} is the way in: from the client's send to the fake's receipt of the request
     * (the rest is the way out: from the fake's first byte to the client's first word). Client and fake
     * share this JVM's clock.
     */
    record Turn(long overheadNanos, long fakeFirstByteNanos, String said, long started, long ended, long inNanos) {
    }

    /**
     * One conversation: asks for an answer of {@code chunks} pieces and counts {@code first} down at its
     * first word. Her chat through the service, or (the floor) the fake asked straight.
     */
    interface Ask {
        Turn ask(int chunks, CountDownLatch first) throws Exception;
    }

    /**
     * The turns of a burst, when the service was measured while they streamed, and the CPU time the
     * service used from the burst's start to its end.
     */
    record Burst(List<Turn> turns, long measured, long[] busy, Duration cpu) {
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
        int port = mind.actualPort();
        Path work = Files.createTempDirectory("eternego-chat-bench");
        ExecutorService clients = Executors.newFixedThreadPool(concurrent + 4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Process relay = relay(port, work.resolve("relay.log"));
        int relayPort = Integer.parseInt(new BufferedReader(new InputStreamReader(relay.getInputStream(),
                StandardCharsets.UTF_8)).readLine().strip());
        try (ServiceProcess service = ServiceProcess.start(Map.of("eternego.home", work.resolve("home").toString(),
                "eternego.providers.anthropic.url", "http://127.0.0.1:" + port,
                // her heartbeats are not what is measured: 200 personas born together would beat together
                "eternego.agent.heartbeat", "10m"),
                work.resolve("service.log"), Duration.ofSeconds(120), ServiceProcess.readmeOptions())) {
            System.out.printf("fake Mind: Anthropic SSE on loopback, 5-character chunks every %d ms; service pid %d; "
                    + "bare relay pid %d%n", CHUNK_MS, service.process().pid(), relay.pid());
            List<String> personas = create(service, concurrent);
            System.out.printf("%d personas created and running%n", personas.size());
            List<Ask> hers = personas.stream().<Ask>map(id -> (chunks, first) -> turn(http, service, id, chunks, served,
                    first)).toList();
            List<Ask> floor = personas.stream().<Ask>map(id -> (chunks, first) -> hop(http, port, chunks, served, first))
                    .toList();
            List<Ask> relayed = personas.stream().<Ask>map(id -> (chunks, first) -> hop(http, relayPort, chunks, served,
                    first)).toList();
            // warm-up, not measured: the JIT, through every path measured below as a run does it (a long answer
            // streams a path a short one barely warms; on 2 busy cores the compiler needs a run's worth of it)
            for (int i = 0; i < 20; i++) {
                hers.get(i % hers.size()).ask(SHORT, null);
                floor.get(0).ask(SHORT, null);
            }
            // through her as a run goes, until her JIT is done with it: a round that still compiles many methods
            // would measure the compiler beside her (a run used to open with the first /hear she ever heard, and
            // the burst after it was measured while her JIT compiled that path)
            for (int round = 1; ; round++) {
                long before = compiled(service);
                for (int i = 0; i < sequential; i++) {
                    hers.get(i % hers.size()).ask(SHORT, null);
                    hear(http, service, personas.get(i % personas.size()));
                }
                burst(hers, clients, () -> null, service.process().toHandle());
                steady(hers, clients);
                long during = compiled(service) - before;
                System.out.printf("warm-up %d: through her as a run goes (turns in a row, /hear, a burst, steady talk); "
                        + "her JIT compiled %d methods meanwhile%n", round, during);
                if (round >= WARM_ROUNDS && during < QUIET_COMPILES || round == MAX_WARM_ROUNDS) {
                    break;
                }
            }
            burst(floor, clients, () -> null, service.process().toHandle());
            burst(relayed, clients, () -> null, relay.toHandle());
            steady(relayed, clients);
            String whole = "abcde".repeat(LONG);
            Map<String, List<Double>> medians = new LinkedHashMap<>();
            for (int run = 1; run <= runs; run++) {
                List<Turn> one = new ArrayList<>();
                List<Long> kept = new ArrayList<>();
                List<Turn> hops = new ArrayList<>();
                List<Turn> relays = new ArrayList<>();
                for (int i = 0; i < sequential; i++) {
                    one.add(hers.get(i % hers.size()).ask(SHORT, null));
                    kept.add(hear(http, service, personas.get(i % personas.size())));
                    relays.add(relayed.get(0).ask(SHORT, null));
                    hops.add(floor.get(0).ask(SHORT, null));
                }
                Burst burst = burst(hers, clients, () -> null, service.process().toHandle());
                Burst burstRelay = burst(relayed, clients, () -> null, relay.toHandle());
                Burst burstFloor = burst(floor, clients, () -> null, service.process().toHandle());
                List<Turn> steady = steady(hers, clients);
                List<Turn> steadyRelay = steady(relayed, clients);
                List<Turn> steadyFloor = steady(floor, clients);
                long wrong = Stream.of(burst.turns(), burstRelay.turns(), burstFloor.turns(), steady, steadyRelay,
                        steadyFloor).flatMap(List::stream).filter(t -> !whole.equals(t.said())).count();
                System.out.printf("run %d: 1 conversation (%d in turn): overhead %s (fake first byte p50 %.2f ms); "
                        + "bare relay: %s; floor, this client straight to the fake: %s%n", run, one.size(),
                        keep(medians, "1 conversation", one), fakeMedian(one), keep(medians, "1 conversation relay", relays),
                        keep(medians, "1 conversation floor", hops));
                System.out.printf("run %d: POST /hear (her message kept on disk, fsync) p50 %.2f ms%n", run,
                        rank(kept.stream().mapToLong(Long::longValue).sorted().toArray(), 0.5) / 1e6);
                System.out.printf("run %d: %d conversations asked at the same instant: overhead %s (fake first byte "
                        + "p50 %.2f ms); bare relay: %s; floor, %d asked of the fake straight at the same instant: %s%n",
                        run, burst.turns().size(), keep(medians, "burst", burst.turns()), fakeMedian(burst.turns()),
                        keep(medians, "burst relay", burstRelay.turns()), burstFloor.turns().size(),
                        keep(medians, "burst floor", burstFloor.turns()));
                System.out.printf("run %d: %d conversations talking steadily (%d turns measured, each begun while all "
                        + "%d talk): overhead %s (fake first byte p50 %.2f ms); bare relay: %s; floor, the same of the "
                        + "fake straight: %s%n", run, personas.size(), steady.size(), personas.size(),
                        keep(medians, "steady", steady), fakeMedian(steady), keep(medians, "steady relay", steadyRelay),
                        keep(medians, "steady floor", steadyFloor));
                System.out.printf("run %d: of her overhead, the way in (her client's send to the fake's receipt) and the "
                        + "way out (the fake's first byte to her first word): at 1 conversation %s; in the burst %s; "
                        + "talking steadily %s; the relay's talking steadily %s%n", run, ways(one), ways(burst.turns()),
                        ways(steady), ways(steadyRelay));
                System.out.printf("run %d: long answers not whole (hers, the relay's and the floor's): %d%n", run, wrong);
                double micros = perPiece(burst);
                double relayMicros = perPiece(burstRelay);
                medians.computeIfAbsent("cpu", k -> new ArrayList<>()).add(micros);
                medians.computeIfAbsent("relay cpu", k -> new ArrayList<>()).add(relayMicros);
                System.out.printf("run %d: CPU time through the burst: the service %.2f s, %.1f µs for each of the "
                        + "%d pieces it streamed (through the floor's burst, which does not touch it: %.2f s); the bare "
                        + "relay through its own burst %.2f s, %.1f µs a piece%n", run, burst.cpu().toNanos() / 1e9,
                        micros, burst.turns().size() * LONG, burstFloor.cpu().toNanos() / 1e9,
                        burstRelay.cpu().toNanos() / 1e9, relayMicros);
            }
            // threads and heap once every latency is measured: the full GC jcmd forces leaves her a heap shrunk
            // to what is live, which no service in use has (and the relay, never measured so, would not have)
            for (int run = 1; run <= runs; run++) {
                awaitIdle(service);
                long[] idle = threadsAndHeap(service);
                Burst held = burst(hers, clients, () -> threadsAndHeap(service), service.process().toHandle());
                long streaming = held.turns().stream().filter(t -> t.ended() > held.measured()).count();
                long wrong = held.turns().stream().filter(t -> !whole.equals(t.said())).count();
                System.out.printf("heap %d: idle: %d live threads, heap after GC %.1f MB; with %d streaming "
                        + "(%d of them still streaming when measured; answers not whole: %d): %d live threads, heap "
                        + "after GC %.1f MB%n", run, idle[0], idle[1] / 1024.0, held.turns().size(), streaming, wrong,
                        held.busy()[0], held.busy()[1] / 1024.0);
            }
            System.out.printf("medians of %d runs (overhead = time to her first token at the client minus the fake's "
                    + "time to its first byte; floor = the same client asking the fake straight):%n", runs);
            List<Double> cpu = medians.remove("cpu");
            List<Double> relayCpu = medians.remove("relay cpu");
            List<String> names = new ArrayList<>(medians.keySet());
            for (int i = 0; i < names.size(); i += 6) {
                System.out.printf("  %-16s p50 %8.2f ms, p99 %8.2f ms    bare relay p50 %8.2f ms, p99 %8.2f ms    "
                        + "floor p50 %8.2f ms, p99 %8.2f ms%n", names.get(i).replace(" p50", ""),
                        median(medians.get(names.get(i))), median(medians.get(names.get(i + 1))),
                        median(medians.get(names.get(i + 2))), median(medians.get(names.get(i + 3))),
                        median(medians.get(names.get(i + 4))), median(medians.get(names.get(i + 5))));
            }
            System.out.printf("  CPU for each streamed piece through the burst: the service %.1f µs, the bare relay "
                    + "%.1f µs%n", median(cpu), median(relayCpu));
        } finally {
            relay.destroyForcibly();
            clients.shutdownNow();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        // her home of CONCURRENT personas and the two logs go once every figure is printed; a failed run keeps them
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Keeps this run's p50 and p99 of {@code turns} under {@code name}, for the medians; returns them as text. */
    private static String keep(Map<String, List<Double>> medians, String name, List<Turn> turns) {
        double[] p = percentiles(turns);
        medians.computeIfAbsent(name + " p50", k -> new ArrayList<>()).add(p[0]);
        medians.computeIfAbsent(name + " p99", k -> new ArrayList<>()).add(p[1]);
        return String.format("p50 %.2f ms, p99 %.2f ms", p[0], p[1]);
    }

    /**
     * Every conversation asked at the same instant for a long answer; once each has its first word,
     * {@code whileStreaming} measures the service.
     */
    private static Burst burst(List<Ask> asks, ExecutorService clients, Callable<long[]> whileStreaming,
            ProcessHandle service) throws Exception {
        CountDownLatch allFirst = new CountDownLatch(asks.size());
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<Turn>> wave = new ArrayList<>();
        for (Ask ask : asks) {
            wave.add(clients.submit(() -> {
                gate.await();
                return ask.ask(LONG, allFirst);
            }));
        }
        Duration before = cpu(service);
        gate.countDown();
        if (!allFirst.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every conversation had its first token within 120 s");
        }
        long[] busy = whileStreaming.call();
        long measured = System.nanoTime();
        List<Turn> turns = new ArrayList<>();
        for (Future<Turn> f : wave) {
            turns.add(f.get(300, TimeUnit.SECONDS));
        }
        return new Burst(turns, measured, busy, cpu(service).minus(before));
    }

    /**
     * The bare {@link Relay} in its own JVM, with the service's heap and collector, in front of the fake on
     * {@code mindPort}.
     */
    private static Process relay(int mindPort, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ServiceProcess.README_MEMORY);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Relay.class.getName(),
                Integer.toString(mindPort)));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** The CPU time a burst used in the process measured, for each piece it streamed, in µs. */
    private static double perPiece(Burst burst) {
        return burst.cpu().toNanos() / 1e3 / ((double) burst.turns().size() * LONG);
    }

    /** The CPU time {@code process} has used so far. */
    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("the service's CPU time cannot be read here"));
    }

    /**
     * Every conversation talks steadily: it asks again as soon as its answer ends, {@link #ROUNDS} times,
     * and the conversations begin one after the other, spread over the length of one answer. The turns
     * begun once all of them are under way are returned: each begins while all the others stream.
     */
    private static List<Turn> steady(List<Ask> asks, ExecutorService clients) throws Exception {
        long answer = TimeUnit.MILLISECONDS.toNanos((long) LONG * CHUNK_MS);
        long begin = System.nanoTime();
        List<Future<List<Turn>>> talks = new ArrayList<>();
        for (int i = 0; i < asks.size(); i++) {
            Ask ask = asks.get(i);
            long at = begin + answer * i / asks.size();
            talks.add(clients.submit(() -> {
                for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                List<Turn> turns = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    turns.add(ask.ask(LONG, null));
                }
                return turns;
            }));
        }
        List<Turn> measured = new ArrayList<>();
        for (Future<List<Turn>> talk : talks) {
            for (Turn turn : talk.get(300, TimeUnit.SECONDS)) {
                if (turn.started() >= begin + answer) {
                    measured.add(turn);
                }
            }
        }
        return measured;
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
        return new Turn(firstToken - sent - fakeFirstByte, fakeFirstByte, said, sent, System.nanoTime(),
                fake.received() - sent);
    }

    /**
     * One streamed HTTP hop without the service: this client asks the fake itself, as her Mind's client does,
     * for {@code chunks} pieces; the time to the first byte of its answer minus the fake's own time to it.
     * What it said is read as the fake's pieces, joined.
     */
    private static Turn hop(HttpClient http, int port, int chunks, Map<String, Served> served, CountDownLatch first)
            throws Exception {
        String tag = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .timeout(Duration.ofSeconds(300)).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"bench "
                        + tag + " " + chunks + "\"}]}", StandardCharsets.UTF_8)).build();
        long sent = System.nanoTime();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        long firstByte = -1;
        StringBuilder said = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (firstByte < 0 && line.startsWith("event:")) {
                    firstByte = System.nanoTime();
                    if (first != null) {
                        first.countDown();
                    }
                } else if (line.startsWith("data:") && line.contains("text_delta")) {
                    said.append(JSON.readTree(line.substring(5)).path("delta").path("text").asText());
                }
            }
        }
        Served fake = served.get(tag);
        if (firstByte < 0 || fake == null) {
            throw new IllegalStateException("the fake did not answer the floor's request (status "
                    + response.statusCode() + ")");
        }
        long fakeFirstByte = fake.firstByte() - fake.received();
        return new Turn(firstByte - sent - fakeFirstByte, fakeFirstByte, said.toString(), sent, System.nanoTime(),
                fake.received() - sent);
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

    /** The p50 and p99 of the way in and of the way out of {@code turns}, as text. */
    private static String ways(List<Turn> turns) {
        long[] in = turns.stream().mapToLong(Turn::inNanos).sorted().toArray();
        long[] out = turns.stream().mapToLong(t -> t.overheadNanos() - t.inNanos()).sorted().toArray();
        return String.format("in p50 %.2f / p99 %.2f ms, out p50 %.2f / p99 %.2f ms", rank(in, 0.5) / 1e6,
                rank(in, 0.99) / 1e6, rank(out, 0.5) / 1e6, rank(out, 0.99) / 1e6);
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
        return new long[] {threads(pid), used};
    }

    private static long threads(String pid) throws Exception {
        return jcmd(pid, "Thread.print").lines().filter(l -> l.startsWith("\"")).count();
    }

    /**
     * Waits until the service's live threads have not changed for longer than its worker pool keeps an idle
     * thread (Quarkus: 30 s), at most two minutes: the workers of the burst before are gone, and it is idle.
     */
    static void awaitIdle(ServiceProcess service) throws Exception {
        String pid = Long.toString(service.process().pid());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        long count = threads(pid);
        long since = System.nanoTime();
        while (System.nanoTime() - since < TimeUnit.SECONDS.toNanos(35) && System.nanoTime() - deadline < 0) {
            TimeUnit.SECONDS.sleep(5);
            long now = threads(pid);
            if (now != count) {
                count = now;
                since = System.nanoTime();
            }
        }
    }

    /** The methods the service's JIT has compiled so far ({@code jstat -compiler}). */
    static long compiled(ServiceProcess service) throws Exception {
        String[] lines = tool("jstat", "-compiler", Long.toString(service.process().pid())).strip().split("\n");
        return Long.parseLong(lines[lines.length - 1].strip().split("\\s+")[0]);
    }

    private static String jcmd(String pid, String command) throws Exception {
        return tool("jcmd", pid, command);
    }

    private static String tool(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", name).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out.getNow(""));
        }
        return out.get();
    }
}
