package ai.eternego.channel;

import io.smallrye.mutiny.Uni;

/** Where a session puts each message it receives; the session moves past it once the answer succeeded. */
@FunctionalInterface
public interface IncomingSink {

    Uni<Void> receive(Incoming message);
}
