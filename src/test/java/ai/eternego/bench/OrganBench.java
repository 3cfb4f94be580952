package ai.eternego.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import ai.eternego.provider.OrganCalls;
import ai.eternego.provider.OrganWire;
import ai.eternego.provider.Provider;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Peak heap while a 10 MB voice message (OpenAI multipart transcription) and a 20 MB PDF (Gemini inline
 * base64) pass through her organs, against the idle process in the same run, with a loopback server that
 * drains and counts what it is sent. For contrast, the same PDF body built the simple way (the whole file
 * read, base64-encoded into a string, wrapped in JSON). Driven by {@code bench/organ-bench.sh}; prints one
 * JSON line per phase. Never run by the test suite.
 *
 * <pre>
 *   OrganBench WORK_DIR [VOICE_MB=10] [PDF_MB=20]
 * </pre>
 */
public final class OrganBench {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final long[] IDLE_LIVE = new long[1];

    private OrganBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        long voiceMb = args.length > 1 ? Long.parseLong(args[1]) : 10;
        long pdfMb = args.length > 2 ? Long.parseLong(args[2]) : 20;
        Files.createDirectories(work);
        Path voice = fill(work.resolve("voice.ogg"), "OggS", voiceMb << 20);
        Path pdf = fill(work.resolve("paper.pdf"), "%PDF-1.4\n", pdfMb << 20);

        Vertx vertx = Vertx.vertx();
        AtomicLong received = new AtomicLong();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            AtomicLong bytes = new AtomicLong();
            request.handler(chunk -> bytes.addAndGet(chunk.length()));
            request.endHandler(done -> {
                received.set(bytes.get());
                String answer = request.path().endsWith("/audio/transcriptions") ? "{\"text\":\"heard\"}"
                        : "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"read\"}]},\"finishReason\":\"STOP\"}]}";
                request.response().putHeader("Content-Type", "application/json").end(answer);
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        String url = "http://127.0.0.1:" + server.actualPort();
        OrganWire wire = new OrganWire(vertx, Duration.ofSeconds(10), work.resolve("spill"), Duration.ofSeconds(60),
                1 << 20);
        OrganCalls calls = new OrganCalls(wire, 1024);

        System.gc();
        long idle = MEMORY.getHeapMemoryUsage().getUsed();
        IDLE_LIVE[0] = liveAfterGc();
        print("idle", idle, idle, 0, 0, true);

        measure("voice_10mb_openai_multipart", idle, Files.size(voice), received, () -> calls.hear(Provider.OPENAI, url,
                "sk-bench", "whisper-1", voice, "audio/ogg", "voice.ogg").await().atMost(Duration.ofMinutes(2)));
        measure("pdf_20mb_gemini_inline", idle, Files.size(pdf), received, () -> calls.readPdf(Provider.GEMINI, url,
                "bench-key", "gemini-2.5-flash", pdf, "Summarise it.").await().atMost(Duration.ofMinutes(2)));
        measure("pdf_20mb_in_memory_for_contrast", idle, Files.size(pdf), received, () -> {
            String body = "{\"contents\":[{\"parts\":[{\"inline_data\":{\"mime_type\":\"application/pdf\",\"data\":\""
                    + Base64.getEncoder().encodeToString(read(pdf)) + "\"}}]}]}";
            received.set(body.getBytes(StandardCharsets.UTF_8).length);
            return "built";
        });

        wire.close();
        vertx.close();
        // the figures are printed: end now, even when the contrast's OutOfMemoryError left an event loop stuck
        System.exit(0);
    }

    private static void measure(String op, long idle, long fileBytes, AtomicLong received, Supplier<String> call)
            throws InterruptedException {
        received.set(0);
        System.gc();
        AtomicLong peak = new AtomicLong(MEMORY.getHeapMemoryUsage().getUsed());
        AtomicLong live = new AtomicLong(liveAfterGc());
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                live.accumulateAndGet(liveAfterGc(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        boolean ok = true;
        try {
            call.get();
        } catch (OutOfMemoryError tooBig) {
            ok = false;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        sampler.join();
        live.accumulateAndGet(liveAfterGc(), Math::max);
        print(op, idle, peak.get(), fileBytes, received.get(), ok);
        System.out.printf("{\"op\": \"%s_live\", \"idle_live_mb\": %.1f, \"peak_live_after_gc_mb\": %.1f}%n", op,
                IDLE_LIVE[0] / 1048576.0, live.get() / 1048576.0);
        System.out.printf("{\"op\": \"%s_time\", \"seconds\": %.3f}%n", op, seconds);
    }

    private static void print(String op, long idle, long peak, long fileBytes, long sentBytes, boolean ok) {
        System.out.printf("{\"op\": \"%s\", \"ok\": %s, \"file_mb\": %.1f, \"sent_mb\": %.1f, \"idle_heap_mb\": %.1f, "
                + "\"peak_heap_mb\": %.1f, \"above_idle_mb\": %.1f, \"max_heap_mb\": %.0f}%n", op, ok, fileBytes / 1048576.0,
                sentBytes / 1048576.0, idle / 1048576.0, peak / 1048576.0, (peak - idle) / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    /** What the heap held right after its last collections: the live set, without garbage waiting for a GC. */
    private static long liveAfterGc() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path fill(Path file, String head, long size) throws IOException {
        if (Files.exists(file) && Files.size(file) == size) {
            return file;
        }
        Random random = new Random(42);
        byte[] buffer = new byte[65536];
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] start = head.getBytes(StandardCharsets.US_ASCII);
            out.write(start);
            for (long left = size - start.length; left > 0; left -= buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer, 0, (int) Math.min(left, buffer.length));
            }
        }
        return file;
    }
}
