package ai.eternego.organ;

/** Receives the steps of a long operation; must be cheap and thread-safe. */
@FunctionalInterface
public interface ProgressSink {

    ProgressSink NONE = progress -> {
    };

    void emit(Progress progress);
}
