package ai.eternego.channel;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.eternego.config.EternegoConfig;
import ai.eternego.store.MediaKind;
import io.smallrye.mutiny.Uni;

/**
 * Discord as a chat platform: each bot is one gateway session ({@link DiscordGateway}); a person's direct
 * messages (and mentions of her) go to the sink one after another, in the order they came, and her words
 * go back through Discord's REST side, ordered and within its rate limits. Discord keeps no offset: a
 * message the sink could not take is offered again a few times with backoff, then let go.
 */
@ApplicationScoped
public class DiscordPlatform implements ChatPlatform {

    private static final Logger LOG = Logger.getLogger(DiscordPlatform.class);
    private static final int OFFERS = 5;

    private final DiscordGateway gateway;
    private final EternegoConfig.Channels config;

    public DiscordPlatform(DiscordGateway gateway, EternegoConfig config) {
        this.gateway = gateway;
        this.config = config.channels();
    }

    @Override
    public ChannelType type() {
        return ChannelType.DISCORD;
    }

    @Override
    public int maxMessageLength() {
        return DiscordSession.LIMIT;
    }

    @Override
    public ChatSession open(String token, ChannelMemory memory, IncomingSink sink) {
        Receiver receiver = new Receiver(sink);
        return new Session(gateway.open(token, receiver));
    }

    /** Hands her messages to the sink in order, each once the one before it was taken (or let go). */
    private final class Receiver implements DiscordListener {

        private final IncomingSink sink;
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        Receiver(IncomingSink sink) {
            this.sink = sink;
        }

        @Override
        public synchronized void message(DiscordMessage message) {
            String text = message.content() == null || message.content().isBlank() ? null : message.content();
            Incoming first = new Incoming(message.channelId(), message.id(), text, false, message.attachments(), false);
            AtomicBoolean offered = new AtomicBoolean();
            tail = tail.thenCompose(done -> Uni.createFrom()
                    .deferred(() -> sink.receive(offered.getAndSet(true) ? first.offeredAgain() : first))
                    .onFailure().retry().withBackOff(config.backoff(), config.maxBackoff()).atMost(OFFERS)
                    .onFailure().invoke(failure -> LOG.infof("A Discord message could not be taken after %d offers",
                            OFFERS))
                    .onFailure().recoverWithNull()
                    .subscribeAsCompletionStage());
        }

        @Override
        public void state(DiscordState state) {
            if (state.stopped()) {
                LOG.infof("A Discord channel stopped: %s", state.words());
            }
        }
    }

    /** One bot's gateway session, seen as a chat session. */
    private record Session(DiscordSession discord) implements ChatSession {

        @Override
        public Uni<Void> send(String chatId, String text) {
            return refused(discord.send(chatId, text), "Discord did not take the message");
        }

        @Override
        public Uni<Void> download(Attachment attachment, Path target, long maxBytes) {
            return discord.download(attachment, target, maxBytes).onFailure().transform(failure -> new SendRefused(
                    failure instanceof DiscordFault fault ? fault.getMessage() : "the file could not be fetched", false));
        }

        /** Every kind goes the same way on Discord: an attachment the client shows as it is. */
        @Override
        public Uni<Void> sendFile(String chatId, MediaKind kind, Path file, String contentType, String caption) {
            return refused(discord.sendFile(chatId, file, contentType, caption), "Discord did not take the file");
        }

        private Uni<Void> refused(Uni<Void> sending, String otherwise) {
            return sending.onFailure().transform(failure -> new SendRefused(
                    failure instanceof DiscordFault fault ? fault.getMessage() : otherwise,
                    "closed".equals(discord.state().words())));
        }

        @Override
        public void typing(String chatId) {
            discord.typing(chatId).subscribe().with(done -> {
            }, failure -> {
            });
        }

        @Override
        public void close() {
            discord.close().subscribe().with(done -> {
            }, failure -> {
            });
        }

        @Override
        public SessionState state() {
            DiscordState state = discord.state();
            return new SessionState(state.connected(), state.stopped() ? state.words() : state.lastError());
        }
    }
}
