package ai.eternego.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import ai.eternego.testing.FakeTelegram;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import io.vertx.core.json.JsonObject;

/**
 * Issue 11's kill -9 for Telegram, against the packaged service: a persona with a Telegram bot (a
 * {@link FakeTelegram} in this JVM) and a Mind that echoes what it was told (WireMock in this JVM), paired to
 * one chat. Each round pushes an update, kills the service with SIGKILL at a chosen moment (the update given
 * to her, the update confirmed to Telegram before she answered, her reply taken by Telegram), pushes another
 * update while she is dead, and restarts her on the same home. Every update pushed must be answered, no
 * update's answer sent twice, and nothing sent to a stranger. In the rounds killed after the update was
 * confirmed the update pushed while she is dead comes from a stranger, so that her first message is seen
 * answered on its own (not merely along with a later one). Killed while Telegram is taking her answer (before
 * her outbox knows it went) she sends it again: the Bot API has no idempotency key, so that moment is not
 * one of these; the kill after her answer waits until her outbox no longer holds it. {@code -Dtelegram.kills=N} rounds (5).
 */
class TelegramCrashIT {

    private static final String KEY = "sk-ant-tgcrash-key";
    private static final String TOKEN = "777777:TG-crash-KILL";
    private static final long CHAT = 4242;
    private static final long STRANGER = 9999;
    private static final Pattern CODE = Pattern.compile("\\b([0-9A-F]{6})\\b");
    private static final Duration BOUND = Duration.ofSeconds(30);

    /** When in a round the service is killed. */
    private enum Moment {
        /** Telegram gave her the update; she may or may not have read it. */
        DELIVERED,
        /** She asked for the next update (the first one is handled) and has not answered yet. */
        CONFIRMED,
        /** Telegram took her answer. */
        REPLIED
    }

