package ai.eternego.persona;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Her answer to one message as it comes: her words as they arrive (a late listener first gets what was
 * already said), then what she said as kept in her conversation file.
 */
public final class Reply {

    private final StringBuilder words = new StringBuilder();
    /** Copied on change, not on every word: a listener that leaves while a word is told to it is safe. */
    private final List<MultiEmitter<? super String>> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Said> said = new CompletableFuture<>();
    private boolean ended;

    /**
     * Her words as they arrive; completes when she stops speaking. Each word is handed on as it is told,
     * not queued: read it with {@link ai.eternego.core.Items#each}, which takes every word at once.
     */
    public Multi<String> words() {
        return Multi.createFrom().emitter(emitter -> {
            synchronized (this) {
                if (words.length() > 0) {
                    emitter.emit(words.toString());
                }
                if (ended) {
                    emitter.complete();
                } else {
                    listeners.add(emitter);
                    emitter.onTermination(() -> forget(emitter));
                }
            }
        }, BackPressureStrategy.IGNORE);
    }

    /** What she said, once it is kept; fails only when it could not be kept. */
    public Uni<Said> said() {
        return Uni.createFrom().completionStage(said);
    }

    synchronized void word(String piece) {
        words.append(piece);
        for (MultiEmitter<? super String> listener : listeners) {
            listener.emit(piece);
        }
    }

    void end(Said kept) {
        stopSpeaking();
        said.complete(kept);
    }

    void fail(Throwable failure) {
        stopSpeaking();
        said.completeExceptionally(failure);
    }

    private void stopSpeaking() {
        List<MultiEmitter<? super String>> done;
        synchronized (this) {
            ended = true;
            done = List.copyOf(listeners);
            listeners.clear();
        }
        done.forEach(MultiEmitter::complete);
    }

    private void forget(MultiEmitter<? super String> emitter) {
        listeners.remove(emitter);
    }
}
