package na64.daq.farm.builder;

/** A spill, ordered by run then spill number (the order spills are taken in). */
public record SpillKey(long run, long spill) implements Comparable<SpillKey> {
    @Override
    public int compareTo(SpillKey o) {
        int c = Long.compare(run, o.run);
        return c != 0 ? c : Long.compare(spill, o.spill);
    }

    /** The spill just after this one in the same run. */
    public SpillKey next() {
        return new SpillKey(run, spill + 1);
    }
}
