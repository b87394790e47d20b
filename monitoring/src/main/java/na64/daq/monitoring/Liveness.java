package na64.daq.monitoring;

import na64.daq.pipeline.Counter;
import na64.daq.pipeline.CounterDescriptor;
import na64.daq.pipeline.CounterRegistry;
import na64.daq.pipeline.NanoClock;

/**
 * Seconds since each source's last frame, read from ingest's counters with the ingest's clock.
 * A source that has sent nothing yet counts from the moment monitoring started, so a front-end that
 * never connects looks silent instead of invisible. Without an ingest stage (no such counters
 * registered) every source counts as silent since start and disconnected.
 */
final class Liveness {
    private static final Counter NEVER = new Counter();

    private final Counter[] lastFrameNanos;
    private final Counter[] connected;
    private final NanoClock clock;
    private final long startNanos;

    Liveness(CounterRegistry counters, NanoClock clock) {
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        int n = counters.sourceCount();
        lastFrameNanos = new Counter[n];
        connected = new Counter[n];
        for (int i = 0; i < n; i++) {
            lastFrameNanos[i] = orNever(counters.find(CounterDescriptor.SOURCE_LAST_FRAME, i, null));
            connected[i] = orNever(counters.find(CounterDescriptor.SOURCE_CONNECTED, i, null));
        }
    }

    private static Counter orNever(Counter c) {
        return c != null ? c : NEVER;
    }

    /** Seconds since the last frame of the source at dense index {@code i}; never negative. */
    double secondsSinceLastFrame(int i) {
        long last = lastFrameNanos[i].get();
        long since = last == 0 ? startNanos : last;
        return Math.max(0, clock.nanoTime() - since) / 1e9;
    }

    boolean connected(int i) {
        return connected[i].get() != 0;
    }
}
