package ai.eternego.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;

/** Every item handled in order, then done; a failure, of the stream or of the handling, ends it; so does a cancel. */
class ItemsTest {

    @Test
    void everyItemInOrderThenDone() {
        List<Integer> seen = new ArrayList<>();
        Void done = Items.each(Multi.createFrom().range(0, 1000), seen::add).await().atMost(Duration.ofSeconds(5));
        assertNull(done);
        assertEquals(1000, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void theStreamsFailureIsTheAnswersAfterTheItemsBeforeIt() {
        List<String> seen = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Items.each(Multi.createFrom().<String>emitter(emitter -> {
            emitter.emit("a");
            emitter.fail(new IllegalStateException("broken"));
        }), seen::add).subscribe().with(ok -> { }, failed::set);
        assertEquals(List.of("a"), seen);
        assertEquals("broken", failed.get().getMessage());
    }

    @Test
    void aFailureWhileHandlingAnItemCancelsTheStreamAndIsTheAnswer() {
        List<String> seen = new ArrayList<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<MultiEmitter<? super String>> source = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Items.each(Multi.createFrom().<String>emitter(emitter -> {
            source.set(emitter);
            emitter.onTermination(() -> cancelled.set(true));
        }), item -> {
            if (item.equals("bad")) {
                throw new IllegalArgumentException("cannot take it");
            }
            seen.add(item);
        }).subscribe().with(ok -> { }, failed::set);
        source.get().emit("good").emit("bad").emit("after");
        assertEquals(List.of("good"), seen, "nothing is handled after the failure");
        assertInstanceOf(IllegalArgumentException.class, failed.get());
        assertTrue(cancelled.get(), "the stream was cancelled");
    }

    @Test
    void cancellingTheAnswerCancelsTheStream() {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<MultiEmitter<? super String>> source = new AtomicReference<>();
        List<String> seen = new ArrayList<>();
        Cancellable answer = Items.each(Multi.createFrom().<String>emitter(emitter -> {
            source.set(emitter);
            emitter.onTermination(() -> cancelled.set(true));
        }), seen::add).subscribe().with(ok -> { }, failure -> { });
        source.get().emit("one");
        answer.cancel();
        assertTrue(cancelled.get());
        assertEquals(List.of("one"), seen);
    }
}
