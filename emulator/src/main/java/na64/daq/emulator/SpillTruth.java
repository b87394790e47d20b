package na64.daq.emulator;

/**
 * What each trigger of a spill really was: its kind and, for A′ events, the energy share x the A′
 * took. Indexed by event number (1..{@link #triggers()}). Never sent on the wire.
 */
public final class SpillTruth {
    private static final EventKind[] KINDS = EventKind.values();

    private final long run;
    private final long spill;
    private final byte[] kinds;
    private final double[] x;
    private final short[] triggerTypes;
    private final long[] triggerTimes;

    SpillTruth(long run, long spill, int triggers) {
        this.run = run;
        this.spill = spill;
        this.kinds = new byte[triggers];
        this.x = new double[triggers];
        this.triggerTypes = new short[triggers];
        this.triggerTimes = new long[triggers];
    }

    void record(long event, int triggerType, long triggerTimeNs, EventKind kind, double share) {
        int i = (int) event - 1;
        kinds[i] = (byte) kind.ordinal();
        x[i] = share;
        triggerTypes[i] = (short) triggerType;
        triggerTimes[i] = triggerTimeNs;
    }

    public long run() {
        return run;
    }

    public long spill() {
        return spill;
    }

    /** Number of triggers in the spill; events are numbered 1..triggers. */
    public int triggers() {
        return kinds.length;
    }

    /** The truth kind of {@code event}. */
    public EventKind kind(long event) {
        return KINDS[kinds[(int) event - 1]];
    }

    /** The A′ energy share of {@code event}, or NaN if it is not a SIGNAL event. */
    public double x(long event) {
        return x[(int) event - 1];
    }

    /** Trigger type bits of {@code event} (spec §4). */
    public int triggerType(long event) {
        return triggerTypes[(int) event - 1] & 0xFFFF;
    }

    /** Trigger time of {@code event}, ns since the start of the spill. */
    public long triggerTimeNs(long event) {
        return triggerTimes[(int) event - 1];
    }

    /** How many triggers were of {@code kind}. */
    public int count(EventKind kind) {
        int n = 0;
        for (byte k : kinds) {
            if (k == kind.ordinal()) {
                n++;
            }
        }
        return n;
    }
}
