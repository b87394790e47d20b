package na64.daq.builder;

import na64.daq.pipeline.FragmentArena;
import na64.daq.pipeline.FragmentArenas;
import na64.daq.pipeline.IngestEntry;

import na64.daq.pipeline.EventView;
import na64.daq.trigger.Energies;

/**
 * One event being assembled: a pre-allocated, reusable slot of the builder's event table. It holds,
 * per source (by the source's dense index), where that source's fragment lies in its
 * {@link FragmentArena} (never a copy), the energies summed as fragments arrive, and, once
 * released, the trigger decision. Only the builder thread touches it. Implements {@link EventView}
 * so the store reads the fragments in place in the arenas.
 */
final class EventSlot implements EventView {
    final Energies energies = new Energies();
    private final FragmentArenas arenas;
    private final long[] fragmentOrdinals;
    private final int[] fragmentOffsets;
    private final int[] fragmentLengths;
    /** Fragments moved out of a crowded arena ({@link #evacuate}), by source index; grown on first use. */
    private final byte[][] evacuated;
    private long evacuatedMask;
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
    /** Monotonic wall-clock time of the socket read of the latest fragment (decision latency). */
    long lastReadNanos;
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
    private boolean allPresent;
    private int missingCount;

    /** Key of the event this slot last released, to recognise late fragments. */
    long releasedRun = -1;
    long releasedSpill = -1;
    long releasedEvent = -1;

    EventSlot(int[] sourceIds, FragmentArenas arenas) {
        this.sourceIds = sourceIds;
        this.arenas = arenas;
        int n = sourceIds.length;
        fragmentOrdinals = new long[n];
        fragmentOffsets = new int[n];
        fragmentLengths = new int[n];
        evacuated = new byte[n][];
        present = new int[n];
        missing = new int[n];
    }

    void activate(long run, long spill, long event, SpillState spillState, long nowNanos) {
        this.active = true;
        this.generation++;
        this.run = run;
        this.spill = spill;
        this.event = event;
        this.spillState = spillState;
        this.presentMask = 0;
        this.evacuatedMask = 0;
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

    /**
     * True when this slot holds (or last released) a later event of the same spill than (run, spill,
     * event): that event's slot was reused, so it was released or evicted already and a fragment for
     * it is late; it must not evict the newer event and start a second, partial one (issue 11).
     */
    boolean supersedes(long run, long spill, long event) {
        return active ? this.run == run && this.spill == spill && this.event > event
                : releasedRun == run && releasedSpill == spill && releasedEvent > event;
    }

    /** Takes one source's fragment: where it lies in the arena, and its share of the energies. */
    void add(int sourceIndex, IngestEntry e) {
        fragmentOrdinals[sourceIndex] = e.arenaOrdinal;
        fragmentOffsets[sourceIndex] = e.arenaOffset;
        fragmentLengths[sourceIndex] = e.length;
        presentMask |= 1L << sourceIndex;
        presentCount++;
        arenas.at(sourceIndex).hold(e.arenaOrdinal, this);
        energies.addSums(e.ps, e.ecalMain, e.hcal, e.veto, e.srd);
        lastNanos = e.receivedNanos;
        lastReadNanos = e.readNanos;
    }

    /**
     * Copies this event's fragment of source {@code sourceIndex} out of its arena into the slot's own
     * buffer and releases the arena space: an event that waits long must not hold the arena back.
     * Rare (only when the arena is crowded), and allocates only the first time a slot needs it.
     */
    void evacuate(int sourceIndex) {
        FragmentArena arena = arenas.at(sourceIndex);
        int length = fragmentLengths[sourceIndex];
        byte[] dst = evacuated[sourceIndex];
        if (dst == null || dst.length < length) {
            dst = new byte[Math.max(length, 256)];
            evacuated[sourceIndex] = dst;
        }
        System.arraycopy(arena.bytes(), fragmentOffsets[sourceIndex], dst, 0, length);
        evacuatedMask |= 1L << sourceIndex;
        fragmentOffsets[sourceIndex] = 0;
        arena.release(fragmentOrdinals[sourceIndex]);
    }

    /** Gives every fragment of this event still in an arena back to it; after the sink has had the event. */
    void releaseFragments(int sourceCount) {
        long inArena = presentMask & ~evacuatedMask;
        for (int i = 0; i < sourceCount; i++) {
            if ((inArena & (1L << i)) != 0) {
                arenas.at(i).release(fragmentOrdinals[i]);
            }
        }
    }

    /**
     * Fills the present and missing source lists from the mask, before the slot is shown as an
     * {@link EventView}. A complete event (nearly all of them) needs no list: its i-th present
     * source is source i.
     */
    void list(int sourceCount) {
        missingCount = 0;
        if (presentCount == sourceCount) {
            allPresent = true;
            presentListed = sourceCount;
            return;
        }
        allPresent = false;
        presentListed = 0;
        for (int i = 0; i < sourceCount; i++) {
            if ((presentMask & (1L << i)) != 0) {
                present[presentListed++] = i;
            } else {
                missing[missingCount++] = i;
            }
        }
    }

    /** Dense index of the {@code i}-th present source. */
    private int presentIndex(int i) {
        return allPresent ? i : present[i];
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

    /** Whether some source missing from this event can still send its fragment (see {@link SpillState#canStillSend}). */
    boolean anyMissingCanStillSend(int sourceCount) {
        for (int i = 0; i < sourceCount; i++) {
            if ((presentMask & (1L << i)) == 0 && spillState.canStillSend(i, event)) {
                return true;
            }
        }
        return false;
    }

    /** Forgets the last released key, so the same key may be built again (a new run). */
    void forgetReleased() {
        releasedRun = -1;
        releasedSpill = -1;
        releasedEvent = -1;
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
    @Override public int fragmentSource(int i) { return sourceIds[presentIndex(i)]; }
    @Override public byte[] fragmentBuffer(int i) {
        int s = presentIndex(i);
        return (evacuatedMask & (1L << s)) != 0 ? evacuated[s] : arenas.at(s).bytes();
    }
    @Override public int fragmentOffset(int i) { return fragmentOffsets[presentIndex(i)]; }
    @Override public int fragmentLength(int i) { return fragmentLengths[presentIndex(i)]; }
}
