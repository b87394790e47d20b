package na64.daq.builder;

import na64.daq.pipeline.Counter;

import java.util.ArrayList;
import java.util.List;

/**
 * The open spills, and which spill each source is in. Spills change a few times a minute, so this
 * may allocate; per fragment it costs one comparison through {@link #current}. Builder thread only.
 */
final class SpillRegistry {
    /** Spills kept open at once; a further one closes the oldest by timeout (memory bound). */
    static final int MAX_OPEN = 8;
    private static final int CLOSED_HISTORY = 32;

    private final int sources;
    private final int streams;
    private final SpillState[] current;
    private final List<SpillState> open = new ArrayList<>();
    private final long[] closedRun = new long[CLOSED_HISTORY];
    private final long[] closedSpill = new long[CLOSED_HISTORY];
    private int closedCount;
    /** The newest (run, spill) closed so far; an unknown spill at or before it counts as closed (issue 11, item 14). */
    private long newestClosedRun = -1;
    private long newestClosedSpill = -1;
    private final int triggerIndex;
    private final Counter strayFrames;

    SpillRegistry(int sources, int streams) {
        this(sources, streams, -1, new Counter());
    }

    /**
     * @param triggerIndex dense index of the trigger unit, which may always open a new spill
     * @param strayFrames  counts frames that named a spill their source may not open now
     */
    SpillRegistry(int sources, int streams, int triggerIndex, Counter strayFrames) {
        this.sources = sources;
        this.streams = streams;
        this.current = new SpillState[sources];
        this.triggerIndex = triggerIndex;
        this.strayFrames = strayFrames;
    }

    /** The spill source {@code i} is in now, or {@code null}. */
    SpillState current(int i) {
        return current[i];
    }

    /**
     * The open spill (run, spill) for a frame from source {@code i}, opening it if new. Returns
     * {@code null} when that spill was already closed, or is a stray that source {@code i} may not
     * open now (counted in {@code strayFrames}): a new spill is opened only by the trigger unit, by a
     * source that has ended (or has no) current spill, or when no spill is open at all (a service
     * restarted mid-spill). So one source's stray frame of another spill, or a burst of bogus
     * BEGIN_OF_SPILL frames, neither opens phantom spills nor moves that source out of the spill
     * being taken (issue 11, items 5 and 6). {@code overflow} receives the oldest open spill when a
     * new one would exceed {@link #MAX_OPEN}; the caller must close it first.
     */
    SpillState lookup(int i, long run, long spill, long nowNanos, SpillState[] overflow) {
        SpillState cur = current[i];
        if (cur != null && cur.is(run, spill)) {
            return cur;
        }
        SpillState sp = find(run, spill);
        if (sp == null && wasClosed(run, spill)) {
            return null;
        }
        if (sp == null && !open.isEmpty() && i != triggerIndex && cur != null && !cur.ended[i]) {
            strayFrames.increment();
            return null;
        }
        if (sp == null) {
            if (open.size() >= MAX_OPEN) {
                overflow[0] = open.get(0);
                return null;
            }
            sp = new SpillState(run, spill, sources, streams, nowNanos);
            open.add(sp);
        }
        if (cur == null || cur.isBefore(run, spill)) {
            if (cur != null) {
                cur.movedOn[i] = true;
            }
            current[i] = sp;
        }
        return sp;
    }

    SpillState find(long run, long spill) {
        for (int k = 0; k < open.size(); k++) {
            SpillState s = open.get(k);
            if (s.is(run, spill)) {
                return s;
            }
        }
        return null;
    }

    /** Forgets a closed spill, remembering its key so late frames for it are recognised. */
    void remove(SpillState sp) {
        open.remove(sp);
        for (int i = 0; i < sources; i++) {
            if (current[i] == sp) {
                current[i] = null;
            }
        }
        int k = closedCount++ % CLOSED_HISTORY;
        closedRun[k] = sp.run;
        closedSpill[k] = sp.spill;
        if (sp.run > newestClosedRun || (sp.run == newestClosedRun && sp.spill > newestClosedSpill)) {
            newestClosedRun = sp.run;
            newestClosedSpill = sp.spill;
        }
    }

    /** A spill closed (remembered among the last 32), or one not open at or before the newest closed one. */
    boolean wasClosed(long run, long spill) {
        if (run < newestClosedRun || (run == newestClosedRun && spill <= newestClosedSpill)) {
            return true; // spills come in increasing order: one this old will never be taken again
        }
        for (int k = 0, n = Math.min(closedCount, CLOSED_HISTORY); k < n; k++) {
            if (closedRun[k] == run && closedSpill[k] == spill) {
                return true;
            }
        }
        return false;
    }

    /** Forgets every closed spill (a new run begins; none is open then). */
    void forgetClosed() {
        closedCount = 0;
        newestClosedRun = -1;
        newestClosedSpill = -1;
    }

    /** A snapshot of the open spills, oldest first. */
    List<SpillState> openSpills() {
        return new ArrayList<>(open);
    }

    /** The {@code k}-th open spill, oldest first; for walking them without a snapshot. */
    SpillState open(int k) {
        return open.get(k);
    }

    int openCount() {
        return open.size();
    }
}
