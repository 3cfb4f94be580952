package ai.eternego.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the service; documented value by value in application.properties and the README. */
@ConfigMapping(prefix = "eternego")
public interface EternegoConfig {

    /** Root of everything the service keeps (env ETERNEGO_HOME); start-up ends in one line when it is unusable. */
    @UsableHome
    Path home();

    Providers providers();

    Channels channels();

    Agent agent();

    Diary diary();

    Keys keys();

    Api api();

    Conversation conversation();

    Memory memory();
    Media media();

    interface Providers {
        Endpoint ollama();

        Endpoint openai();

        Endpoint anthropic();

        Endpoint xai();

        Endpoint gemini();

        /** How long a model pull may go without a progress line before it is given up. */
        @WithDefault("120s")
        Duration pullIdleTimeout();

        /** Connect timeout of every provider call. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Read timeout of the calls that validate a key or a model. */
        @WithDefault("30s")
        Duration readTimeout();
    }

    interface Channels {
        Endpoint telegram();

        Endpoint discord();

        /** How long one Telegram long poll ({@code getUpdates}) waits for news before it is asked again. */
        @WithDefault("25s")
        Duration pollTimeout();

        /** First wait after a channel's call failed (409, 5xx, no network), doubled each time. */
        @WithDefault("1s")
        Duration backoff();

        /** Longest wait between two attempts of a failing channel. */
        @WithDefault("60s")
        Duration maxBackoff();

        /**
         * How long her channels stay connected after her agent stopped, so that a restart (an update of her
         * organs) does not drop them; they close after it unless she started again.
         */
        @WithDefault("3s")
        Duration linger();

        /** How often "typing" is shown again while she thinks (Telegram shows it about 5 s). */
        @WithDefault("4s")
        Duration typingEvery();

        /** How long a pairing code stays valid. */
        @WithDefault("10m")
        Duration pairingCodeValidity();

        /** Wrong pairing codes accepted per persona within {@link #pairingWindow()} before refusing more. */
        @WithDefault("5")
        int pairingAttempts();

        /** The window over which wrong pairing codes are counted. */
        @WithDefault("10m")
        Duration pairingWindow();
    }

    interface Endpoint {
        String url();
    }

    interface Agent {
        /** Interval between two heartbeats of a running persona. */
        @WithDefault("60s")
        Duration heartbeat();

        /** Consecutive Mind faults after which she is sick and stopped. */
        @WithDefault("3")
        int sickAfter();

        /** Longest wait between two recovery attempts of a sick persona. */
        @WithDefault("30m")
        Duration maxBackoff();

        /** How many personas are started at once when the service boots. */
        @WithDefault("8")
        int bootConcurrency();
    }

    interface Diary {
        /** Diary generations kept per persona, newest included. */
        @WithDefault("7")
        int generations();

        /** Largest diary upload accepted by migrate, in bytes. */
        @WithDefault("8589934592")
        long maxUploadBytes();

        /** Largest total of bytes a diary may really inflate to. */
        @WithDefault("8589934592")
        long maxTotalBytes();

        /** Largest number of files a diary may hold. */
        @WithDefault("100000")
        int maxEntries();

        /** Largest single file a diary may hold, in bytes. */
        @WithDefault("4294967296")
        long maxEntryBytes();

        /** Most times one file may expand over its compressed bytes, judged once it passes 1 MiB (zip bombs). */
        @WithDefault("200")
        int maxEntryRatio();

        /** Most times a whole diary may expand over the archive bytes read, judged once it passes 1 MiB. */
        @WithDefault("100")
        int maxTotalRatio();
    }

    interface Conversation {
        /** Her context window in tokens: Ollama's {@code num_ctx}, and the budget of her prompt. */
        @WithDefault("8192")
        int contextTokens();

        /** Longest answer asked of her Mind, in tokens (Anthropic's {@code max_tokens}). */
        @WithDefault("4096")
        int maxAnswerTokens();

        /** How long her Mind may take to send the first byte of an answer. */
        @WithDefault("120s")
        Duration firstByteTimeout();

        /** How long her Mind may go silent between two pieces of an answer. */
        @WithDefault("60s")
        Duration chunkTimeout();

        /** Attempts of a call refused with 429 or 5xx before its first word, the first included. */
        @WithDefault("3")
        int attempts();

        /** First wait before a retry, doubled each time (a {@code Retry-After} is honoured instead). */
        @WithDefault("1s")
        Duration retryBackoff();
    }

    interface Memory {
        /** How long she is left without a message before she reflects on it by day (upstream's idle_timeout). */
        @WithDefault("3600s")
        Duration idleTimeout();

        /** The largest file of what she knows that a person may write by hand, in bytes. */
        @WithDefault("65536")
        int maxFileBytes();

        /** How long one reflection may take, her Mind's answer included. */
        @WithDefault("10m")
        Duration reflectionTimeout();
    }

    interface Media {
        /** Largest image kept under her media/ (and shown to her eye), in bytes. */
        @WithDefault("10485760")
        long imageMaxBytes();

        /** Largest voice message or audio file kept (and heard by her ear), in bytes; Gemini takes 20 MB inline. */
        @WithDefault("20971520")
        long audioMaxBytes();

        /** Largest document kept (and read by her researcher), in bytes. */
        @WithDefault("20971520")
        long documentMaxBytes();

        /** How long an organ call may go without a byte from its provider before it is given up. */
        @WithDefault("120s")
        Duration organIdleTimeout();

        /** Largest answer accepted from an organ's provider (a drawn image or a spoken voice, base64 included). */
        @WithDefault("67108864")
        long answerMaxBytes();
    }

    interface Keys {
        /** The machine key that wraps diary keys, base64 (32 bytes); generated under keys/ when absent. */
        Optional<String> machineKey();
    }

    interface Api {
        /** Bearer token required on /api when set; mandatory when binding beyond loopback. */
        Optional<String> token();

        /** Host names accepted besides localhost, 127.0.0.1 and [::1] (DNS-rebinding guard). */
        Optional<List<String>> allowedHosts();
    }
}
