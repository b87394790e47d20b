package na64.daq.builder;

import java.util.Arrays;

import na64.daq.store.EventView;
import na64.daq.trigger.Energies;

/**
 * One event being assembled: a pre-allocated, reusable slot of the builder's event table. It holds
 * a copy of each source's fragment payload (indexed by the source's dense index), the energies
 * summed as fragments arrive, and, once released, the trigger decision. Only the builder thread
 * touches it. Implements {@link EventView} so the store reads it in place.
 */
final class EventSlot implements EventView {
    final Energies energies = new Energies();
    final byte[][] fragments;
    final int[] fragmentLengths;
    private final int[] sourceIds;
    private final int[] present;
    private final int[] missing;

    boolean active;
    /** Bumped each time the slot is (re)activated, so stale FIFO entries can be recognised. */
    int generation;
    long run;
    long spill;
    long event;
    SpillState spillState;
    long presentMask;
    int presentCount;
    long firstNanos;
    long lastNanos;
    int triggerType;
    long triggerTime;
    int flags;
    boolean haveTriggerUnit;
    /** Trigger time and type of the first digitizer fragment, and whether a later one disagreed. */
    boolean digitizerSeen;
    long digitizerTime;
    int digitizerType;
    boolean digitizersDisagree;
    int streams;
    boolean complete;
    boolean misaligned;
    private int presentListed;
    private int missingCount;

    /** Key of the event this slot last released, to recognise late fragments. */
    long releasedRun = -1;
    long releasedSpill = -1;
    long releasedEvent = -1;

    EventSlot(int[] sourceIds) {
        this.sourceIds = sourceIds;
        int n = sourceIds.length;
        fragments = new byte[n][];
        fragmentLengths = new int[n];
        present = new int[n];
        missing = new int[n];
        for (int i = 0; i < n; i++) {
            fragments[i] = new byte[64];
        }
    }

    void activate(long run, long spill, long event, SpillState spillState, long nowNanos) {
        this.active = true;
        this.generation++;
        this.run = run;
        this.spill = spill;
        this.event = event;
        this.spillState = spillState;
        this.presentMask = 0;
        this.presentCount = 0;
        this.firstNanos = nowNanos;
        this.lastNanos = nowNanos;
        this.triggerType = 0;
        this.triggerTime = 0;
        this.flags = 0;
        this.haveTriggerUnit = false;
        this.digitizerSeen = false;
        this.digitizersDisagree = false;
        this.streams = 0;
        this.complete = false;
        this.misaligned = false;
        this.energies.clear();
    }

    boolean matches(long run, long spill, long event) {
        return this.event == event && this.spill == spill && this.run == run;
    }

    boolean wasReleased(long run, long spill, long event) {
        return releasedEvent == event && releasedSpill == spill && releasedRun == run;
    }

    /** Copies one fragment payload in; the array grows to the source's largest fragment, then is reused. */
    byte[] store(int sourceIndex, byte[] src, int length) {
        byte[] dst = fragments[sourceIndex];
        if (dst.length < length) {
            dst = Arrays.copyOf(dst, Math.max(length, dst.length * 2));
            fragments[sourceIndex] = dst;
        }
        System.arraycopy(src, 0, dst, 0, length);
        fragmentLengths[sourceIndex] = length;
        presentMask |= 1L << sourceIndex;
        presentCount++;
        return dst;
    }

    /** Fills the present and missing source lists from the mask, before the slot is shown as an {@link EventView}. */
    void list(int sourceCount) {
        presentListed = 0;
        missingCount = 0;
        for (int i = 0; i < sourceCount; i++) {
            if ((presentMask & (1L << i)) != 0) {
                present[presentListed++] = i;
            } else {
                missing[missingCount++] = i;
            }
        }
    }

    /** Notes a digitizer's copy of the trigger time and type as its fragment arrives (headers are hot then). */
    void digitizerSaw(long time, int type) {
        if (!digitizerSeen) {
            digitizerSeen = true;
            digitizerTime = time;
            digitizerType = type;
        } else if (time != digitizerTime || type != digitizerType) {
            digitizersDisagree = true;
        }
    }

    /**
     * Spec §4: a digitizer whose trigger time or type differs from the trigger unit's has slipped.
     * All digitizers agree with the trigger unit exactly when they agree with each other and the
     * first of them agrees with it. Without the trigger unit's fragment nothing can be checked.
     */
    boolean isMisaligned() {
        return haveTriggerUnit && digitizerSeen
                && (digitizersDisagree || digitizerTime != triggerTime || digitizerType != triggerType);
    }

    void release() {
        active = false;
        releasedRun = run;
        releasedSpill = spill;
        releasedEvent = event;
        spillState = null;
    }

    /** Dense index of the {@code i}-th missing source. */
    int missingIndex(int i) {
        return missing[i];
    }

    @Override public long run() { return run; }
    @Override public long spill() { return spill; }
    @Override public long event() { return event; }
    @Override public int triggerType() { return triggerType; }
    @Override public long triggerTimeNs() { return triggerTime; }
    @Override public int flags() { return flags; }
    @Override public int streams() { return streams; }
    @Override public boolean complete() { return complete; }
    @Override public boolean misaligned() { return misaligned; }
    @Override public double ePs() { return energies.ps(); }
    @Override public double eEcal() { return energies.ecal(); }
    @Override public double eHcal() { return energies.hcal(); }
    @Override public double eVeto() { return energies.veto(); }
    @Override public double eSrd() { return energies.srd(); }
    @Override public int missingCount() { return missingCount; }
    @Override public int missingSource(int i) { return sourceIds[missing[i]]; }
    @Override public int fragmentCount() { return presentListed; }
    @Override public int fragmentSource(int i) { return sourceIds[present[i]]; }
    @Override public byte[] fragmentBuffer(int i) { return fragments[present[i]]; }
    @Override public int fragmentOffset(int i) { return 0; }
    @Override public int fragmentLength(int i) { return fragmentLengths[present[i]]; }
}
