package ai.eternego.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * Proves concurrency without sleeping: while a {@link Gate} is armed, the fake answers none of the
 * first {@code parties} requests until all of them have arrived. Work done one part after another
 * never gets that far: the first request waits out the bound, the gate breaks and lets everyone
 * through, and {@link Gate#metTogether()} is false.
 *
 * <p>Registered on {@link FakeWorld}'s WireMock; a test gets it with {@code @InjectWireMock Barrier barrier}.
 */
public final class Barrier implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "eternego-barrier";

    private final AtomicReference<Gate> gate = new AtomicReference<>();

    /** Holds the next {@code parties} requests until all have arrived, each for at most {@code bound}. */
    public Gate arm(int parties, Duration bound) {
        Gate armed = new Gate(parties, bound);
        gate.set(armed);
        return armed;
    }

    /** Lets every request through at once again. */
    public void disarm() {
        Gate armed = gate.getAndSet(null);
        if (armed != null) {
            armed.release();
        }
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Gate armed = gate.get();
        if (armed != null) {
            armed.arrive(event.getRequest().getMethod() + " " + event.getRequest().getUrl());
        }
        return event.getResponseDefinition();
    }

    @Override
    public String getName() {
        return NAME;
    }

    /** One armed barrier: who arrived, and whether they were all in flight together. */
    public static final class Gate {

        private final int parties;
        private final Duration bound;
        private final CountDownLatch latch;
        private final AtomicInteger arrivals = new AtomicInteger();
        private final AtomicBoolean broken = new AtomicBoolean();
        private final List<String> requests = new CopyOnWriteArrayList<>();

        private Gate(int parties, Duration bound) {
            this.parties = parties;
            this.bound = bound;
            this.latch = new CountDownLatch(parties);
        }

        private void arrive(String request) {
            if (arrivals.getAndIncrement() >= parties) {
                return;
            }
            requests.add(request);
            latch.countDown();
            if (broken.get()) {
                return;
            }
            try {
                if (!latch.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                    broken.set(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                broken.set(true);
            }
        }

        private void release() {
            broken.compareAndSet(false, latch.getCount() > 0);
            while (latch.getCount() > 0) {
                latch.countDown();
            }
        }

        /** True when all {@code parties} requests were waiting at the same time. */
        public boolean metTogether() {
            return requests.size() == parties && !broken.get();
        }

        /** How many of the awaited requests arrived. */
        public int arrived() {
            return requests.size();
        }

        /** The awaited requests as {@code METHOD url}, in arrival order. */
        public List<String> requests() {
            return List.copyOf(requests);
        }
    }
}
