package na64.daq.builder;

import org.HdrHistogram.SingleWriterRecorder;

import na64.daq.pipeline.BuiltEventSink;
import na64.daq.pipeline.EnergySpectra;

import na64.daq.pipeline.NanoClock;
import na64.daq.trigger.Selector;
import na64.daq.trigger.TriggerSettings;
import na64.daq.trigger.Streams;

/**
 * The decision step of the builder: when an event is released (complete, or no longer able to
 * complete), settles its completeness, trigger time and type (the trigger unit's, else the first
 * digitizer's), misalignment and streams (spec §8), counts it in its spill and the builder's
 * counters, hands it to the sink, and records its decision latency on the monotonic wall clock
 * from the socket read of its latest fragment. The selection is the spill's (its
 * {@link TriggerSettings}, chosen when ingest saw its first fragment), else the builder's own.
 * Builder thread only; allocates nothing.
 */
final class EventDecision {
    /** Latencies above this (60 s) are recorded as this. */
    static final long MAX_LATENCY_NANOS = 60_000_000_000L;
    private final Selector selector;
    private final BuiltEventSink sink;
    private final BuilderCounters counters;
    private final NanoClock wallClock;
    private final int sourceCount;
    /** Decision latency in ns of events released complete; latencies above 60 s are recorded as 60 s. */
    final SingleWriterRecorder latency = new SingleWriterRecorder(MAX_LATENCY_NANOS, 3);
    /** Online-monitor spectra of complete events (E_ECAL, E_HCAL, E_VETO), fixed buckets. */
    final EnergySpectra spectra = new EnergySpectra();

    EventDecision(Selector selector, BuiltEventSink sink, BuilderCounters counters, NanoClock wallClock, int sourceCount) {
        this.selector = selector;
        this.sink = sink;
        this.counters = counters;
        this.wallClock = wallClock;
        this.sourceCount = sourceCount;
    }

    /** Decides {@code slot} (of spill {@code sp}), accounts it and hands it to the sink. */
    void decide(EventSlot slot, SpillState sp) {
        slot.complete = slot.presentCount == sourceCount;
        slot.list(sourceCount);
        if (!slot.haveTriggerUnit && slot.digitizerSeen) {
            slot.triggerType = slot.digitizerType;
            slot.triggerTime = slot.digitizerTime;
        }
        slot.misaligned = slot.isMisaligned();
        Selector spillSelector = sp.settings != null ? sp.settings.selector() : selector;
        slot.streams = spillSelector.select(slot.event, slot.triggerType, slot.complete, slot.misaligned, slot.energies);
        account(slot, sp);
        sink.onEvent(slot);
        if (slot.complete) { // a timed-out event waited buildTimeoutMs by design: not a latency (issue 14)
            long nanos = wallClock.nanoTime() - slot.lastReadNanos;
            latency.recordValue(Math.max(0, Math.min(nanos, MAX_LATENCY_NANOS)));
        }
    }

    private void account(EventSlot slot, SpillState sp) {
        if (slot.complete) {
            sp.complete++;
            counters.completeEvents.increment();
            spectra.fill(slot.energies.ecal(), slot.energies.hcal(), slot.energies.veto());
        } else {
            sp.incomplete++;
            counters.incompleteEvents.increment();
            for (int k = 0; k < slot.missingCount(); k++) {
                int m = slot.missingIndex(k);
                sp.missingFragments[m]++;
                counters.missingPerSource[m].increment();
            }
        }
        if (slot.misaligned) {
            sp.misaligned++;
            counters.misalignedEvents.increment();
        }
        for (int b = 0; b < Streams.COUNT; b++) {
            if ((slot.streams & (1 << b)) != 0) {
                sp.accepted[b]++;
                counters.acceptedPerStream[b].increment();
            }
        }
    }
}
