package ai.eternego.diary;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import ai.eternego.core.EditDistance;
import ai.eternego.core.Refusal;

/**
 * The BIP-39 English wordlist and the recovery phrases made of it.
 *
 * <p>Our phrases are real 24-word BIP-39 mnemonics (256 bits of entropy + an 8-bit checksum).
 * Upstream phrases are 24 independent picks from the list (no valid checksum, words may repeat):
 * {@link #requireWords(String)} accepts both; only {@link #checksumValid(String)} tells them apart.
 * No message ever carries the whole phrase.
 */
public final class Bip39 {

    /** Number of words of a recovery phrase. */
    public static final int WORDS = 24;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String RESOURCE = "/bip39/english.txt";

    private static final class Holder {
        static final List<String> LIST;
        static final Map<String, Integer> INDEX;

        static {
            List<String> words = new ArrayList<>(2048);
            try (InputStream in = Bip39.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("BIP-39 wordlist " + RESOURCE + " is missing");
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line; (line = r.readLine()) != null; ) {
                    line = line.strip();
                    if (!line.isEmpty()) {
                        words.add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (words.size() != 2048) {
                throw new IllegalStateException("BIP-39 wordlist has " + words.size() + " words, expected 2048");
            }
            Map<String, Integer> index = new HashMap<>(4096);
            for (int i = 0; i < words.size(); i++) {
                index.put(words.get(i), i);
            }
            LIST = Collections.unmodifiableList(words);
            INDEX = index;
        }
    }

    private Bip39() {
    }

    /** The 2048 words, in list order. */
    public static List<String> wordlist() {
        return Holder.LIST;
    }

    /** A fresh phrase: 256 bits from {@link SecureRandom} plus the 8-bit checksum, 24 words, single spaces. */
    public static String generate() {
        byte[] entropy = new byte[32];
        new SecureRandom().nextBytes(entropy);
        try {
            return fromEntropy(entropy);
        } finally {
            Arrays.fill(entropy, (byte) 0);
        }
    }

    /** The 24-word mnemonic of 32 bytes of entropy (BIP-39: entropy bits, then the first 8 bits of SHA-256). */
    public static String fromEntropy(byte[] entropy32) {
        if (entropy32 == null || entropy32.length != 32) {
            throw new IllegalArgumentException("entropy must be 32 bytes");
        }
        byte[] bits = Arrays.copyOf(entropy32, 33);
        bits[32] = sha256(entropy32)[0];
        StringBuilder sb = new StringBuilder(24 * 9);
        for (int w = 0; w < WORDS; w++) {
            int idx = 0;
            for (int b = 0; b < 11; b++) {
                int bit = w * 11 + b;
                idx = (idx << 1) | ((bits[bit >>> 3] >>> (7 - (bit & 7))) & 1);
            }
            if (w > 0) {
                sb.append(' ');
            }
            sb.append(Holder.LIST.get(idx));
        }
        Arrays.fill(bits, (byte) 0);
        return sb.toString();
    }

    /** True when the phrase is 24 list words whose last 8 bits are the SHA-256 checksum of the first 256. */
    public static boolean checksumValid(String phrase) {
        String[] words = split(phrase);
        if (words.length != WORDS) {
            return false;
        }
        byte[] bits = new byte[33];
        for (int w = 0; w < WORDS; w++) {
            Integer idx = Holder.INDEX.get(words[w]);
            if (idx == null) {
                return false;
            }
            for (int b = 0; b < 11; b++) {
                if (((idx >>> (10 - b)) & 1) != 0) {
                    int bit = w * 11 + b;
                    bits[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));
                }
            }
        }
        byte[] entropy = Arrays.copyOf(bits, 32);
        boolean ok = sha256(entropy)[0] == bits[32];
        Arrays.fill(entropy, (byte) 0);
        Arrays.fill(bits, (byte) 0);
        return ok;
    }

    /**
     * Accepts any 24 words of the list in any case (checksum not required, repeats allowed), otherwise a 400 that a
     * person can act on: the word count, or the position and spelling of the first unknown word with up
     * to three closest list words.
     */
    public static void requireWords(String phrase) {
        String[] words = requireCount(phrase);
        for (int i = 0; i < words.length; i++) {
            if (!Holder.INDEX.containsKey(words[i].toLowerCase(Locale.ROOT))) {
                List<String> close = suggestions(words[i], 3);
                String shown = words[i].length() > 24 ? words[i].substring(0, 24) + "…" : words[i];
                throw Refusal.invalid("Word " + (i + 1) + " of the recovery phrase, \"" + shown
                        + "\", is not in the BIP-39 English list; did you mean " + String.join(", ", close) + "?");
            }
        }
    }

    /** The phrase's words if there are 24 of them, otherwise a 400 that says how many there are. */
    public static String[] requireCount(String phrase) {
        String[] words = split(phrase);
        if (words.length != WORDS) {
            throw Refusal.invalid("The recovery phrase must have 24 words; this one has " + words.length + ".");
        }
        return words;
    }

    /** Lower case (the list's own), surrounding whitespace trimmed, inner runs of whitespace collapsed to one space. */
    public static String normalize(String phrase) {
        return phrase == null ? "" : WHITESPACE.matcher(phrase.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    /** True when {@code word} is one of the 2048 words. */
    public static boolean contains(String word) {
        return Holder.INDEX.containsKey(word);
    }

    /** Up to {@code max} list words closest to {@code word} by edit distance (ties: list order). */
    public static List<String> suggestions(String word, int max) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.length() > 32) {
            w = w.substring(0, 32);
        }
        int[] best = new int[max];
        String[] bestWords = new String[max];
        Arrays.fill(best, Integer.MAX_VALUE);
        for (String cand : Holder.LIST) {
            int d = EditDistance.between(w, cand);
            for (int k = 0; k < max; k++) {
                if (d < best[k]) {
                    System.arraycopy(best, k, best, k + 1, max - k - 1);
                    System.arraycopy(bestWords, k, bestWords, k + 1, max - k - 1);
                    best[k] = d;
                    bestWords[k] = cand;
                    break;
                }
            }
        }
        List<String> out = new ArrayList<>(max);
        for (String s : bestWords) {
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static String[] split(String phrase) {
        String s = phrase == null ? "" : phrase.strip();
        return s.isEmpty() ? new String[0] : WHITESPACE.split(s);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
