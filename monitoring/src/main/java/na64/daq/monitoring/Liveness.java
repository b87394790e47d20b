package na64.daq.monitoring;

import na64.daq.pipeline.NanoClock;
import na64.daq.ingest.IngestCounters;

/**
 * Seconds since each source's last frame, read from the ingest counters with the ingest's clock.
 * A source that has sent nothing yet counts from the moment monitoring started, so a front-end that
 * never connects looks silent instead of invisible.
 */
final class Liveness {
    private final IngestCounters ingest;
    private final NanoClock clock;
    private final long startNanos;

    Liveness(IngestCounters ingest, NanoClock clock) {
        this.ingest = ingest;
        this.clock = clock;
        this.startNanos = clock.nanoTime();
    }

    /** Seconds since the last frame of the source at dense index {@code i}; never negative. */
    double secondsSinceLastFrame(int i) {
        long last = ingest.lastFrameNanos[i].get();
        long since = last == 0 ? startNanos : last;
        return Math.max(0, clock.nanoTime() - since) / 1e9;
    }

    boolean connected(int i) {
        return ingest.connected[i].get() != 0;
    }
}
