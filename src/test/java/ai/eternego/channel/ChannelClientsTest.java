package ai.eternego.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import ai.eternego.provider.OrganFault;
import ai.eternego.provider.OrganFault.Kind;
import ai.eternego.testing.FakeWorld;
import ai.eternego.testing.Fakes;
import ai.eternego.testing.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeWorld.class)
class ChannelClientsTest {

    private static final String TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    private static final String DISCORD_TOKEN = "MTA4.discord-bot-token.xyz";
    private static final Duration BOUND = Duration.ofSeconds(20);

    @InjectWireMock
    WireMockServer wm;

    @Inject
    ChannelClients channels;

    @Inject
    TelegramClient telegram;

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    @Test
    void telegramGetMeProvesTheBot() {
        Fakes.telegramBot(wm, TELEGRAM_TOKEN);
        channels.verify(new ChannelSpec(ChannelType.TELEGRAM, TELEGRAM_TOKEN)).await().atMost(BOUND);
        wm.verify(1, getRequestedFor(urlEqualTo("/telegram/bot" + TELEGRAM_TOKEN + "/getMe")));
    }

    @Test
    void telegramRefusesAWrongToken() {
        Fakes.telegramBot(wm, TELEGRAM_TOKEN);
        OrganFault fault = fails(ChannelType.TELEGRAM, "987654321:wrongwrongwrong");
        assertEquals(Kind.REFUSED, fault.kind());
        assertEquals("the bot token was refused", fault.reason());
    }

    @Test
    void telegram404MeansAMalformedToken() {
        Fakes.telegramMalformed(wm);
        assertEquals("the bot token is malformed", fails(ChannelType.TELEGRAM, "not-a-token").reason());
    }

    @Test
    void aTokenThatCouldLeaveThePathIsNeverSent() {
        assertEquals("the bot token is malformed", fails(ChannelType.TELEGRAM, "1:abc/../../x?y").reason());
        assertEquals(0, Fakes.served(wm).size());
    }

    @Test
    void telegramServerErrorsAndUnreachableServersAreNotTheUsersFault() {
        Fakes.failing(wm, FakeWorld.TELEGRAM, 502);
        assertEquals("the provider did not answer; try again", fails(ChannelType.TELEGRAM, TELEGRAM_TOKEN).reason());
        String closed = Fakes.closedPortUrl();
        OrganFault fault = assertThrows(OrganFault.class,
                () -> telegram.verify(closed, TELEGRAM_TOKEN).await().atMost(BOUND));
        assertEquals("could not reach Telegram at " + closed, fault.reason());
    }

    @Test
    void discordSendsBotAuthorization() {
        Fakes.discordBot(wm, DISCORD_TOKEN);
        channels.verify(new ChannelSpec(ChannelType.DISCORD, DISCORD_TOKEN)).await().atMost(BOUND);
        wm.verify(1, getRequestedFor(urlEqualTo("/discord/api/v10/users/@me"))
                .withHeader("Authorization", equalTo("Bot " + DISCORD_TOKEN)));
    }

    @Test
    void discordRefusesAWrongToken() {
        Fakes.discordBot(wm, DISCORD_TOKEN);
        assertEquals("the bot token was refused", fails(ChannelType.DISCORD, "wrong.token").reason());
    }

    private OrganFault fails(ChannelType type, String token) {
        OrganFault fault = assertThrows(OrganFault.class,
                () -> channels.verify(new ChannelSpec(type, token)).await().atMost(BOUND));
        assertFalse(fault.getMessage().contains(token), fault.getMessage());
        return fault;
    }
}
