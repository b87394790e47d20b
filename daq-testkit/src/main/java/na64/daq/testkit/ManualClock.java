package na64.daq.testkit;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import na64.daq.pipeline.EpochClock;
import na64.daq.pipeline.NanoClock;

/**
 * A {@link NanoClock} (and {@link EpochClock}, reading the same value) that only moves when told to,
 * for deterministic timeout tests. A test that must know a task has taken the time (set its
 * deadline, say) before moving the clock past it starts the task with {@link #startAndAwaitFirstRead}.
 */
public final class ManualClock implements NanoClock, EpochClock {
    private volatile long now;
    /** The thread whose first read {@link #firstRead} waits for, or null. */
    private volatile Thread watched;
    private volatile CountDownLatch firstRead;

    public ManualClock(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanoTime() {
        long t = now; // read before telling: time moved after the tell must not count for this read
        if (watched == Thread.currentThread()) {
            firstRead.countDown();
        }
        return t;
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

    /**
     * Runs {@code task} on a new thread named {@code threadName} and returns once that thread has read
     * this clock, so time the caller moves from then on counts for the task. One task at a time.
     *
     * @throws AssertionError if the task does not read the clock within 10 s
     */
    public <T> FutureTask<T> startAndAwaitFirstRead(String threadName, Callable<T> task) throws InterruptedException {
        FutureTask<T> future = new FutureTask<>(task);
        Thread t = new Thread(future, threadName);
        CountDownLatch read = new CountDownLatch(1);
        firstRead = read;
        watched = t;
        t.start();
        if (!read.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError(threadName + " did not read the clock within 10 s");
        }
        watched = null;
        return future;
    }
}
