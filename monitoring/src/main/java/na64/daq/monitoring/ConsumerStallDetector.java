package na64.daq.monitoring;

import java.util.function.LongSupplier;

import na64.daq.pipeline.NanoClock;

/**
 * Tells when the ring's consumer (the event builder) has stopped advancing: entries are waiting
 * (published &gt; consumed) and the consumed sequence has not moved for at least the threshold.
 * Evaluated whenever it is read (at scrape and on {@code /status}), with the injected clock: the
 * time counts from the first read that saw the consumer behind and not moving, so it is exact to
 * within one read interval. A consumer that keeps up resets it at every read.
 */
final class ConsumerStallDetector {
    private final LongSupplier published;
    private final LongSupplier consumed;
    private final NanoClock clock;
    private final long thresholdNanos;
    private long lastConsumed = Long.MIN_VALUE;
    private long sinceNanos;
    private boolean behind;

    ConsumerStallDetector(LongSupplier published, LongSupplier consumed, NanoClock clock, long thresholdNanos) {
        this.published = published;
        this.consumed = consumed;
        this.clock = clock;
        this.thresholdNanos = thresholdNanos;
    }

    /** Seconds the consumer has been behind without advancing; 0 when it is caught up or moving. */
    synchronized double secondsWithoutProgress() {
        long now = clock.nanoTime();
        long c = consumed.getAsLong();
        long p = published.getAsLong();
        boolean nowBehind = p > c;
        if (c != lastConsumed || !nowBehind || !behind) {
            lastConsumed = c;
            sinceNanos = now;
        }
        behind = nowBehind;
        return behind ? (now - sinceNanos) / 1e9 : 0;
    }

    /** Whether the consumer has been behind and not advancing for at least the threshold. */
    synchronized boolean stalled() {
        return secondsWithoutProgress() * 1e9 >= thresholdNanos;
    }

    double thresholdSeconds() {
        return thresholdNanos / 1e9;
    }
}