    @Test
    void killedAroundAnUpdateSheAnswersEachOnceAndLosesNone() throws Exception {
        int kills = Integer.getInteger("telegram.kills", 5);
        Path work = Files.createTempDirectory("eternego-tgcrash");
        Path log = work.resolve("service.log");
        WireMockServer wm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(16));
        wm.start();
        FakeTelegram tg = new FakeTelegram(FakeWorld.TELEGRAM);
        ServiceProcess service = null;
        try {
            Fakes.anthropicModelAt(wm, FakeWorld.ANTHROPIC, "claude-sonnet-4-6", KEY);
            List<String> tags = new ArrayList<>();
            for (int round = 1; round <= kills; round++) {
                tags.add("r" + round + "a");
                tags.add("r" + round + "b");
            }
            echoes(wm, tags);
            Map<String, String> properties = Map.of("eternego.home", work.resolve("home").toString(),
                    "eternego.providers.anthropic.url", Fakes.url(wm, FakeWorld.ANTHROPIC),
                    "eternego.providers.ollama.url", Fakes.closedPortUrl(),
                    "eternego.channels.telegram.url", tg.url());
            service = ServiceProcess.start(properties, log, Duration.ofSeconds(120));
            HttpResponse<String> created = service.postJson("/api/persona/create", """
                    {"name": "Nadia", "thinking_model": "claude-sonnet-4-6", "thinking_provider": "anthropic",
                     "thinking_api_key": "%s", "telegram_token": "%s"}""".formatted(KEY, TOKEN));
            assertEquals(200, created.statusCode(), created.body());
            String id = new JsonObject(created.body()).getJsonObject("persona").getString("id");
            await(() -> tg.parked(TOKEN) == 1, "her bot polls");
            Path outbox = work.resolve("home").resolve("personas").resolve(id)
                    .resolve("workspace/channels/telegram.outbox.json");

            tg.push(TOKEN, CHAT, "hello");
            await(() -> !tg.sent(TOKEN, CHAT).isEmpty(), "the first chat is given a pairing code");
            Matcher code = CODE.matcher(tg.sent(TOKEN, CHAT).get(0));
            assertTrue(code.find(), "a pairing code: " + tg.sent(TOKEN, CHAT));
            HttpResponse<String> paired = service.postJson("/api/persona/" + id + "/pair",
                    "{\"code\": \"" + code.group(1) + "\"}");
            assertEquals(200, paired.statusCode(), paired.body());
            long strangerUpdate = tg.push(TOKEN, STRANGER, "let me in");
            await(() -> tg.confirmed(TOKEN, strangerUpdate), "the stranger's update is passed over");

            for (int round = 1; round <= kills; round++) {
                Moment moment = Moment.values()[(round - 1) % Moment.values().length];
                String first = "r" + round + "a";
                String second = "r" + round + "b";
                long update = tg.push(TOKEN, CHAT, "say " + first);
                switch (moment) {
                    case DELIVERED -> spin(() -> tg.delivered(TOKEN, update), "the update is delivered");
                    case CONFIRMED -> spin(() -> tg.confirmed(TOKEN, update), "the update is confirmed");
                    case REPLIED -> spin(() -> answers(tg, first) > 0 && !outboxHolds(outbox, first),
                            "her answer is sent and she knows it");
                }
                boolean answeredBefore = answers(tg, first) > 0;
                service.kill();
                System.out.printf("TelegramCrashIT: round %d killed at %s (answered before the kill: %s)%n", round,
                        moment, answeredBefore);
                if (moment == Moment.CONFIRMED) {
                    // her chat stays quiet: the first update must be answered on its own, not along with a second
                    tg.push(TOKEN, STRANGER, "say " + second);
                } else {
                    tg.push(TOKEN, CHAT, "say " + second);
                }
                service = ServiceProcess.start(properties, log, Duration.ofSeconds(120));
                // the round ends when she knows her answers went, so that the next kill is not one mid-send
                await(() -> answers(tg, first) > 0 && (moment == Moment.CONFIRMED || answers(tg, second) > 0)
                        && !outboxHolds(outbox, first) && !outboxHolds(outbox, second),
                        "round " + round + ": its updates answered after the restart; sent " + tg.sent(TOKEN, CHAT));
            }
            long last = tg.push(TOKEN, CHAT, "say done");
            await(() -> tg.confirmed(TOKEN, last) && tg.sent(TOKEN, CHAT).stream().anyMatch(t -> t.contains("done")),
                    "a last update is answered, so every earlier answer had its chance to come twice");

            List<String> sent = tg.sent(TOKEN, CHAT);
            System.out.println("TelegramCrashIT: " + kills + " SIGKILLs, " + (2 * kills) + " updates, sent " + sent);
            for (int round = 1; round <= kills; round++) {
                Moment moment = Moment.values()[(round - 1) % Moment.values().length];
                assertEquals(1, answers(tg, "r" + round + "a"), "round " + round + ": update answered once: " + sent);
                assertEquals(moment == Moment.CONFIRMED ? 0 : 1, answers(tg, "r" + round + "b"),
                        "round " + round + ": the update pushed while she was dead answered once (a stranger's "
                                + "never): " + sent);
            }
            assertEquals(List.of(), tg.sent(TOKEN, STRANGER), "nothing is ever sent to a stranger");
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(!text.contains("TG-crash-KILL"), "the bot token reached the log");
        } finally {
            if (service != null) {
                service.close();
            }
            tg.close();
            wm.stop();
        }
    }

    /** Whether her outbox file still holds her answer to {@code tag} (she does not know yet that it went). */
    private static boolean outboxHolds(Path outbox, String tag) {
        try {
            return !Files.exists(outbox) || Files.readString(outbox, StandardCharsets.UTF_8).contains(tag);
        } catch (IOException replacedMeanwhile) {
            return true;
        }
    }

    /** The texts sent to her chat that answer {@code tag}. */
    private static long answers(FakeTelegram tg, String tag) {
        return tg.sent(TOKEN, CHAT).stream().filter(t -> t.contains("echo " + tag) || t.contains(tag + " echo"))
                .count();
    }

    /**
     * Her Mind repeats the tags of the newest message it is given ("echo r1a"), or both tags of a round when
     * she answers two messages in one turn ("echo r1a r1b echo"), slowly enough to be killed while thinking.
     */
    private static void echoes(WireMockServer wm, List<String> tags) {
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            stub(wm, 5, List.of(tag), "echo " + tag);
            if (i % 2 == 1) {
                String before = tags.get(i - 1);
                stub(wm, 1, List.of(before, tag), "echo " + before + " " + tag + " echo");
            }
        }
        stub(wm, 5, List.of("done"), "done");
    }

    private static void stub(WireMockServer wm, int priority, List<String> tags, String answer) {
        var request = post(urlPathEqualTo(FakeWorld.ANTHROPIC + "/v1/messages")).atPriority(priority)
                .withHeader("x-api-key", equalTo(KEY));
        for (String tag : tags) {
            request = request.withRequestBody(matchingJsonPath("$.messages[-1:]", containing("say " + tag)));
        }
        String body = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + answer + "\"}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        wm.stubFor(request.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(body).withFixedDelay(500)));
    }

    private static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    /** Waits closely (a millisecond at a time), so that the kill follows the moment at once. */
    private static void spin(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(condition::getAsBoolean);
    }
}
