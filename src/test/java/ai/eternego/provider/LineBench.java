package ai.eternego.provider;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What reading one line of her words costs, for each dialect: through {@link Dialect#line} (as tokens, see
 * {@link LeanLine}) against its tree reading alone, in one JVM, rounds alternating, medians of the rounds:
 * CPU time and bytes allocated a line, by this thread's own counters. The lines are the vendors' own shape of
 * a 5-character piece. Run by {@code bench/line-bench}.
 */
public final class LineBench {

    private record Vendor(String name, Supplier<Dialect> dialect, BiFunction<Dialect, String, String> tree,
            String template) {
    }

    private static final List<Vendor> VENDORS = List.of(
            new Vendor("Anthropic", AnthropicClient.Chat::new, (d, l) -> ((AnthropicClient.Chat) d).tree(l),
                    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"%s\"}}"),
            new Vendor("OpenAI", () -> new OpenAiClient.Chat("OpenAI", true), (d, l) -> ((OpenAiClient.Chat) d).tree(l),
                    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1764403200,"
                            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},"
                            + "\"logprobs\":null,\"finish_reason\":null}]}"),
            new Vendor("Ollama", () -> new OllamaClient.Chat(true), (d, l) -> ((OllamaClient.Chat) d).tree(l),
                    "{\"model\":\"llama3.2\",\"created_at\":\"2026-11-29T18:00:00.000000Z\",\"message\":"
                            + "{\"role\":\"assistant\",\"content\":\"%s\"},\"done\":false}"),
            new Vendor("Gemini", GeminiClient.Chat::new, (d, l) -> ((GeminiClient.Chat) d).tree(l),
                    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"%s\"}],\"role\":\"model\"},\"index\":0}],"
                            + "\"usageMetadata\":{\"promptTokenCount\":9,\"totalTokenCount\":9},\"modelVersion\":\"gemini-2.5-flash\"}"));

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private LineBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        System.out.printf("reading %d lines of her words a round, %d rounds, lean and tree alternating%n", lines, rounds);
        for (Vendor vendor : VENDORS) {
            List<String> stream = new ArrayList<>(1000);
            for (int i = 0; i < 1000; i++) {
                stream.add(String.format(vendor.template(), String.format("%05d", i)));
            }
            List<double[]> lean = new ArrayList<>();
            List<double[]> tree = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                double[] a = measure(stream, lines, vendor.dialect(), Dialect::line);
                double[] b = measure(stream, lines, vendor.dialect(), vendor.tree());
                if (round > 0) {
                    // round 0 warms the JIT
                    lean.add(a);
                    tree.add(b);
                }
            }
            double leanNs = median(lean, 0);
            double treeNs = median(tree, 0);
            double leanBytes = median(lean, 1);
            double treeBytes = median(tree, 1);
            System.out.printf("%-9s as tokens %7.0f ns and %6.0f bytes a line; as a tree %7.0f ns and %6.0f bytes;"
                    + " tokens/tree: time %.2f, bytes %.2f%n", vendor.name(), leanNs, leanBytes, treeNs, treeBytes,
                    leanNs / treeNs, leanBytes / treeBytes);
        }
    }

    /** The characters of her words read, kept so that the JIT cannot leave the reading out. */
    static long wordsRead;

    /** CPU ns and bytes allocated a line. */
    private static double[] measure(List<String> stream, int lines, Supplier<Dialect> dialects,
            BiFunction<Dialect, String, String> read) {
        Dialect dialect = dialects.get();
        long chars = 0;
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        long cpu = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < lines; i++) {
            if (i % 1000 == 0) {
                dialect = dialects.get();
            }
            String words = read.apply(dialect, stream.get(i % stream.size()));
            chars += words == null ? 0 : words.length();
        }
        cpu = THREADS.getCurrentThreadCpuTime() - cpu;
        bytes = THREADS.getCurrentThreadAllocatedBytes() - bytes;
        wordsRead += chars;
        return new double[] { (double) cpu / lines, (double) bytes / lines };
    }

    private static double median(List<double[]> rounds, int index) {
        List<Double> values = new ArrayList<>();
        rounds.forEach(r -> values.add(r[index]));
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
}
