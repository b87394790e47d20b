package na64.daq.pipeline;

import na64.daq.pipeline.CloseReason;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-spill summary (spec §6), filled by the event builder when a spill closes and written by
 * {@code EventStore.appendSpill}. A plain mutable holder, one per closed spill. Counts are of events unless the field says otherwise.
 */
public final class SpillSummary {
    /** Number of accepted-stream counters in {@link #accepted}: invisible, random, calibration. */
    public static final int STREAMS = 3;

    /** Run number (u32). */
    public long run;
    /** Spill number in the run (u32). */
    public long spill;
    /** Triggers in the spill: the trigger unit's END_OF_SPILL count, else the highest event number seen. */
    public long triggers;
    /** Whether {@link #triggers} came from the trigger unit's END_OF_SPILL (false: highest event seen). */
    public boolean triggersFromTriggerUnit;
    /** Events built with every expected fragment. */
    public long complete;
    /** Events built with at least one fragment missing. */
    public long incomplete;
    /** Fragments dropped because the same source and key had been seen before. */
    public long duplicates;
    /** Fragments that arrived after their event had been released (counted, not used). */
    public long late;
    /** Events flagged misaligned (trigger time or type differs from the trigger unit's). */
    public long misaligned;
    /** Protocol errors attributed to this spill (spec §2, §6). */
    public long protocolErrors;
    /** Well-formed FRAGMENT frames received for this spill, from all sources. */
    public long fragmentsReceived;
    /** Accepted events per stream, indexed by stream bit: 0 invisible, 1 random, 2 calibration. */
    public long[] accepted = new long[STREAMS];
    /** Trigger-unit scaler 1, electrons on target; -1 if it was not sent. */
    public long eot = -1;
    /** Trigger-unit scaler 2, triggers issued; -1 if it was not sent. */
    public long triggersScaler = -1;
    /** Trigger-unit scaler 3, dead time in ns; -1 if it was not sent. */
    public long deadTimeNs = -1;
    /** Source id to number of fragments that source failed to deliver in this spill. */
    public Map<Integer, Long> missingPerSource = new LinkedHashMap<>();
    /** Source ids that never sent END_OF_SPILL (non-empty only when the spill timed out or shut down). */
    public List<Integer> sourcesNotEnded = new ArrayList<>();
    /**
     * Trigger count of each source's END_OF_SPILL, by source id (issue 11, item 13). Not part of the
     * stored spill record (layout version 1): read back from a store it is empty.
     */
    public Map<Integer, Long> endTriggersPerSource = new LinkedHashMap<>();
    /** Some source's END_OF_SPILL count differs from the events built with its fragment (not stored either). */
    public boolean triggerCountMismatch;
    /** Why the spill was closed. */
    public CloseReason closeReason = CloseReason.ALL_ENDED;
    /** Content hash of the run configuration in force; may be null if unknown. */
    public String configHash;
    /** BEGIN_OF_SPILL wall-clock time, ns since the Unix epoch (0 if no source sent one). */
    public long beginWallClockNs;
    /** Wall-clock time the spill was closed, ns since the Unix epoch. */
    public long closedWallClockNs;

    @Override
    public String toString() {
        return "SpillSummary{run=" + run + ", spill=" + spill + ", triggers=" + triggers
                + (triggersFromTriggerUnit ? " (trigger unit)" : " (highest event)")
                + ", complete=" + complete + ", incomplete=" + incomplete + ", duplicates=" + duplicates
                + ", late=" + late + ", misaligned=" + misaligned + ", protocolErrors=" + protocolErrors
                + ", fragmentsReceived=" + fragmentsReceived + ", accepted=" + Arrays.toString(accepted)
                + ", eot=" + eot + ", triggersScaler=" + triggersScaler + ", deadTimeNs=" + deadTimeNs
                + ", missingPerSource=" + missingPerSource + ", sourcesNotEnded=" + sourcesNotEnded
                + ", closeReason=" + closeReason + ", configHash=" + configHash
                + ", beginWallClockNs=" + beginWallClockNs + ", closedWallClockNs=" + closedWallClockNs + '}';
    }
}
