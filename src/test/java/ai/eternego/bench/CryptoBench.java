package ai.eternego.bench;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import ai.eternego.diary.DiaryKey;

/**
 * The diary's primitives (PBKDF2-HMAC-SHA256, AES-128-CBC/PKCS7, HMAC-SHA256), done by the JDK and by
 * BouncyCastle side by side in one JVM, to decide which library does which job. Driven by
 * {@code bench/crypto-bench.sh}; never run by the test suite (surefire runs {@code *Test} classes).
 *
 * <p>All implementations of an operation run once per round, the starting one rotating from round to
 * round, so that a burst of load from other processes on the shared machine hits every implementation
 * alike. Every run's output is compared with the JDK's for the same input, and the bench aborts on a
 * difference: a fast wrong answer must not make it into the table.
 *
 * <pre>
 *   CryptoBench [ROUNDS=5]
 * </pre>
 */
public final class CryptoBench {

    private static final int SIZE = 64 << 20;
    private static final int CHUNK = 64 << 10;
    private static final int WARM_UP = 3;
    private static final String PHRASE = "abandon ".repeat(23) + "art";
    private static final String ID = "6a0f3b52-91c4-4d2e-b7a8-5e19c0d4f2a7";
    private static final byte[] SALT = ID.getBytes(StandardCharsets.UTF_8);

    /** One run of an implementation: writes its whole output into {@code out} and returns its length. */
    private interface Run {
        int into(byte[] out) throws Exception;
    }

    private record Impl(String name, Run run) {
    }

    /**
     * The JDK's implementation comes first: the ratios are to it. {@code bytes} is the input size of a
     * throughput operation (reported in MB/s), 0 for the KDF (reported in ms per call).
     */
    private record Op(String name, long bytes, byte[] expected, List<Impl> impls) {
    }

    private CryptoBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Random random = new Random(42);
        byte[] plain = new byte[SIZE];
        random.nextBytes(plain);
        byte[] aesKey = new byte[16];
        random.nextBytes(aesKey);
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        byte[] macKey = new byte[16];
        random.nextBytes(macKey);
        // constructed once: building the provider's algorithm table is start-up cost, not per-diary cost
        Provider bc = new BouncyCastleProvider();

        byte[] out = new byte[SIZE + 32];
        byte[] derived = Arrays.copyOf(out, jdkPbkdf2(out));
        byte[] cipherText = Arrays.copyOf(out, jdkCipher(null, Cipher.ENCRYPT_MODE, aesKey, iv, plain, out));
        byte[] tag = Arrays.copyOf(out, jdkMac(macKey, plain, out));

        List<Op> ops = List.of(
                new Op("PBKDF2-SHA256 480k", 0, derived, List.of(
                        new Impl("JDK SecretKeyFactory", CryptoBench::jdkPbkdf2),
                        new Impl("ours DiaryKey.derive", o -> copy(DiaryKey.derive(PHRASE, ID).bytes(), o)),
                        new Impl("BC PKCS5S2", CryptoBench::bcPbkdf2))),
                new Op("AES-128-CBC decrypt", cipherText.length, plain, List.of(
                        new Impl("JDK Cipher", o -> jdkCipher(null, Cipher.DECRYPT_MODE, aesKey, iv, cipherText, o)),
                        new Impl("BC lightweight", o -> bcCipher(false, aesKey, iv, cipherText, o)),
                        new Impl("BC JCA provider", o -> jdkCipher(bc, Cipher.DECRYPT_MODE, aesKey, iv, cipherText, o)))),
                new Op("HMAC-SHA256", plain.length, tag, List.of(
                        new Impl("JDK Mac", o -> jdkMac(macKey, plain, o)),
                        new Impl("BC HMac", o -> bcMac(macKey, plain, o)))),
                new Op("AES-128-CBC encrypt", plain.length, cipherText, List.of(
                        new Impl("JDK Cipher", o -> jdkCipher(null, Cipher.ENCRYPT_MODE, aesKey, iv, plain, o)),
                        new Impl("BC lightweight", o -> bcCipher(true, aesKey, iv, plain, o)),
                        new Impl("BC JCA provider", o -> jdkCipher(bc, Cipher.ENCRYPT_MODE, aesKey, iv, plain, o)))));

