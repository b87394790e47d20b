package na64.daq.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What the generator injected in one or more spills: counts per kind and the individual faults. */
public final class InjectedFaults {
    private final List<InjectedFault> faults = new ArrayList<>();
    private final int[] counts = new int[FaultKind.values().length];

    void add(InjectedFault f) {
        faults.add(f);
        counts[f.kind().ordinal()]++;
    }

    /** Adds all of {@code other}'s faults to this one. */
    public void addAll(InjectedFaults other) {
        for (InjectedFault f : other.faults) {
            add(f);
        }
    }

    /** Number of injected faults of {@code kind}. */
    public int count(FaultKind kind) {
        return counts[kind.ordinal()];
    }

    /** Total injected faults. */
    public int total() {
        return faults.size();
    }

    /** Every fault, in injection order. */
    public List<InjectedFault> list() {
        return Collections.unmodifiableList(faults);
    }

    /** Counts by kind, only the kinds that occurred. */
    public Map<FaultKind, Integer> counts() {
        Map<FaultKind, Integer> m = new EnumMap<>(FaultKind.class);
        for (FaultKind k : FaultKind.values()) {
            if (counts[k.ordinal()] > 0) {
                m.put(k, counts[k.ordinal()]);
            }
        }
        return m;
    }

    /** E.g. {@code missing 13, crc 5}; {@code none} when empty. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        counts().forEach((k, n) -> b.append(b.length() == 0 ? "" : ", ").append(k.label()).append(' ').append(n));
        return b.length() == 0 ? "none" : b.toString();
    }
}
