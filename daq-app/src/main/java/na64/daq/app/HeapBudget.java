package na64.daq.app;

import na64.daq.config.RunConfig;

/**
 * Checks, before anything is allocated, that the builder's ring, fragment arenas and event table
 * fit in the heap (issue 11, item 12). All are allocated up front; an event slot keeps, per source,
 * the largest fragment it had to evacuate from its arena (docs/architecture.md, memory bounds), so
 * the heap they may need is
 * <pre>
 *   ringSize          x ENTRY_BYTES
 *   sum over sources of min(8 MiB, 8 x maxInFlightEvents x P_s) + 8 x maxInFlightEvents x ARENA_DESCRIPTOR_BYTES
 *   maxInFlightEvents x (SLOT_BYTES + sum over sources of (SLOT_PER_SOURCE_BYTES + P_s))
 *   P_s = 32 + channels x (2 + 2 x 64)                   (spec §4, WAVEFORM at the 64-sample maximum; 32 for the trigger unit)
 * </pre>
 * The start is refused when that exceeds {@link #HEAP_SHARE} of the maximum heap, with one line
 * that says what the configuration needs, what the heap is, and which sizes would fit.
 */
final class HeapBudget {
    /** Share of {@code -Xmx} the ring and the table may take; the rest is for Netty, Chronicle, metrics. */
    static final double HEAP_SHARE = 0.75;
    /** A ring entry: the object, its fields and the initial payload array. */
    static final long ENTRY_BYTES = 160;
    /** Per fragment descriptor of an arena: start (long), released (boolean), holder (reference). */
    static final long ARENA_DESCRIPTOR_BYTES = 13;
    /** An event slot without its per-source arrays, plus the table's two FIFO entries. */
    static final long SLOT_BYTES = 120;
    /** Per source in a slot: the array reference, three int entries and the initial 64-byte array. */
    static final long SLOT_PER_SOURCE_BYTES = 112;
    private static final int MIB = 1 << 20;

    private HeapBudget() {
    }

    /** Bytes the ring and the table of {@code config} may take at most. */
    static long needed(RunConfig config, int ringSize, int inFlight) {
        long perEvent = SLOT_BYTES;
        long arenas = 0;
        for (RunConfig.SourceConfig s : config.sources()) {
            long p = Math.min(1L << 20, 32 + (long) s.channels() * 130);
            perEvent += SLOT_PER_SOURCE_BYTES + p;
            arenas += Math.max(2 * p, Math.min(8L << 20, 8L * inFlight * p)) + 8L * inFlight * ARENA_DESCRIPTOR_BYTES;
        }
        return ringSize * ENTRY_BYTES + arenas + inFlight * perEvent;
    }

    /** Null when the sizes fit in {@code maxHeap} bytes, else the one line that says why not and what fits. */
    static String check(RunConfig config, long maxHeap) {
        RunConfig.Builder b = config.builder();
        long need = needed(config, b.ringSize(), b.maxInFlightEvents());
        long budget = (long) (maxHeap * HEAP_SHARE);
        if (need <= budget) {
            return null;
        }
        int ring = b.ringSize();
        int table = b.maxInFlightEvents();
        while ((ring > 64 || table > 64) && needed(config, ring, table) > budget) {
            ring = Math.max(64, ring / 2);
            table = Math.max(64, table / 2);
        }
        String fits = needed(config, ring, table) <= budget
                ? "builder.ringSize " + ring + " with builder.maxInFlightEvents " + table + " fit"
                : "not even the smallest sizes (64) fit";
        return "builder.ringSize " + b.ringSize() + " and builder.maxInFlightEvents " + b.maxInFlightEvents()
                + " need up to " + need / MIB + " MiB of heap for these sources' fragments, over "
                + Math.round(HEAP_SHARE * 100) + " % of the " + maxHeap / MIB + " MiB heap (-Xmx): " + fits
                + ", or give the JVM more heap";
    }
}
