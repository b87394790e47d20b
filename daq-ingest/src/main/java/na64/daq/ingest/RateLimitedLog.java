package na64.daq.ingest;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;

import na64.daq.pipeline.Counter;
import na64.daq.pipeline.NanoClock;

/**
 * Warnings that a hostile or broken peer can cause once per connection or per frame (refused
 * connections, truncated frames, malformed payloads), rate-limited per kind of line (issue 11,
 * item 16): within each {@link #WINDOW_NANOS} at most {@link #LINES_PER_WINDOW} lines of one kind
 * are written; the rest are counted ({@link IngestCounters#logLinesSuppressed}, metric
 * {@code daq_ingest_log_lines_suppressed_total}) and the next line of that kind that is written
 * says how many were left out. Event loop thread only.
 */
final class RateLimitedLog {
    static final long WINDOW_NANOS = 10_000_000_000L;
    static final int LINES_PER_WINDOW = 5;

    private final Logger log;
    private final NanoClock clock;
    private final Counter suppressedTotal;
    private final Map<String, long[]> kinds = new HashMap<>();

    RateLimitedLog(Logger log, NanoClock clock, Counter suppressedTotal) {
        this.log = log;
        this.clock = clock;
        this.suppressedTotal = suppressedTotal;
    }

    /** Logs {@code format} at WARN unless lines of {@code kind} came too often; then only counts it. */
    void warn(String kind, String format, Object... args) {
        long now = clock.nanoTime();
        // [window start, lines written in the window, suppressed since the last line written]
        long[] k = kinds.computeIfAbsent(kind, x -> new long[] {now, 0, 0});
        if (now - k[0] >= WINDOW_NANOS) {
            k[0] = now;
            k[1] = 0;
        }
        if (k[1] >= LINES_PER_WINDOW) {
            k[2]++;
            suppressedTotal.increment();
            return;
        }
        k[1]++;
        if (k[2] > 0) {
            log.warn(format + " (and " + k[2] + " more like it not logged since the last one)", args);
            k[2] = 0;
        } else {
            log.warn(format, args);
        }
    }
}
