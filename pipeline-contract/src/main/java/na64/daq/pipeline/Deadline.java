package na64.daq.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A point in time on a {@link NanoClock} by which waiting must stop. Every wait of the service's
 * shutdown (connections delivering, the ring draining, a thread ending) is a poll of a condition
 * against one deadline, so none can hang: when the deadline passes the caller goes on and reports
 * it. Read on the service's clock, so a test with a hand-driven clock makes a deadline pass by
 * advancing it, and a real one passes by itself. Waiting threads poll every {@value #POLL_MICROS}
 * µs; shutdown is not a hot path.
 */
public final class Deadline {
    static final long POLL_MICROS = 1000;

    private final NanoClock clock;
    private final long at;
    private final long timeoutNanos;

    /** The deadline {@code timeoutNanos} after now on {@code clock}. */
    public Deadline(NanoClock clock, long timeoutNanos) {
        this.clock = clock;
        this.timeoutNanos = timeoutNanos;
        this.at = clock.nanoTime() + timeoutNanos;
    }

    /**
     * Waits until {@code done} holds or the deadline passes; true if it holds. An interrupt ends the
     * wait early (false, with the thread's interrupt flag kept), so a stop can itself be cut short.
     */
    public boolean await(BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            if (passed() || Thread.currentThread().isInterrupted()) {
                return done.getAsBoolean();
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(POLL_MICROS));
        }
        return true;
    }

    /** Whether the deadline has passed. */
    public boolean passed() {
        return clock.nanoTime() - at >= 0;
    }

    /** Nanoseconds left, never negative. */
    public long remainingNanos() {
        return Math.max(0, at - clock.nanoTime());
    }

    /** The whole time this deadline gave, in milliseconds (for the log line that says it passed). */
    public long timeoutMillis() {
        return TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    }
}