        // C2 compiles the hot loops (and the JDK switches to its AES/SHA intrinsics) during these runs;
        // three passes because on a loaded 2-core machine the compile queue drains slowly
        for (int w = 0; w < WARM_UP; w++) {
            for (Op op : ops) {
                for (Impl impl : op.impls()) {
                    time(op, impl, out);
                }
            }
        }
        List<long[][]> nanos = new ArrayList<>();
        for (Op op : ops) {
            nanos.add(new long[op.impls().size()][rounds]);
        }
        for (int r = 0; r < rounds; r++) {
            for (int o = 0; o < ops.size(); o++) {
                Op op = ops.get(o);
                int n = op.impls().size();
                for (int k = 0; k < n; k++) {
                    int i = (k + r) % n;
                    nanos.get(o)[i][r] = time(op, op.impls().get(i), out);
                }
            }
        }
        print(ops, nanos, rounds);
    }

    /** One verified run; returns its duration in nanoseconds. */
    private static long time(Op op, Impl impl, byte[] out) throws Exception {
        long t = System.nanoTime();
        int n = impl.run().into(out);
        long elapsed = System.nanoTime() - t;
        if (!Arrays.equals(out, 0, n, op.expected(), 0, op.expected().length)) {
            System.err.println("ABORT: " + op.name() + ": " + impl.name() + "'s output differs from the JDK's");
            System.exit(1);
        }
        return elapsed;
    }

    /**
     * Medians over the rounds; {@code time/JDK} is the median of each round's ratio to the JDK run of the
     * same round (the first implementation), which cancels load that lasted the whole round.
     */
    private static void print(List<Op> ops, List<long[][]> nanos, int rounds) {
        System.out.printf("%d rounds after %d warm-up, %d MiB in %d KiB chunks; time/JDK < 1 is faster than the JDK%n",
                rounds, WARM_UP, SIZE >> 20, CHUNK >> 10);
        System.out.printf("%-20s %-21s %10s %-7s %19s %9s%n", "operation", "implementation", "median", "unit", "min..max", "time/JDK");
        for (int o = 0; o < ops.size(); o++) {
            Op op = ops.get(o);
            long[][] t = nanos.get(o);
            for (int i = 0; i < op.impls().size(); i++) {
                double[] value = new double[rounds];
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    value[r] = op.bytes() == 0 ? t[i][r] / 1e6 : op.bytes() * 1e3 / t[i][r];
                    ratio[r] = (double) t[i][r] / t[0][r];
                }
                double[] sorted = value.clone();
                Arrays.sort(sorted);
                System.out.printf("%-20s %-21s %10.1f %-7s %19s %9.2f%n", op.name(), op.impls().get(i).name(),
                        median(value), op.bytes() == 0 ? "ms/call" : "MB/s",
                        String.format("%.1f..%.1f", sorted[0], sorted[rounds - 1]), median(ratio));
            }
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private static int copy(byte[] bytes, byte[] out) {
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        return bytes.length;
    }

    private static int jdkPbkdf2(byte[] out) throws Exception {
        PBEKeySpec spec = new PBEKeySpec(PHRASE.toCharArray(), SALT, DiaryKey.ITERATIONS, 256);
        return copy(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded(), out);
    }

    private static int bcPbkdf2(byte[] out) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
        generator.init(PHRASE.getBytes(StandardCharsets.UTF_8), SALT, DiaryKey.ITERATIONS);
        return copy(((KeyParameter) generator.generateDerivedParameters(256)).getKey(), out);
    }

    /** A JCA cipher fed in chunks, as FernetInputStream/FernetOutputStream feed it; {@code provider} null is the JDK's. */
    private static int jdkCipher(Provider provider, int mode, byte[] key, byte[] iv, byte[] in, byte[] out)
            throws Exception {
        Cipher cipher = provider == null
                ? Cipher.getInstance("AES/CBC/PKCS5Padding")
                : Cipher.getInstance("AES/CBC/PKCS5Padding", provider);
        cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        int n = 0;
        for (int off = 0; off < in.length; off += CHUNK) {
            n += cipher.update(in, off, Math.min(CHUNK, in.length - off), out, n);
        }
        return n + cipher.doFinal(out, n);
    }

    private static int bcCipher(boolean encrypt, byte[] key, byte[] iv, byte[] in, byte[] out) throws Exception {
        PaddedBufferedBlockCipher cipher = new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(AESEngine.newInstance()));
        cipher.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        int n = 0;
        for (int off = 0; off < in.length; off += CHUNK) {
            n += cipher.processBytes(in, off, Math.min(CHUNK, in.length - off), out, n);
        }
        return n + cipher.doFinal(out, n);
    }

    private static int jdkMac(byte[] key, byte[] in, byte[] out) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        for (int off = 0; off < in.length; off += CHUNK) {
            mac.update(in, off, Math.min(CHUNK, in.length - off));
        }
        mac.doFinal(out, 0);
        return mac.getMacLength();
    }

    private static int bcMac(byte[] key, byte[] in, byte[] out) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        for (int off = 0; off < in.length; off += CHUNK) {
            mac.update(in, off, Math.min(CHUNK, in.length - off));
        }
        return mac.doFinal(out, 0);
    }
}
