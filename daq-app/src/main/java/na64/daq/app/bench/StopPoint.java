package na64.daq.app.bench;

/**
 * Where a segment of the load ends, agreed by all sources: every source must send the same
 * events, or the service would count the missing fragments as incomplete events. With a fixed
 * count the end is known from the start; for a timed run each source claims the events it is
 * about to send before sending them, and {@link #stop()} ends the segment at the highest claim,
 * so no source has gone past the end and every source can still reach it. One lock per batch of
 * events, never contended for long.
 */
final class StopPoint {
    private static final long OPEN = Long.MAX_VALUE;
    private long end;
    private long claimed;

    private StopPoint(long end) {
        this.end = end;
    }

    /** A segment of exactly {@code events} events. */
    static StopPoint after(long events) {
        return new StopPoint(events);
    }

    /** A segment that lasts until {@link #stop()}. */
    static StopPoint open() {
        return new StopPoint(OPEN);
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
}
