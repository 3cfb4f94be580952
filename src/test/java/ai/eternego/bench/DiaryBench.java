package ai.eternego.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import ai.eternego.diary.DiaryKey;
import ai.eternego.diary.DiaryReader;
import ai.eternego.diary.DiaryWriter;

/**
 * Benchmark of the diary code, one operation per JVM so that peak RSS belongs to that operation.
 * Driven by {@code bench/diary-bench.sh}; prints one JSON line per operation, like
 * {@code shared/bench/upstream_baseline.py}. Never run by the test suite.
 *
 * <pre>
 *   DiaryBench kdf RUNS                          cold (first call) and warm median of the KDF
 *   DiaryBench gen HOME_DIR MEGABYTES            a synthetic home: many small text files, a few big random ones
 *   DiaryBench write HOME OUT.diary PHRASE_FILE ID
 *   DiaryBench read DIARY OUT_DIR PHRASE_FILE ID
 * </pre>
 */
public final class DiaryBench {

    private DiaryBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "kdf" -> kdf(Integer.parseInt(args[1]));
            case "gen" -> gen(Path.of(args[1]), Long.parseLong(args[2]));
            case "write" -> write(Path.of(args[1]), Path.of(args[2]), Files.readString(Path.of(args[3])), args[4]);
            case "read" -> read(Path.of(args[1]), Path.of(args[2]), Files.readString(Path.of(args[3])), args[4]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static final String PHRASE = "abandon ".repeat(23) + "art";
    static final String ID = "6a0f3b52-91c4-4d2e-b7a8-5e19c0d4f2a7";

    static void kdf(int runs) {
        long t = System.nanoTime();
        DiaryKey.derive(PHRASE, ID);
        double cold = (System.nanoTime() - t) / 1e9;
        double[] warm = new double[runs];
        for (int i = 0; i < runs; i++) {
            t = System.nanoTime();
            DiaryKey.derive(PHRASE, ID);
            warm[i] = (System.nanoTime() - t) / 1e9;
        }
        Arrays.sort(warm);
        System.out.printf("{\"op\": \"kdf\", \"cold_seconds\": %.4f, \"seconds\": %.4f, \"peak_rss_mb\": %.1f}%n",
                cold, warm[runs / 2], peakRssMb());
    }

    static void write(Path home, Path out, String phrase, String id) throws IOException {
        long t = System.nanoTime();
        DiaryKey key = DiaryKey.derive(phrase, id);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            DiaryWriter.write(home, o, key);
        }
        report("write", (System.nanoTime() - t) / 1e9, Files.size(out));
    }

    static void read(Path diary, Path outDir, String phrase, String id) throws IOException {
        long t = System.nanoTime();
        DiaryKey key = DiaryKey.derive(phrase, id);
        Files.createDirectories(outDir);
        DiaryReader.extract(diary, key, outDir, new DiaryReader.Limits(Long.MAX_VALUE, 1_000_000, Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE));
        report("read", (System.nanoTime() - t) / 1e9, Files.size(diary));
    }

    static void report(String op, double seconds, long bytes) {
        System.out.printf("{\"op\": \"%s\", \"seconds\": %.4f, \"bytes\": %d, \"peak_rss_mb\": %.1f}%n",
                op, seconds, bytes, peakRssMb());
    }

    /** VmHWM of this process, in MiB. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }

    static final String[] WORDS = ("she remembers the morning light over the harbour and the long conversation about "
            + "memory meaning lessons destiny briefing channel persona diary recovery phrase kitchen garden "
            + "letter river mountain winter coffee music patience question answer reminder").split(" ");

    /** ~40% of the size as small text files (2–20 KB, in nested dirs), ~60% as four big random files. */
    static void gen(Path home, long megabytes) throws IOException {
        long total = megabytes << 20;
        Random r = new Random(1234);
        long text = total * 4 / 10;
        long written = 0;
        int i = 0;
        StringBuilder sb = new StringBuilder();
        while (written < text) {
            int size = 2048 + r.nextInt(18 * 1024);
            sb.setLength(0);
            while (sb.length() < size) {
                sb.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(12) == 0 ? ".\n" : " ");
            }
            Path p = home.resolve("history/d" + (i / 500) + "/e" + (i % 37) + "/note-" + i + ".md");
            Files.createDirectories(p.getParent());
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            Files.write(p, b);
            written += b.length;
            i++;
        }
        Files.writeString(home.resolve("config.json"), "{\"id\":\"" + ID + "\",\"name\":\"Bench\"}");
        long big = (total - written) / 4;
        byte[] buf = new byte[1 << 20];
        Files.createDirectories(home.resolve("media"));
        for (int k = 0; k < 4; k++) {
            try (OutputStream o = Files.newOutputStream(home.resolve("media/big-" + k + ".bin"))) {
                for (long left = big; left > 0; left -= buf.length) {
                    r.nextBytes(buf);
                    o.write(buf, 0, (int) Math.min(left, buf.length));
                }
            }
        }
        System.out.printf("{\"op\": \"gen\", \"files\": %d, \"bytes\": %d}%n", i + 5, written + 4 * big);
    }
}
