package na64.daq.builder;

import na64.daq.pipeline.BuiltEventSink;
import na64.daq.pipeline.IngestEntry;

import java.util.function.LongSupplier;

import na64.daq.protocol.SpillMarkerFlyweight;
import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;
import na64.daq.trigger.Streams;
import na64.daq.trigger.TriggerSettings;

/**
 * The builder's spill accounting (spec §6): opens a spill with the first frame that names it,
 * records BEGIN/END_OF_SPILL and the trigger unit's scalers, attributes protocol errors to the
 * source's current spill, and closes spills (all sources ended, timeout, overflow of the open-spill
 * limit, shutdown), first releasing their events still in flight through {@link EventsOfSpill},
 * then handing the summary to the sink. A summary names the configuration its spill was taken with
 * (the spill's trigger settings; for a spill that saw no fragment, the newest the builder knows).
 * Builder thread only.
 */
final class SpillBook {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SpillBook.class);

    /** Releases every event of a spill still in flight, before the spill closes. */
    interface EventsOfSpill {
        void releaseAll(SpillState spill);
    }

    private final java.util.function.Supplier<TriggerSettings> newestSettings;
    private final RunAccounting runs;
    private final int[] sourceIds;
    private final int triggerIndex;
    private final BuilderCounters counters;
    private final BuiltEventSink sink;
    private final LongSupplier wallClockNs;
    private final EventsOfSpill events;
    private final SpillRegistry spills;
    private final SpillMarkerFlyweight marker = new SpillMarkerFlyweight();
    private final SpillState[] overflow = new SpillState[1];

    SpillBook(java.util.function.Supplier<TriggerSettings> newestSettings, RunAccounting runs, int[] sourceIds,
              int triggerIndex, BuilderCounters counters, BuiltEventSink sink, LongSupplier wallClockNs, EventsOfSpill events) {
        this.newestSettings = newestSettings;
        this.runs = runs;
        this.sourceIds = sourceIds;
        this.triggerIndex = triggerIndex;
        this.counters = counters;
        this.sink = sink;
        this.wallClockNs = wallClockNs;
        this.events = events;
        this.spills = new SpillRegistry(sourceIds.length, Streams.COUNT, triggerIndex, counters.strayFrames);
    }

    /** The open spill (run, spill) for source index {@code i}, opening it if new; null if it already closed. */
    SpillState spillFor(int i, long run, long spill, long nowNanos) {
        SpillState sp = spills.lookup(i, run, spill, nowNanos, overflow);
        while (sp == null && overflow[0] != null) {
            SpillState oldest = overflow[0];
            overflow[0] = null;
            close(oldest, CloseReason.TIMEOUT);
            sp = spills.lookup(i, run, spill, nowNanos, overflow);
        }
        return sp;
    }

    /** The open spill a BEGIN/END_OF_SPILL entry of source index {@code i} names (marker left in {@link #marker}), or null. */
    private SpillState markedSpill(int i, IngestEntry e) {
        SpillMarkerFlyweight m = marker.wrap(e.payload, 0, e.length);
        SpillState sp = spillFor(i, m.run(), m.spill(), e.receivedNanos);
        if (sp != null) {
            sp.lastActivityNanos = e.receivedNanos;
        }
        return sp;
    }

    void beginOfSpill(int i, IngestEntry e) {
        SpillState sp = markedSpill(i, e);
        if (sp == null) {
            return;
        }
        sp.began[i] = true;
        if (i == triggerIndex || sp.beginWallClockNs == 0) {
            sp.beginWallClockNs = marker.wallClockNs();
        }
        counters.currentRun.set(sp.run);
        counters.currentSpill.set(sp.spill);
        runs.beginOfSpill(marker.run(), marker.spill(), sourceIds[i]);
    }

    /** Records an END_OF_SPILL; returns its spill (close it once the ready events are out if all ended), or null. */
    SpillState endOfSpill(int i, IngestEntry e) {
        SpillState sp = markedSpill(i, e);
        if (sp == null) {
            return null;
        }
        SpillMarkerFlyweight m = marker;
        sp.markEnded(i);
        sp.endTriggers[i] = m.triggers();
        if (i == triggerIndex) {
            sp.triggersFromTriggerUnit = m.triggers();
            sp.eot = m.scaler(SpillMarkerFlyweight.SCALER_EOT, -1);
            sp.triggersScaler = m.scaler(SpillMarkerFlyweight.SCALER_TRIGGERS, -1);
            sp.deadTimeNs = m.scaler(SpillMarkerFlyweight.SCALER_DEAD_TIME_NS, -1);
        }
        return sp;
    }

    /** A protocol error of source index {@code i} (-1: not a configured source) goes to its current spill. */
    void protocolError(int i) {
        SpillState sp = i >= 0 ? spills.current(i) : null;
        if (sp != null) {
            sp.protocolErrors++;
            counters.protocolErrorsAttributed.increment();
        } else {
            counters.protocolErrorsUnattributed.increment();
        }
    }

    /** Closes the spills idle for {@code timeoutNanos}; runs at every batch end, so it walks the open spills in place. */
    void closeIdle(long nowNanos, long timeoutNanos) {
        for (int k = 0; k < spills.openCount(); ) {
            SpillState sp = spills.open(k);
            if (nowNanos - sp.lastActivityNanos >= timeoutNanos) {
                close(sp, CloseReason.TIMEOUT); // removes it: the next one moves to index k
            } else {
                k++;
            }
        }
    }

    /** Closes every open spill for {@code reason}. */
    void closeAll(CloseReason reason) {
        for (SpillState sp : spills.openSpills()) {
            close(sp, reason);
        }
    }

    int openCount() {
        return spills.openCount();
    }

    /** A new run: spills closed before it are forgotten, so a run that numbers its spills as the last one did is built. */
    void forgetClosed() {
        spills.forgetClosed();
    }

    void close(SpillState sp, CloseReason reason) {
        if (sp.inFlight > 0) {
            events.releaseAll(sp);
        }
        spills.remove(sp);
        counters.spillsClosed.increment();
        if (reason == CloseReason.TIMEOUT) {
            counters.spillsTimedOut.increment();
        }
        if (sp.eot > 0) {
            counters.eotTotal.add(sp.eot);
            counters.lastSpillEot.set(sp.eot);
        }
        if (sp.settings == null) {
            sp.settings = newestSettings.get();
        }
        runs.spillClosed();
        SpillSummary summary = sp.summarize(reason, sourceIds, sp.settings.hash(), wallClockNs.getAsLong());
        if (summary.triggerCountMismatch) {
            counters.triggerCountMismatches.increment();
            LOG.warn("run {} spill {}: END_OF_SPILL trigger counts {} disagree with the {} events built (missing per source {})",
                    sp.run, sp.spill, summary.endTriggersPerSource, summary.complete + summary.incomplete,
                    summary.missingPerSource);
        }
        sink.onSpillClosed(summary);
    }
}
