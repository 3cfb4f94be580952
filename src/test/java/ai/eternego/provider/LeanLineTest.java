package ai.eternego.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Each dialect reads a line of her words without its tree only where its tree reading gives the same
 * words and does nothing else: every line here, read by {@code line} (lean, else tree) and by the tree
 * alone, gives the same words or the same fault, and leaves the same end and the same calls. Lines are
 * the vendors' own shapes, then thousands made from them (fields added, repeated, retyped, reordered,
 * texts escaped, lines cut short), from a fixed seed.
 */
class LeanLineTest {

    private record Vendor(String name, Supplier<Dialect> dialect, BiFunction<Dialect, String, String> tree,
            LeanLine.Reader words, String prefix, List<String> lines) {
    }

    private static final Vendor ANTHROPIC = new Vendor("anthropic", AnthropicClient.Chat::new,
            (d, l) -> ((AnthropicClient.Chat) d).tree(l), AnthropicClient.Chat::text, "data: ", List.of(
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}",
                    "{\"delta\":{\"text\":\"a\\\"b\\\\c\\nd\\u00e9\\ud83d\\ude00\",\"type\":\"text_delta\"},\"type\":\"content_block_delta\"}",
                    "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\"}}",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hm\"}}",
                    "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"x\",\"input\":{}}}",
                    "{\"type\":\"message_stop\"}",
                    "{\"type\":\"ping\"}",
                    "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));

    private static final Vendor OPENAI = new Vendor("openai", () -> new OpenAiClient.Chat("OpenAI", true),
            (d, l) -> ((OpenAiClient.Chat) d).tree(l), OpenAiClient.Chat::text, "data: ", List.of(
                    "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}",
                    "{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning_content\":\"hm\"}}],\"usage\":null}",
                    "{\"choices\":[{\"delta\":{\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"x\",\"arguments\":\"{}\"}}]}}]}",
                    "{\"choices\":[{\"delta\":{\"content\":\"a\",\"tool_calls\":null}},{\"delta\":{\"content\":\"b\"}}]}",
                    "{\"choices\":[],\"usage\":{\"total_tokens\":3}}",
                    "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}",
                    "[DONE]"));

    private static final Vendor OLLAMA = new Vendor("ollama", () -> new OllamaClient.Chat(true),
            (d, l) -> ((OllamaClient.Chat) d).tree(l), OllamaClient.Chat::text, "", List.of(
                    "{\"model\":\"m\",\"created_at\":\"t\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"done\":false}",
                    "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"hm\"},\"done\":false}",
                    "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"x\",\"arguments\":{\"a\":1}}}]},\"done\":false}",
                    "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\"}",
                    "{\"error\":\"model not found\"}"));

    private static final Vendor GEMINI = new Vendor("gemini", GeminiClient.Chat::new,
            (d, l) -> ((GeminiClient.Chat) d).tree(l), GeminiClient.Chat::text, "data: ", List.of(
                    "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello\"}],\"role\":\"model\"},\"index\":0}]}",
                    "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"},{\"text\":\"b\"},{\"text\":\"c\",\"thought\":true}]}}]}",
                    "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"x\",\"args\":{}}}]}}]}",
                    "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\".\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{}}",
                    "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}",
                    "{\"error\":{\"code\":500,\"message\":\"x\"}}"));

    private static final List<Vendor> VENDORS = List.of(ANTHROPIC, OPENAI, OLLAMA, GEMINI);

    @Test
    void theLineOfHerWordsIsReadWithoutItsTree() {
        LeanLine lean = new LeanLine();
        assertEquals("Hello", lean.words("data: " + ANTHROPIC.lines().get(0), 5, AnthropicClient.Chat::text));
        assertEquals("a\"b\\c\ndé😀", lean.words("data:" + ANTHROPIC.lines().get(1), 5, AnthropicClient.Chat::text));
        assertEquals("Hello", lean.words("data: " + OPENAI.lines().get(0), 5, OpenAiClient.Chat::text));
        assertEquals("a", lean.words("data: " + OPENAI.lines().get(3), 5, OpenAiClient.Chat::text));
        assertEquals("Hello", lean.words(OLLAMA.lines().get(0), 0, OllamaClient.Chat::text));
        assertEquals("Hello", lean.words("data: " + GEMINI.lines().get(0), 5, GeminiClient.Chat::text));
        // a line that asks for more than words is the tree's
        assertNull(lean.words("data: " + ANTHROPIC.lines().get(2), 5, AnthropicClient.Chat::text));
        assertNull(lean.words("data: " + OPENAI.lines().get(2), 5, OpenAiClient.Chat::text));
        assertNull(lean.words(OLLAMA.lines().get(3), 0, OllamaClient.Chat::text));
        assertNull(lean.words("data: " + GEMINI.lines().get(1), 5, GeminiClient.Chat::text));
    }

    @Test
    void everyVendorLineReadsAsItsTreeReadsIt() {
        for (Vendor vendor : VENDORS) {
            for (String line : vendor.lines()) {
                assertSame(vendor, vendor.prefix() + line);
                // what comes before the object: JSON's whitespace, a control character, spaces JSON does not know
                for (String before : List.of(" \t", "\r", "\u001c", "\u2003", "\u00a0")) {
                    assertSame(vendor, vendor.prefix() + before + line);
                }
            }
        }
    }

    @Test
    void linesMadeFromThemReadAsTheirTreesReadThem() {
        Random random = new Random(20261129);
        for (Vendor vendor : VENDORS) {
            int lean = 0;
            for (int i = 0; i < 4000; i++) {
                // half of them made from her words' line, the one a stream is mostly made of
                int from = random.nextBoolean() ? 0 : random.nextInt(vendor.lines().size());
                String line = vendor.prefix() + mutate(vendor.lines().get(from), random);
                assertSame(vendor, line);
                if (words(vendor, line) != null) {
                    lean++;
                }
            }
            // the test reads lines the lean path claims, not only lines it leaves to the tree
            assertTrue(lean > 400, vendor.name() + ": only " + lean + " lines of words read without their tree");
        }
    }

    /** Her words as the lean path alone reads them, or {@code null} where it leaves the line to the tree. */
    private static String words(Vendor vendor, String line) {
        if (!line.startsWith(vendor.prefix().strip())) {
            return null;
        }
        return new LeanLine().words(line, vendor.prefix().strip().length(), vendor.words());
    }

    /** Read by the dialect and by its tree alone: the same words or fault, the same end, the same calls. */
    private static void assertSame(Vendor vendor, String line) {
        Dialect both = vendor.dialect().get();
        Dialect tree = vendor.dialect().get();
        String context = vendor.name() + ": " + line;
        assertEquals(outcome(() -> vendor.tree().apply(tree, line)),
                outcome(() -> both.line(line)), context);
        assertEquals(tree.complete(), both.complete(), context);
        assertEquals(outcome(() -> String.valueOf(tree.calls())), outcome(() -> String.valueOf(both.calls())), context);
    }

    private static String outcome(Supplier<String> read) {
        try {
            return "words " + read.get();
        } catch (RuntimeException failure) {
            return failure.getClass().getSimpleName() + " " + failure.getMessage();
        }
    }

    private static final String[] NAMES = { "type", "index", "delta", "text", "content", "choices", "message", "done",
            "error", "tool_calls", "finishReason", "candidates", "parts", "thought", "functionCall", "promptFeedback",
            "partial_json", "role", "x" };
    private static final String[] VALUES = { "null", "true", "false", "0", "-1.5e3", "\"\"", "\"content_block_delta\"",
            "\"text_delta\"", "\"STOP\"", "\"x\\u00e9\\\"\\\\\\n\"", "\"日本😀\"", "{}", "[]", "{\"text\":\"t\"}",
            "[{\"text\":\"p\"}]", "[{\"delta\":{\"content\":\"q\"}}]", "{\"content\":\"m\"}", "[null,1]" };

    /** A few changes to a vendor's line, each where JSON allows it (or cut short, now and then). */
    private static String mutate(String line, Random random) {
        String json = line;
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes; c++) {
            List<Integer> opens = new ArrayList<>();
            List<Integer> values = new ArrayList<>();
            boolean quoted = false;
            for (int i = 0; i < json.length(); i++) {
                char ch = json.charAt(i);
                if (ch == '\\' && quoted) {
                    i++;
                } else if (ch == '"') {
                    quoted = !quoted;
                } else if (!quoted && ch == '{') {
                    opens.add(i);
                } else if (!quoted && ch == ':') {
                    values.add(i);
                }
            }
            int kind = random.nextInt(10);
            String field = "\"" + NAMES[random.nextInt(NAMES.length)] + "\":" + VALUES[random.nextInt(VALUES.length)];
            if (kind < 5 && !opens.isEmpty()) {
                // a field added first in an object (a name it has already is then repeated)
                int at = opens.get(random.nextInt(opens.size())) + 1;
                boolean empty = at == json.length() || json.charAt(at) == '}';
                json = json.substring(0, at) + field + (empty ? "" : ",") + json.substring(at);
            } else if (kind < 9 && !values.isEmpty()) {
                // a value replaced: the span from after a colon to the next comma or brace at that depth
                int at = values.get(random.nextInt(values.size())) + 1;
                int end = valueEnd(json, at);
                json = json.substring(0, at) + VALUES[random.nextInt(VALUES.length)] + json.substring(end);
            } else if (json.length() > 2) {
                json = json.substring(0, 1 + random.nextInt(json.length() - 1));
            }
        }
        return json;
    }

    private static int valueEnd(String json, int from) {
        int depth = 0;
        boolean quoted = false;
        for (int i = from; i < json.length(); i++) {
            char ch = json.charAt(i);
            if (quoted) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (ch == ',' && depth == 0) {
                return i;
            }
        }
        return json.length();
    }
}
