package ai.eternego.it;

import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) in its own JVM, as a user runs it:
 * started with system properties, awaited until it answers, stopped gracefully or killed with
 * SIGKILL ({@link Process#destroyForcibly()} on Linux).
 */
public final class ServiceProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    /** The heap and the collector of the README's run command. */
    public static final List<String> README_MEMORY = List.of("-Xmx256m", "-XX:+UseSerialGC");
    private static final List<String> TEST_OPTIONS = List.of("-Xmx512m");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the jar on a free port with {@code properties} (and {@code eternego.*} as given); does not wait. */
    public static ServiceProcess launch(Map<String, String> properties, Path log) throws IOException {
        return launch(properties, log, TEST_OPTIONS);
    }

    /**
     * The JVM options of the README's run command: her class-data-sharing archive (when {@code package} wrote
     * it), then {@link #README_MEMORY}.
     */
    public static List<String> readmeOptions() {
        Path archive = JAR.toAbsolutePath().resolveSibling("app-cds.jsa");
        List<String> options = new ArrayList<>();
        if (Files.isRegularFile(archive)) {
            options.add("-XX:SharedArchiveFile=" + archive);
        }
        options.addAll(README_MEMORY);
        return options;
    }

    /** As {@link #launch(Map, Path)}, the JVM run with {@code jvmOptions}. */
    public static ServiceProcess launch(Map<String, String> properties, Path log, List<String> jvmOptions)
            throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run ./mvnw package first");
        }
        int port = properties.containsKey("quarkus.http.port") ? Integer.parseInt(properties.get("quarkus.http.port"))
                : freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ServiceProcess(process, port, log);
    }

    /** Starts and waits until {@code GET /api/personas} answers 200 (at most {@code bound}). */
    public static ServiceProcess start(Map<String, String> properties, Path log, Duration bound) throws Exception {
        return start(properties, log, bound, TEST_OPTIONS);
    }

    /** As {@link #start(Map, Path, Duration)}, the JVM run with {@code jvmOptions}. */
    public static ServiceProcess start(Map<String, String> properties, Path log, Duration bound, List<String> jvmOptions)
            throws Exception {
        ServiceProcess service = launch(properties, log, jvmOptions);
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.process.isAlive()) {
                throw new IllegalStateException("the service exited with " + service.process.exitValue() + ":\n"
                        + service.tail());
            }
            try {
                if (service.get("/api/personas").statusCode() == 200) {
                    return service;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            service.process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        service.kill();
        throw new IllegalStateException("the service did not answer within " + bound + ":\n" + service.tail());
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postMultipart(String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
