package ai.eternego.it;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import ai.eternego.config.EternegoConfig;
import ai.eternego.diary.Bip39;
import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.DiaryReader;
import ai.eternego.diary.HostileDiaries;
import ai.eternego.diary.HostileDiaries.Entry;
import ai.eternego.diary.KeyVault;
import ai.eternego.record.PersonaRecord;
import ai.eternego.store.ConversationLog;
import ai.eternego.store.HomeLayout;
import ai.eternego.store.PersonaLocks;
import ai.eternego.store.RecordStore;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.Multipart;

/**
 * Kills the packaged service with SIGKILL at random moments while clients create, migrate and let
 * personas sleep (diary writes), restarts it, and checks after every restart, with the production
 * classes reading the files:
 * <ul>
 * <li>no staging leftovers ({@code staging/} and {@code tmp/uploads/} empty once it answers);</li>
 * <li>every persona directory on disk is listed, and every listed persona is whole: her record parses
 * and carries her id, her sealed key opens under the machine key, her newest diary verifies with that
 * key (and with the key derived from her phrase, where the phrase came back in a 200);</li>
 * <li>every persona whose create or migrate answered 200 is there;</li>
 * <li>every message whose {@code hear} answered 200 is in her {@code conversation.jsonl} (killed during her
 * turns: her Mind answers slowly, word by word), and she answers a chat again.</li>
 * </ul>
 * {@code bench/crash-test.sh} runs it from the command line; {@link CrashIT} runs a short form in CI.
 */
public final class CrashDriver {

    static final String KEY = "sk-ant-crash-key";
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path work;
    private final Path home;
    private final Random random;
    private final PrintStream out;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> verifiedPhrases = new HashSet<>();
    private final Map<String, Set<String>> heard = new ConcurrentHashMap<>();
    private final AtomicInteger said = new AtomicInteger();

    public record Result(int kills, int survived, int personas, int acknowledged, int messages, int answers,
            List<String> problems) {
    }

    public CrashDriver(Path work, long seed, PrintStream out) {
        this.work = work;
        this.home = work.resolve("home");
        this.random = new Random(seed);
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("eternego-crash");
        Result result = new CrashDriver(work, seed, System.out).run(kills);
        System.out.println("crash test: seed " + seed + ", " + result.kills() + " SIGKILLs, " + result.survived()
                + " survived with nothing lost; " + result.personas() + " personas on disk, " + result.acknowledged()
                + " acknowledged by a 200; " + result.messages() + " messages heard with a 200, " + result.answers()
                + " chats answered after a restart");
        if (!result.problems().isEmpty()) {
            result.problems().forEach(p -> System.out.println("PROBLEM: " + p));
            System.exit(1);
        }
    }

