package na64.daq.builder;

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

    SpillRegistry(int sources, int streams) {
        this.sources = sources;
        this.streams = streams;
        this.current = new SpillState[sources];
    }

    /** The spill source {@code i} is in now, or {@code null}. */
    SpillState current(int i) {
        return current[i];
    }

    /**
     * The open spill (run, spill) for a frame from source {@code i}, opening it if new. Returns
     * {@code null} when that spill was already closed. {@code overflow} receives the oldest open
     * spill when a new one would exceed {@link #MAX_OPEN}; the caller must close it first.
     */
    SpillState lookup(int i, long run, long spill, long nowNanos, SpillState[] overflow) {
        SpillState cur = current[i];
        if (cur != null && cur.is(run, spill)) {
            return cur;
        }
        if (wasClosed(run, spill)) {
            return null;
        }
        SpillState sp = find(run, spill);
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
    }

    boolean wasClosed(long run, long spill) {
        for (int k = 0, n = Math.min(closedCount, CLOSED_HISTORY); k < n; k++) {
            if (closedRun[k] == run && closedSpill[k] == spill) {
                return true;
            }
        }
        return false;
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
