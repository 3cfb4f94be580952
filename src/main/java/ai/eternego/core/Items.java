package ai.eternego.core;

import java.util.concurrent.Flow;
import java.util.function.Consumer;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * The items of a stream handled as they come, for streams of many small items (the pieces of her answer).
 * A callback handed to a Mutiny operator is wrapped to carry the caller's contexts (CDI's request context
 * among them) and they are set up and torn down around every call: for a piece of a few characters that
 * costs more than the piece. Here the callback is called as it is, so it must need no such context.
 */
public final class Items {

    private Items() {
    }

    /**
     * Calls {@code each} with every item of {@code items} in order; the answer is {@code null} once they are
     * all handled, or the failure of the stream (or of {@code each}, which cancels the stream). Cancelling the
     * answer cancels the stream.
     */
    public static <T> Uni<Void> each(Multi<T> items, Consumer<? super T> each) {
        return Uni.createFrom().emitter(done -> items.subscribe().withSubscriber(new Each<>(done, each)));
    }

    private static final class Each<T> implements MultiSubscriber<T> {
        private final UniEmitter<? super Void> done;
        private final Consumer<? super T> each;
        private Flow.Subscription subscription;
        private boolean over;

        Each(UniEmitter<? super Void> done, Consumer<? super T> each) {
            this.done = done;
            this.each = each;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            done.onTermination(subscription::cancel);
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onItem(T item) {
            if (over) {
                return;
            }
            try {
                each.accept(item);
            } catch (RuntimeException failure) {
                over = true;
                subscription.cancel();
                done.fail(failure);
            }
        }

        @Override
        public void onFailure(Throwable failure) {
            if (!over) {
                over = true;
                done.fail(failure);
            }
        }

        @Override
        public void onCompletion() {
            if (!over) {
                over = true;
                done.complete(null);
            }
        }
    }
}
