package na64.daq.app.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The comparison of two runs of one recording: every event whose streams differ between A and B,
 * in (run, spill, event) order, with the accepted counts per stream of each side. An event one
 * side did not store was accepted by no stream there.
 */
final class DecisionDiff {
    /** One changed event: its streams under A and under B, and its energies. */
    record Change(Decisions.Key key, int a, int b, Decisions.Decision energies) {
    }

    private final long[] acceptedA;
    private final long[] acceptedB;
    private final List<Change> changes;

    private DecisionDiff(long[] acceptedA, long[] acceptedB, List<Change> changes) {
        this.acceptedA = acceptedA;
        this.acceptedB = acceptedB;
        this.changes = changes;
    }

    /**
     * Compares the runs. Energies are A's record of the event, or B's when A did not store it (with
     * the same reconstruction settings, as for a changed cut, the two are identical).
     */
    static DecisionDiff of(DecisionRun.Result a, DecisionRun.Result b) {
        TreeSet<Decisions.Key> keys = new TreeSet<>();
        a.decisions().keys().forEach(keys::add);
        b.decisions().keys().forEach(keys::add);
        List<Change> changes = new ArrayList<>();
        for (Decisions.Key k : keys) {
            int sa = a.decisions().streams(k);
            int sb = b.decisions().streams(k);
            if (sa != sb) {
                Decisions.Decision e = a.decisions().get(k);
                changes.add(new Change(k, sa, sb, e != null ? e : b.decisions().get(k)));
            }
        }
        return new DecisionDiff(a.accepted(), b.accepted(), changes);
    }

    /** Accepted events per stream bit under A (the sum of A's spill summaries). */
    long[] acceptedA() {
        return acceptedA.clone();
    }

    /** Accepted events per stream bit under B. */
    long[] acceptedB() {
        return acceptedB.clone();
    }

    /** The events whose streams change, in key order. */
    List<Change> changes() {
        return changes;
    }
}
