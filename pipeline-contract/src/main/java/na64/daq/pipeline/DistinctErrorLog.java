package na64.daq.pipeline;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The unexpected exceptions the service caught, one entry per distinct error (after Agrona's
 * {@code DistinctErrorLog}): errors are the same when their rendered stack traces are (exception
 * class, message, every frame, causes). Each entry keeps the first and last time it was observed
 * (epoch milliseconds) and how often. The log keeps at most {@code capacity} distinct errors, the
 * first ones, because the first error of a cascade is the one that explains it; a new error that
 * does not fit is only counted ({@link CounterDescriptor#ERRORS_NOT_KEPT}). Every observation counts
 * in {@link CounterDescriptor#ERRORS}, the number of entries is {@link CounterDescriptor#ERRORS_DISTINCT},
 * and {@code /status} lists {@link #entries()}.
 *
 * <p>Fed by every place that catches what it did not expect (the event builder's exception
 * handler, ingest's handlers, the store guard, run control) from any thread: {@link #record} takes
 * the log's lock, which also makes its counters single-writer. It renders the stack trace, so it
 * allocates: it is for failures, never for the normal path.
 */
public final class DistinctErrorLog {
    /** Distinct errors kept by default. */
    public static final int DEFAULT_CAPACITY = 64;
    /** Characters of a rendered stack trace kept (and compared). */
    public static final int MAX_TRACE_CHARS = 16 * 1024;

    /** One distinct error as {@code /status} shows it. */
    public record Entry(String type, String message, String stackTrace, long firstEpochMillis, long lastEpochMillis,
                        long count) {
    }

    /** The mutable state of one distinct error, under the log's lock. */
    private static final class Observed {
        final String type;
        final String message;
        final String trace;
        final long first;
        long last;
        long count;

        Observed(Throwable t, String trace, long now) {
            this.type = t.getClass().getName();
            this.message = t.getMessage();
            this.trace = trace;
            this.first = now;
        }
    }

    private final int capacity;
    private final LongSupplier epochMillis;
    /** By rendered trace, in the order first seen. */
    private final Map<String, Observed> byTrace = new LinkedHashMap<>();
    private final Counter observations;
    private final Counter distinct;
    private final Counter notKept;

    DistinctErrorLog(CounterRegistry counters, int capacity, LongSupplier epochMillis) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the error log must keep at least one error, not " + capacity);
        }
        this.capacity = capacity;
        this.epochMillis = epochMillis;
        this.observations = counters.counter(CounterDescriptor.ERRORS);
        this.distinct = counters.counter(CounterDescriptor.ERRORS_DISTINCT);
        this.notKept = counters.counter(CounterDescriptor.ERRORS_NOT_KEPT);
    }

    /**
     * Records one observation of {@code t}. Returns how often its entry has now been observed (1 the
     * first time), or, for a new error the full log could not keep, minus the number of such
     * observations so far. See {@link #worthLogging(long)}.
     */
    public synchronized long record(Throwable t) {
        long now = epochMillis.getAsLong();
        observations.increment();
        String trace = render(t);
        Observed o = byTrace.get(trace);
        if (o == null) {
            if (byTrace.size() >= capacity) {
                notKept.increment();
                return -notKept.get();
            }
            o = new Observed(t, trace, now);
            byTrace.put(trace, o);
            distinct.set(byTrace.size());
        }
        o.last = now;
        o.count++;
        return o.count;
    }

    /**
     * Whether the caller should write a log line for what {@link #record} returned: the first
     * observation of an error (in full), every thousandth after it (a reminder), and the first and
     * every thousandth error the full log could not keep. A systematic failure cannot flood the log.
     */
    public static boolean worthLogging(long recorded) {
        return recorded == 1 || recorded == -1 || recorded % 1000 == 0;
    }

    /** The distinct errors, in the order first observed. */
    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>(byTrace.size());
        for (Observed o : byTrace.values()) {
            out.add(new Entry(o.type, o.message, o.trace, o.first, o.last, o.count));
        }
        return out;
    }

    /** The most distinct errors kept. */
    public int capacity() {
        return capacity;
    }

    private static String render(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.length() <= MAX_TRACE_CHARS ? s : s.substring(0, MAX_TRACE_CHARS);
    }
}
