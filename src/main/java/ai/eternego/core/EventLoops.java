package ai.eternego.core;

import java.util.concurrent.Executor;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * Where a door listens. Work handed back to the event loop a door answers on (her Mind's stream, when an
 * HTTP door asked) reaches that door without crossing a thread for every chunk.
 */
public final class EventLoops {

    private EventLoops() {
    }

    /** The event loop this code runs on, as an executor; or {@code null} when it runs on none. */
    public static Executor current() {
        Context here = Vertx.currentContext();
        if (here == null || !here.isEventLoopContext()) {
            return null;
        }
        Context loop = ((ContextInternal) here).unwrap();
        return command -> loop.runOnContext(ignored -> command.run());
    }
}
