package na64.daq.testkit;

import java.util.concurrent.atomic.AtomicInteger;

import na64.daq.pipeline.EpochClock;
import na64.daq.pipeline.NanoClock;

/**
 * A {@link NanoClock} (and {@link EpochClock}, reading the same value) that only moves when told to,
 * for deterministic timeout tests. A test that must know when a thread has taken the time (set a
 * deadline, say) before moving the clock {@linkplain #watch watches} that thread and awaits its
 * first read.
 */
public final class ManualClock implements NanoClock, EpochClock {
    private volatile long now;
    private volatile Thread watched;
    private final AtomicInteger watchedReads = new AtomicInteger();

    public ManualClock(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanoTime() {
        if (watched == Thread.currentThread()) {
            watchedReads.incrementAndGet();
        }
        return now;
    }

    @Override
    public long epochNanos() {
        return nanoTime();
    }

    /** Only the test thread moves the clock. */
    public void advanceMillis(long ms) {
        now += ms * 1_000_000L;
    }

    public void advanceNanos(long ns) {
        now += ns;
    }

    /** Counts the reads {@code t} makes from now on (one thread at a time). */
    public void watch(Thread t) {
        watchedReads.set(0);
        watched = t;
    }

    /** Reads made by the watched thread since {@link #watch}. */
    public int watchedReads() {
        return watchedReads.get();
    }
}
