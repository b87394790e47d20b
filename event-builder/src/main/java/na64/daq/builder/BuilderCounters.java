package na64.daq.builder;

import static na64.daq.pipeline.CounterDescriptor.*;

import na64.daq.pipeline.Counter;
import na64.daq.pipeline.CounterRegistry;

/**
 * The builder's counters: fields holding the {@link Counter}s the builder allocated from the
 * {@link CounterRegistry} (where each is described), bumped by the builder thread only and read by
 * monitoring through the registry. Per-source counters are indexed by the source's dense index
 * (order of the configured sources; the last, unattributed, index is unused); per-stream counters
 * by stream bit.
 */
public final class BuilderCounters {
    public final Counter entries;
    public final Counter fragments;
    public final Counter completeEvents;
    public final Counter incompleteEvents;
    public final Counter duplicates;
    /** Fragments for an event already released (timed out or evicted). */
    public final Counter lateFragments;
    /** Fragments for a spill already closed, or for a spill their source may not open now (stray, counted below too). */
    public final Counter fragmentsAfterSpillClose;
    /** Frames (fragments, BEGIN/END_OF_SPILL) naming a spill their source may not open now (see SpillRegistry). */
    public final Counter strayFrames;
    /** Spills closed with some source's END_OF_SPILL trigger count different from the events built with it. */
    public final Counter triggerCountMismatches;
    public final Counter misalignedEvents;
    /** Events released early because the in-flight table was full (memory bound). */
    public final Counter evictedEvents;
    public final Counter protocolErrorsAttributed;
    public final Counter protocolErrorsUnattributed;
    public final Counter spillsClosed;
    public final Counter spillsTimedOut;
    public final Counter eotTotal;
    public final Counter currentRun;
    public final Counter currentSpill;
    public final Counter lastSpillEot;
    /** Events whose processing threw; counted by the consumer's exception handler. */
    public final Counter consumerErrors;
    public final Counter inFlight;
    public final Counter openSpills;
    public final Counter[] fragmentsPerSource;
    public final Counter[] missingPerSource;
    public final Counter[] lastEventPerSource;
    public final Counter[] acceptedPerStream;
    /** Fragments moved out of a crowded payload arena into their event's slot (an old event held it back). */
    public final Counter evacuatedFragments;

    /** Allocates the builder's counters from {@code r}; {@code streams} are the stream names by stream bit. */
    BuilderCounters(CounterRegistry r, String[] streams) {
        entries = r.counter(BUILDER_ENTRIES);
        fragments = r.counter(BUILDER_FRAGMENTS);
        completeEvents = r.counter(EVENTS_COMPLETE);
        incompleteEvents = r.counter(EVENTS_INCOMPLETE);
        duplicates = r.counter(FRAGMENTS_DUPLICATE);
        lateFragments = r.counter(FRAGMENTS_LATE);
        fragmentsAfterSpillClose = r.counter(FRAGMENTS_AFTER_SPILL_CLOSE);
        strayFrames = r.counter(BUILDER_STRAY_FRAMES);
        triggerCountMismatches = r.counter(SPILLS_TRIGGER_COUNT_MISMATCH);
        misalignedEvents = r.counter(EVENTS_MISALIGNED);
        evictedEvents = r.counter(EVENTS_EVICTED);
        Counter[] attribution = r.labelled(BUILDER_PROTOCOL_ERRORS, "spill", "none");
        protocolErrorsAttributed = attribution[0];
        protocolErrorsUnattributed = attribution[1];
        spillsClosed = r.counter(SPILLS_CLOSED);
        spillsTimedOut = r.counter(SPILLS_TIMED_OUT);
        eotTotal = r.counter(EOT);
        currentRun = r.counter(RUN_NUMBER);
        currentSpill = r.counter(SPILL_NUMBER);
        lastSpillEot = r.counter(EOT_LAST_SPILL);
        consumerErrors = r.counter(BUILDER_ERRORS);
        inFlight = r.counter(EVENTS_IN_FLIGHT);
        openSpills = r.counter(SPILLS_OPEN);
        evacuatedFragments = r.counter(FRAGMENTS_EVACUATED);
        fragmentsPerSource = r.perSource(SOURCE_FRAGMENTS);
        missingPerSource = r.perSource(SOURCE_MISSING_FRAGMENTS);
        lastEventPerSource = r.perSource(SOURCE_LAST_EVENT);
        acceptedPerStream = r.labelled(DECISIONS, streams);
    }
}
