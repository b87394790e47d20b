package na64.daq.app;

import na64.daq.config.RunConfig;

/**
 * Checks, before anything is allocated, that the builder's ring, fragment arenas and event table
 * fit in the heap (issue 11, item 12). All three are allocated up front:
 * <pre>
 *   ringSize          x ENTRY_BYTES
 *   sum over sources of max(2 P_s, min(8 MiB, 8 x maxInFlightEvents x P_s)) + 8 x maxInFlightEvents x ARENA_DESCRIPTOR_BYTES
 *   maxInFlightEvents x (SLOT_BYTES + sources x SLOT_PER_SOURCE_BYTES)
 *   P_s = 32 + channels x (2 + 2 x 64)                   (spec §4, WAVEFORM at the 64-sample maximum; 32 for the trigger unit)
 * </pre>
 * A start whose up-front allocation exceeds the maximum heap would die with an
 * {@code OutOfMemoryError}; it is refused with one line that says what the sizes need, what the
 * heap is and which sizes fit. On top, an event slot keeps, per source, the largest fragment it
 * had to evacuate from its arena (up to {@code maxInFlightEvents x sum P_s}); when that worst case
 * passes {@link #HEAP_SHARE} of the heap, {@link #warning} says so in one line, and the run starts.
 */
final class HeapBudget {
    /** Share of {@code -Xmx} the worst case may take before a warning; the rest is for Netty, Chronicle, metrics. */
    static final double HEAP_SHARE = 0.75;
    /** A ring entry: the object, its fields and the initial 64-byte payload array. */
    static final long ENTRY_BYTES = 160;
    /** Per fragment descriptor of an arena: start (long), released (boolean), holder (reference). */
    static final long ARENA_DESCRIPTOR_BYTES = 13;
    /** An event slot: the object and its six per-source arrays' headers, plus the table's two FIFO entries. */
    static final long SLOT_BYTES = 232;
    /** Per source in a slot: ordinal, offset, length, present, missing and the evacuation reference. */
    static final long SLOT_PER_SOURCE_BYTES = 28;
    private static final int MIB = 1 << 20;

    private HeapBudget() {
    }

    /** Bytes the ring, the arenas and the table take as soon as they are allocated. */
    static long upFront(RunConfig config, int ringSize, int inFlight) {
        long arenas = 0;
        for (RunConfig.SourceConfig s : config.sources()) {
            long p = largest(s);
            arenas += Math.max(2 * p, Math.min(8L << 20, 8L * inFlight * p)) + 8L * inFlight * ARENA_DESCRIPTOR_BYTES;
        }
        return ringSize * ENTRY_BYTES + arenas + inFlight * (SLOT_BYTES + config.sources().size() * SLOT_PER_SOURCE_BYTES);
    }

    /** The up-front bytes plus every slot holding an evacuated copy of each source's largest fragment. */
    static long worstCase(RunConfig config, int ringSize, int inFlight) {
        long perEvent = 0;
        for (RunConfig.SourceConfig s : config.sources()) {
            perEvent += largest(s);
        }
        return upFront(config, ringSize, inFlight) + inFlight * perEvent;
    }

    private static long largest(RunConfig.SourceConfig s) {
        return Math.min(1L << 20, 32 + (long) s.channels() * 130);
    }

    /** Null when the sizes can be allocated in {@code maxHeap} bytes, else the one line that says why not and what fits. */
    static String check(RunConfig config, long maxHeap) {
        RunConfig.Builder b = config.builder();
        long need = upFront(config, b.ringSize(), b.maxInFlightEvents());
        if (need <= maxHeap) {
            return null;
        }
        return "builder.ringSize " + b.ringSize() + " and builder.maxInFlightEvents " + b.maxInFlightEvents()
                + " need " + need / MIB + " MiB of heap up front, more than the " + maxHeap / MIB + " MiB heap (-Xmx): "
                + fits(config, maxHeap, true) + ", or give the JVM more heap";
    }

    /** Null when the worst case fits {@link #HEAP_SHARE} of {@code maxHeap}, else one line for a warning. */
    static String warning(RunConfig config, long maxHeap) {
        RunConfig.Builder b = config.builder();
        long worst = worstCase(config, b.ringSize(), b.maxInFlightEvents());
        if (worst <= maxHeap * HEAP_SHARE) {
            return null;
        }
        return "builder.ringSize " + b.ringSize() + " and builder.maxInFlightEvents " + b.maxInFlightEvents()
                + " may take up to " + worst / MIB + " MiB of heap with these sources' largest fragments, over "
                + Math.round(HEAP_SHARE * 100) + " % of the " + maxHeap / MIB + " MiB heap: " + fits(config, maxHeap, false);
    }

    /** The largest sizes (both halved together from the configured ones) that fit. */
    private static String fits(RunConfig config, long maxHeap, boolean upFrontOnly) {
        int ring = config.builder().ringSize();
        int table = config.builder().maxInFlightEvents();
        long budget = upFrontOnly ? maxHeap : (long) (maxHeap * HEAP_SHARE);
        while ((ring > 64 || table > 64)
                && (upFrontOnly ? upFront(config, ring, table) : worstCase(config, ring, table)) > budget) {
            ring = Math.max(64, ring / 2);
            table = Math.max(64, table / 2);
        }
        long at = upFrontOnly ? upFront(config, ring, table) : worstCase(config, ring, table);
        return at <= budget ? "builder.ringSize " + ring + " with builder.maxInFlightEvents " + table + " fit"
                : "not even the smallest sizes (64) fit";
    }
}
