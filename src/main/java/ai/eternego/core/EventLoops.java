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

    /**
     * The event loop of the context this code runs in, as an executor (work a worker does for a request of
     * an event loop has that loop's context); or {@code null} when there is none.
     */
    public static Executor current() {
        Context loop = context();
        return loop == null ? null : command -> loop.runOnContext(ignored -> command.run());
    }

    /** The event-loop context this code runs in, as {@link #current()} finds it; or {@code null}. */
    public static Context context() {
        Context here = Vertx.currentContext();
        return here == null || !here.isEventLoopContext() ? null : ((ContextInternal) here).unwrap();
    }
}
