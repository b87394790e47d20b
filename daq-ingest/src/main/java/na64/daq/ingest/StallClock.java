package na64.daq.ingest;

import na64.daq.pipeline.NanoClock;

/**
 * The pipeline's clock: a monotonic clock that stands still while the ingest cannot publish
 * because the ring is full. Timeouts (event build, ingest window staleness, spill close, source
 * silence) are meant to catch a front-end that stopped sending; while the service itself is not
 * reading (the builder or the store is slow, backpressure is on), no front-end can be blamed, so
 * that time must not count. Without this, a store that stalls for longer than the build timeout
 * turned the events in flight incomplete when it recovered, although their missing fragments were
 * waiting in the sockets.
 *
 * <p>The ingest thread marks a stall when a ring claim fails and ends it at the next successful
 * claim ({@link #stalled()}, {@link #flowing()}), and stamps ring entries and its event window in
 * this time ({@link #toPipeline}); its own counters (last frame, time paused) stay in base time, as
 * does monitoring. The builder reads {@link #nanoTime()} for its timeouts. The two
 * fields are published under a sequence number (a seqlock), so a reader never sees a stall that has
 * ended without its duration, and the clock never goes backwards.
 */
public final class StallClock implements NanoClock {
    private final NanoClock base;
    /** Even when stable; odd while the ingest thread updates the two fields below. */
    private volatile long version;
    /** Base time the current stall began, or -1 when not stalled. */
    private volatile long stallStart = -1;
    /** Base-clock nanoseconds spent in finished stalls. */
    private volatile long stalledTotal;
    /** Writer's own copy of "stalled", so the per-publish check is a plain field read. */
    private boolean stalledNow;

    /** A clock that follows {@code base} except during stalls. */
    public StallClock(NanoClock base) {
        this.base = base;
    }

    @Override
    public long nanoTime() {
        while (true) {
            long v1 = version;
            if ((v1 & 1) == 0) {
                long start = stallStart;
                long total = stalledTotal;
                long now = base.nanoTime();
                if (version == v1) {
                    return (start >= 0 ? start : now) - total;
                }
            }
            Thread.onSpinWait();
        }
    }

    /** The real clock this one follows between stalls. */
    public NanoClock base() {
        return base;
    }

    /**
     * Ingest thread: the pipeline time of base time {@code real} (a moment not before the last
     * stall began). Plain reads of fields only this thread writes: no cost on the hot path.
     */
    long toPipeline(long real) {
        return (stalledNow ? stallStart : real) - stalledTotal;
    }

    /** Ingest thread: a ring claim failed; the clock stops until {@link #flowing()}. */
    void stalled() {
        if (!stalledNow) {
            stalledNow = true;
            version++;
            stallStart = base.nanoTime();
            version++;
        }
    }

    /** Ingest thread: a ring claim succeeded; the clock runs again. */
    void flowing() {
        if (stalledNow) {
            stalledNow = false;
            version++;
            stalledTotal += base.nanoTime() - stallStart;
            stallStart = -1;
            version++;
        }
    }
}
