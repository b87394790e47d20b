package na64.daq.emulator;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Everything the five front-ends send in one spill, with the truth and the injected faults. Made
 * by {@link SpillGenerator#generate}; immutable once made.
 */
public final class SpillData {
    private final long run;
    private final long spill;
    private final long startOffsetNs;
    private final long durationNs;
    private final SourceFrames[] sources;
    private final SpillTruth truth;
    private final InjectedFaults faults;
    private final long eot;
    private final long deadTimeNs;

    SpillData(long run, long spill, long startOffsetNs, long durationNs, SourceFrames[] sources, SpillTruth truth,
              InjectedFaults faults, long eot, long deadTimeNs) {
        this.run = run;
        this.spill = spill;
        this.startOffsetNs = startOffsetNs;
        this.durationNs = durationNs;
        this.sources = sources;
        this.truth = truth;
        this.faults = faults;
        this.eot = eot;
        this.deadTimeNs = deadTimeNs;
    }

    public long run() {
        return run;
    }

    /** Spill number (1-based). */
    public long spill() {
        return spill;
    }

    /** Start of this spill on the run's timeline, ns after the run's first frame. Frame send times add to it. */
    public long startOffsetNs() {
        return startOffsetNs;
    }

    /** Time from the spill's start to its last frame, ns. */
    public long durationNs() {
        return durationNs;
    }

    /** Where the next spill may start at the earliest: this spill's end on the run's timeline. */
    public long endOffsetNs() {
        return startOffsetNs + durationNs;
    }

    /** Frames of {@code sourceId}. */
    public SourceFrames source(int sourceId) {
        for (SourceFrames s : sources) {
            if (s.sourceId() == sourceId) {
                return s;
            }
        }
        throw new IllegalArgumentException("no source " + sourceId + " in this spill");
    }

    /** Every source's frames, in source-id order. */
    public List<SourceFrames> sources() {
        return Collections.unmodifiableList(Arrays.asList(sources));
    }

    public SpillTruth truth() {
        return truth;
    }

    /** The faults injected into this spill. */
    public InjectedFaults faults() {
        return faults;
    }

    /** Triggers issued (= the last event number). */
    public long triggers() {
        return truth.triggers();
    }

    /** The EOT scaler the trigger unit reports (beam particles, including those lost in dead time). */
    public long eot() {
        return eot;
    }

    /** The dead-time scaler, ns. */
    public long deadTimeNs() {
        return deadTimeNs;
    }

    /** Total frames over all sources. */
    public long totalFrames() {
        long n = 0;
        for (SourceFrames s : sources) {
            n += s.frameCount();
        }
        return n;
    }

    /** Total bytes over all sources. */
    public long totalBytes() {
        long n = 0;
        for (SourceFrames s : sources) {
            n += s.byteLength();
        }
        return n;
    }
}
