package na64.daq.builder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;
import na64.daq.trigger.TriggerSettings;

/**
 * Accounting of one open spill (spec §6), written by the builder thread only. Per source it keeps
 * whether the source began and ended the spill, the last event number it sent (for duplicate
 * detection and for knowing that it has passed an event), and the fragments it is missing. A
 * spill state is allocated when a spill opens; spills are rare, so this is off the hot path.
 */
final class SpillState {
    final long run;
    final long spill;
    final long[] lastEvent;
    final boolean[] began;
    final boolean[] ended;
    /** The source already sent frames of a later spill, so it will send nothing more for this one. */
    final boolean[] movedOn;
    final long[] missingFragments;
    final long[] accepted;
    long beginWallClockNs;
    long lastActivityNanos;
    long maxEvent;
    long triggersFromTriggerUnit = -1;
    long eot = -1;
    long triggersScaler = -1;
    long deadTimeNs = -1;
    long complete;
    long incomplete;
    long duplicates;
    long late;
    long misaligned;
    long protocolErrors;
    long fragmentsReceived;
    int inFlight;
    int endedCount;
    /** The trigger settings of the spill: those ingest reconstructed its first fragment with (null before). */
    TriggerSettings settings;

    SpillState(long run, long spill, int sources, int streams, long nowNanos) {
        this.run = run;
        this.spill = spill;
        this.lastEvent = new long[sources];
        this.began = new boolean[sources];
        this.ended = new boolean[sources];
        this.movedOn = new boolean[sources];
        this.missingFragments = new long[sources];
        this.endTriggers = new long[sources];
        java.util.Arrays.fill(endTriggers, -1);
        this.accepted = new long[streams];
        this.lastActivityNanos = nowNanos;
    }

    boolean is(long run, long spill) {
        return this.run == run && this.spill == spill;
    }

    /** True when {@code (run, spill)} comes after this spill. */
    boolean isBefore(long otherRun, long otherSpill) {
        return run < otherRun || (run == otherRun && spill < otherSpill);
    }

    /** Whether source {@code i} can still send a fragment for {@code event} of this spill. */
    boolean canStillSend(int i, long event) {
        return !ended[i] && !movedOn[i] && lastEvent[i] < event;
    }

    boolean allEnded() {
        return endedCount == ended.length;
    }

    /** Trigger count each source's END_OF_SPILL gave, -1 until it sent one (issue 11, item 13). */
    final long[] endTriggers;

    void markEnded(int i) {
        if (!ended[i]) {
            ended[i] = true;
            endedCount++;
        }
    }

    /** The summary written to the store when the spill closes. */
    SpillSummary summarize(CloseReason reason, int[] sourceIds, String configHash, long wallClockNs) {
        SpillSummary s = new SpillSummary();
        s.run = run;
        s.spill = spill;
        s.triggersFromTriggerUnit = triggersFromTriggerUnit >= 0;
        s.triggers = s.triggersFromTriggerUnit ? triggersFromTriggerUnit : maxEvent;
        s.complete = complete;
        s.incomplete = incomplete;
        s.duplicates = duplicates;
        s.late = late;
        s.misaligned = misaligned;
        s.protocolErrors = protocolErrors;
        s.fragmentsReceived = fragmentsReceived;
        s.accepted = accepted.clone();
        s.eot = eot;
        s.triggersScaler = triggersScaler;
        s.deadTimeNs = deadTimeNs;
        Map<Integer, Long> missing = new LinkedHashMap<>();
        List<Integer> notEnded = new ArrayList<>();
        for (int i = 0; i < sourceIds.length; i++) {
            if (missingFragments[i] > 0) {
                missing.put(sourceIds[i], missingFragments[i]);
            }
            if (!ended[i]) {
                notEnded.add(sourceIds[i]);
            }
        }
        s.missingPerSource = missing;
        for (int i = 0; i < sourceIds.length; i++) {
            if (endTriggers[i] >= 0) {
                s.endTriggersPerSource.put(sourceIds[i], endTriggers[i]);
                // What the source says it sent, against the events built with a fragment of it.
                s.triggerCountMismatch |= endTriggers[i] != complete + incomplete - missingFragments[i];
            }
        }
        s.sourcesNotEnded = notEnded;
        s.closeReason = reason;
        s.configHash = configHash;
        s.beginWallClockNs = beginWallClockNs;
        s.closedWallClockNs = wallClockNs;
        return s;
    }
}
