package ai.eternego.channel;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

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
    /** Files on Discord are the other half of the media work (a parallel branch); until then, said in words. */
    private static final String FILES_NOT_YET = "Discord files are not supported yet";

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
        return DiscordText.LIMIT;
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
            Incoming incoming = new Incoming(message.channelId(), text, false);
            tail = tail.thenCompose(done -> Uni.createFrom().deferred(() -> sink.receive(incoming))
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
            return discord.send(chatId, text).onFailure().transform(failure -> new SendRefused(
                    failure instanceof DiscordFault fault ? fault.getMessage() : "Discord did not take the message",
                    "closed".equals(discord.state().words())));
        }

        @Override
        public Uni<Void> download(Attachment attachment, Path target, long maxBytes) {
            return Uni.createFrom().failure(new SendRefused(FILES_NOT_YET, false));
        }

        @Override
        public Uni<Void> sendFile(String chatId, MediaKind kind, Path file, String contentType, String caption) {
            return Uni.createFrom().failure(new SendRefused(FILES_NOT_YET, false));
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
