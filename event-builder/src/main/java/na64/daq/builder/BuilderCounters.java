package na64.daq.builder;

import org.HdrHistogram.SingleWriterRecorder;

import na64.daq.pipeline.Counter;

/**
 * The builder's counters, bumped by the builder thread only and read by monitoring from outside.
 * Per-source counters are indexed by the source's dense index (order of the configured sources);
 * per-stream counters by stream bit.
 */
public final class BuilderCounters {
    /** Latencies above this (60 s) are recorded as this. */
    public static final long MAX_LATENCY_NANOS = 60_000_000_000L;
    public final Counter entries = new Counter();
    public final Counter fragments = new Counter();
    public final Counter completeEvents = new Counter();
    public final Counter incompleteEvents = new Counter();
    public final Counter duplicates = new Counter();
    /** Fragments for an event already released (timed out or evicted). */
    public final Counter lateFragments = new Counter();
    /** Fragments for a spill already closed, or for a spill their source may not open now (stray, counted below too). */
    public final Counter fragmentsAfterSpillClose = new Counter();
    /** Frames (fragments, BEGIN/END_OF_SPILL) naming a spill their source may not open now (see SpillRegistry). */
    public final Counter strayFrames = new Counter();
    /** Spills closed with some source's END_OF_SPILL trigger count different from the events built with it. */
    public final Counter triggerCountMismatches = new Counter();
    public final Counter misalignedEvents = new Counter();
    /** Events released early because the in-flight table was full (memory bound). */
    public final Counter evictedEvents = new Counter();
    public final Counter protocolErrorsAttributed = new Counter();
    public final Counter protocolErrorsUnattributed = new Counter();
    public final Counter spillsClosed = new Counter();
    public final Counter spillsTimedOut = new Counter();
    public final Counter eotTotal = new Counter();
    public final Counter currentRun = new Counter();
    public final Counter currentSpill = new Counter();
    public final Counter lastSpillEot = new Counter();
    /** Events whose processing threw; counted by the consumer's exception handler. */
    public final Counter consumerErrors = new Counter();
    public final Counter inFlight = new Counter();
    public final Counter openSpills = new Counter();
    public final Counter[] fragmentsPerSource;
    public final Counter[] missingPerSource;
    public final Counter[] lastEventPerSource;
    public final Counter[] acceptedPerStream;
    /** Decision latency in ns of events released complete, from the arrival of their last fragment to the stored decision. */
    public final SingleWriterRecorder decisionLatencyNanos = new SingleWriterRecorder(MAX_LATENCY_NANOS, 3);
    /** Fragments moved out of a crowded payload arena into their event's slot (an old event held it back). */
    public final Counter evacuatedFragments = new Counter();
    /** Online-monitor spectra of complete events (E_ECAL, E_HCAL, E_VETO), fixed buckets. */
    public final EnergySpectra spectra = new EnergySpectra();

    BuilderCounters(int sources, int streams) {
        fragmentsPerSource = counters(sources);
        missingPerSource = counters(sources);
        lastEventPerSource = counters(sources);
        acceptedPerStream = counters(streams);
    }

    private static Counter[] counters(int n) {
        Counter[] c = new Counter[n];
        for (int i = 0; i < n; i++) {
            c[i] = new Counter();
        }
        return c;
    }
}
