package ai.eternego.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.core.Refusal;

/**
 * Who may touch a persona now. Writers of one persona are serialised by her lock; a create, migrate,
 * update or delete in flight claims her id so that a second one is refused instead of waiting.
 */
@ApplicationScoped
public class PersonaLocks {

    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    /** Runs {@code work} while holding her writer lock. */
    public <T> T locked(String id, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Claims an id for work in flight; a second claim of the same id is a conflict until {@link #release}. */
    public void claim(String id, String conflictSentence) {
        if (!busy.add(id)) {
            throw Refusal.conflict(conflictSentence);
        }
    }

    public void release(String id) {
        busy.remove(id);
    }
}