    public Result run(int kills) throws Exception {
        WireMockServer wm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(32));
        wm.start();
        Fakes.anthropicModelAt(wm, FakeWorld.ANTHROPIC, "claude-sonnet-4-6", KEY);
        Fakes.anthropicChat(wm, KEY, Duration.ofMillis(600), "Still ", "here, ", "after ", "all.");
        Map<String, String> properties = Map.of("eternego.home", home.toString(),
                "eternego.providers.anthropic.url", Fakes.url(wm, FakeWorld.ANTHROPIC),
                "eternego.providers.ollama.url", Fakes.closedPortUrl());
        Path log = work.resolve("service.log");
        List<String> problems = new ArrayList<>();
        int survived = 0;
        try {
            for (int cycle = 1; cycle <= kills; cycle++) {
                List<byte[][]> diaries = migrateDiaries(2);
                ServiceProcess service = ServiceProcess.start(properties, log, Duration.ofSeconds(120));
                List<String> found = check(service);
                if (cycle > 1) {
                    if (found.isEmpty()) {
                        survived++;
                    }
                    problems.addAll(found);
                } else {
                    problems.addAll(found);
                }
                long delay = 1000 + random.nextInt(5000);
                int[] counts = load(service, diaries, delay);
                out.printf("cycle %d: killed after %d ms (%d creates, %d migrates, %d sleeps, %d hears answered 200)%n",
                        cycle, delay, counts[0], counts[1], counts[2], counts[3]);
            }
            ServiceProcess last = ServiceProcess.start(properties, log, Duration.ofSeconds(120));
            List<String> found = check(last);
            if (found.isEmpty() && kills > 0) {
                survived++;
            }
            problems.addAll(found);
            last.close();
        } finally {
            wm.stop();
        }
        int messages = heard.values().stream().mapToInt(Set::size).sum();
        return new Result(kills, survived, personasOnDisk().size(), acknowledged.size(), messages, said.get(), problems);
    }

    /** Diaries for migrate, made here: {id, phrase, diary bytes}. */
    private List<byte[][]> migrateDiaries(int n) {
        List<byte[][]> diaries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            String phrase = Bip39.generate();
            byte[] media = new byte[50_000 + random.nextInt(200_000)];
            random.nextBytes(media);
            byte[] diary = HostileDiaries.fernet(HostileDiaries.zip(
                    Entry.file("config.json", "{\"id\":\"" + id + "\",\"name\":\"Wanderer\"}"),
                    Entry.file("media/photo.jpg", media)), DiaryKey.derive(phrase, id), HostileDiaries.NOW);
            diaries.add(new byte[][] { id.getBytes(), phrase.getBytes(), diary });
        }
        return diaries;
    }

    /** Clients at work until the service is killed {@code delay} ms in; returns the 200s per kind. */
    private int[] load(ServiceProcess service, List<byte[][]> diaries, long delay) throws Exception {
        AtomicBoolean dead = new AtomicBoolean();
        AtomicInteger creates = new AtomicInteger();
        AtomicInteger migrates = new AtomicInteger();
        AtomicInteger sleeps = new AtomicInteger();
        AtomicInteger hears = new AtomicInteger();
        AtomicInteger nextDiary = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        for (int c = 0; c < 6; c++) {
            int client = c;
            clients.submit(() -> {
                Random mine = new Random(random.nextLong() + client);
                while (!dead.get()) {
                    try {
                        int op = mine.nextInt(10);
                        if (op < 3) {
                            HttpResponse<String> r = service.postJson("/api/persona/create",
                                    "{\"name\":\"Crash " + client + "\",\"thinking_model\":\"claude-sonnet-4-6\","
                                            + "\"thinking_provider\":\"anthropic\",\"thinking_api_key\":\"" + KEY + "\"}");
                            if (r.statusCode() == 200) {
                                JsonNode body = JSON.readTree(r.body());
                                acknowledged.put(body.path("persona").path("id").asText(),
                                        body.path("recovery_phrase").asText());
                                creates.incrementAndGet();
                            } else if (!dead.get()) {
                                throw new IllegalStateException("create answered " + r.statusCode() + " " + r.body());
                            }
                        } else if (op < 5) {
                            int at = nextDiary.getAndIncrement();
                            if (at >= diaries.size()) {
                                continue;
                            }
                            byte[][] d = diaries.get(at);
                            String id = new String(d[0]);
                            Multipart form = new Multipart().file("diary", id + ".diary", d[2])
                                    .field("phrase", new String(d[1])).field("model", "claude-sonnet-4-6")
                                    .field("provider", "anthropic").field("api_key", KEY);
                            HttpResponse<String> r = service.postMultipart("/api/persona/migrate", form.contentType(),
                                    form.bytes());
                            if (r.statusCode() == 200) {
                                acknowledged.put(id, new String(d[1]));
                                migrates.incrementAndGet();
                            }
                        } else if (op < 7) {
                            String id = anyAcknowledged(mine);
                            if (id == null) {
                                continue;
                            }
                            String message = "turn " + UUID.randomUUID();
                            HttpResponse<String> r = service.postJson("/api/persona/" + id + "/hear",
                                    "{\"message\":\"" + message + "\"}");
                            if (r.statusCode() == 200) {
                                heard.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(message);
                                hears.incrementAndGet();
                            } else if (r.statusCode() != 409 && !dead.get()) {
                                // 409: she is not running yet, while the service starts its personas
                                throw new IllegalStateException("hear answered " + r.statusCode() + " " + r.body());
                            }
                        } else {
                            String id = anyAcknowledged(mine);
                            if (id == null) {
                                continue;
                            }
                            HttpResponse<String> r = service.postJson("/api/persona/" + id + "/sleep", "");
                            if (r.statusCode() == 200) {
                                sleeps.incrementAndGet();
                            } else if (!dead.get()) {
                                throw new IllegalStateException("sleep answered " + r.statusCode() + " " + r.body());
                            }
                        }
                    } catch (IOException | InterruptedException killed) {
                        // the service died under this request: its outcome is unknown
                    } catch (Exception e) {
                        if (!dead.get()) {
                            out.println("client " + client + ": " + e);
                        }
                    }
                }
                return null;
            });
        }
        service.process().waitFor(delay, TimeUnit.MILLISECONDS);
        service.kill();
        dead.set(true);
        clients.shutdown();
        clients.awaitTermination(2, TimeUnit.MINUTES);
        return new int[] { creates.get(), migrates.get(), sleeps.get(), hears.get() };
    }

    private String anyAcknowledged(Random mine) {
        List<String> ids = new ArrayList<>(acknowledged.keySet());
        return ids.isEmpty() ? null : ids.get(mine.nextInt(ids.size()));
    }

    private Set<String> personasOnDisk() throws IOException {
        Set<String> ids = new TreeSet<>();
        Path personas = home.resolve("personas");
        if (Files.isDirectory(personas)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(personas)) {
                dirs.forEach(d -> ids.add(d.getFileName().toString()));
            }
        }
        return ids;
    }

    /** The invariants, after a restart; returns what broke. */
    private List<String> check(ServiceProcess service) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Path area : List.of(home.resolve("staging"), home.resolve("tmp/uploads"))) {
            if (Files.isDirectory(area)) {
                try (var entries = Files.list(area)) {
                    entries.forEach(e -> problems.add("leftover after start: " + home.relativize(e)));
                }
            }
        }
        HttpResponse<String> listing = service.get("/api/personas");
        Set<String> listed = new TreeSet<>();
        JSON.readTree(listing.body()).path("personas").forEach(p -> listed.add(p.path("id").asText()));
        Set<String> onDisk = personasOnDisk();
        if (!onDisk.equals(listed)) {
            problems.add("on disk " + onDisk + " but listed " + listed);
        }
        EternegoConfig config = config(home);
        KeyVault vault = new KeyVault(config);
        HomeLayout layout = new HomeLayout(config);
        RecordStore store = new RecordStore(layout, new PersonaLocks(), new ObjectMapper());
        for (String id : listed) {
            try {
                Optional<PersonaRecord> record = store.read(id);
                if (record.isEmpty() || !id.equals(record.get().id())) {
                    problems.add(id + ": her record is missing or names another id");
                    continue;
                }
                DiaryKey key = vault.open(id, Files.readAllBytes(layout.keyFile(id)));
                if (!DiaryReader.verify(layout.diaryFile(id), key)) {
                    problems.add(id + ": her newest diary does not open with her sealed key");
                }
                String phrase = acknowledged.get(id);
                if (phrase != null && verifiedPhrases.add(id)
                        && !DiaryReader.verify(layout.diaryFile(id), DiaryKey.derive(phrase, id))) {
                    problems.add(id + ": her newest diary does not open with her phrase");
                }
            } catch (Exception e) {
                problems.add(id + ": " + e);
            }
        }
        for (String id : acknowledged.keySet()) {
            if (!listed.contains(id)) {
                problems.add(id + " answered 200 but is missing");
            }
        }
        ConversationLog conversations = new ConversationLog(layout, new PersonaLocks(), new ObjectMapper());
        heard.forEach((id, messages) -> {
            Set<String> kept = new HashSet<>();
            conversations.read(id).forEach(line -> kept.add(line.content()));
            Set<String> lost = new TreeSet<>(messages);
            lost.removeAll(kept);
            // a sleep moves the day's conversation into history/conversation-<date>.md: kept there too
            String history = historyText(layout, id);
            lost.removeIf(history::contains);
            if (!lost.isEmpty()) {
                problems.add(id + ": heard with a 200 but not in her conversation: " + lost);
            }
        });
        if (!heard.isEmpty()) {
            problems.addAll(answersAgain(service, heard.keySet().iterator().next()));
        }
        return problems;
    }

    /** Every line of her kept conversation days, as one text. */
    private static String historyText(HomeLayout layout, String id) {
        Path history = layout.homeDir(id).resolve("history");
        if (!Files.isDirectory(history)) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        try (java.util.stream.Stream<Path> files = Files.list(history)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("conversation-") && name.endsWith(".md")) {
                    text.append(Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return text.toString();
    }

    /** She answers a chat after the restart, once the service has started her (409 until then). */
    private List<String> answersAgain(ServiceProcess service, String id) {
        String[] last = { "no answer" };
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpResponse<String> r = service.postJson("/api/persona/" + id + "/chat", "{\"message\":\"are you back?\"}");
                last[0] = r.statusCode() + " " + r.body();
                return r.statusCode() == 200;
            });
        } catch (ConditionTimeoutException e) {
            return List.of(id + ": no chat answered after the restart: " + last[0]);
        }
        String reply = last[0].substring(4);
        try {
            if (!"Still here, after all.".equals(JSON.readTree(reply).path("reply").asText())) {
                return List.of(id + ": after the restart she answered " + reply);
            }
        } catch (IOException e) {
            return List.of(id + ": after the restart her answer was not JSON: " + reply);
        }
        said.incrementAndGet();
        return List.of();
    }

    static EternegoConfig config(Path home) {
        EternegoConfig.Keys keys = (EternegoConfig.Keys) Proxy.newProxyInstance(CrashDriver.class.getClassLoader(),
                new Class<?>[] { EternegoConfig.Keys.class }, (p, m, a) -> Optional.empty());
        return (EternegoConfig) Proxy.newProxyInstance(CrashDriver.class.getClassLoader(),
                new Class<?>[] { EternegoConfig.class }, (p, m, a) -> switch (m.getName()) {
                    case "home" -> home;
                    case "keys" -> keys;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
