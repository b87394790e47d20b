package na64.daq.app.bench;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * How the sources of one segment of the load keep together, and where the segment ends.
 *
 * <p><b>Together:</b> real front-ends are driven by one trigger, so none runs ahead of another by
 * more than its buffers. A receiver that reads every connection as fast as it can (the discard
 * sink) would otherwise let the trigger unit, with 48-byte fragments, race millions of events ahead
 * of the calorimeters with 2 kB ones. So a source more than {@link #SKEW} events ahead of the
 * slowest one waits ({@link #hold}); the slowest never waits, so this cannot deadlock.
 *
 * <p><b>End:</b> every source must send the same events, or the service would count the missing
 * fragments as incomplete events. With a fixed count the end is known from the start; for a timed
 * run each source claims the events it is about to send before sending them ({@link #grant}), and
 * {@link #stop()} ends the segment at the highest claim, so no source has gone past the end and
 * every source can still reach it. One lock per batch of events, never contended for long.
 */
final class StopPoint {
    /** Events a source may be ahead of the slowest one (at most a batch more). */
    static final long SKEW = 8192;
    private static final long OPEN = Long.MAX_VALUE;
    private static final long HOLD_PARK_NS = 20_000;
    private final AtomicLongArray done;
    private volatile boolean aborted;
    private long end;
    private long claimed;

    private StopPoint(int sources, long end) {
        this.done = new AtomicLongArray(sources);
        this.end = end;
    }

    /** A segment of exactly {@code events} events for {@code sources} sources. */
    static StopPoint after(int sources, long events) {
        return new StopPoint(sources, events);
    }

    /** A segment for {@code sources} sources that lasts until {@link #stop()}. */
    static StopPoint open(int sources) {
        return new StopPoint(sources, OPEN);
    }

    /**
     * A source wants to send up to event index {@code want} (exclusive, counted from the segment's
     * start); returns how far it may go: {@code want}, or less once the end is fixed.
     */
    synchronized long grant(long want) {
        if (end == OPEN) {
            claimed = Math.max(claimed, want);
            return want;
        }
        return Math.min(want, end);
    }

    /** Fixes the end at the highest claim so far (if not fixed already) and returns it. */
    synchronized long stop() {
        if (end == OPEN) {
            end = claimed;
        }
        return end;
    }

    /** Source {@code source} has sent {@code events} events of the segment. */
    void advanced(int source, long events) {
        done.set(source, events);
    }

    /** Waits while source {@code source}, with {@code events} sent, is more than {@link #SKEW} ahead of the slowest. */
    void hold(int source, long events) throws IOException {
        while (events - slowest() > SKEW) {
            if (aborted) {
                throw new IOException("another source failed");
            }
            LockSupport.parkNanos(HOLD_PARK_NS);
        }
    }

    /** Releases every held source with an error (another source failed). */
    void abort() {
        aborted = true;
    }

    private long slowest() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < done.length(); i++) {
            min = Math.min(min, done.get(i));
        }
        return min;
    }
}
