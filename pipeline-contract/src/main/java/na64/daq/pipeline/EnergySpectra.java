package na64.daq.pipeline;

/**
 * Fixed-bucket spectra of E_ECAL, E_HCAL and E_VETO for the shifters' online monitor, filled by
 * the builder thread for every complete event and read by monitoring as cumulative Prometheus
 * histograms. Buckets are physics-motivated upper bounds in MeV; the last bucket is +Inf. These are
 * a histogram's buckets, described here by their bounds, not counters of the {@link CounterRegistry}.
 */
public final class EnergySpectra {
    /** Upper bounds in MeV for E_ECAL and E_HCAL (0 .. 120 GeV). */
    public static final double[] CALORIMETER_BOUNDS_MEV = {
        100, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 40_000, 50_000,
        60_000, 70_000, 80_000, 90_000, 95_000, 100_000, 105_000, 110_000, 120_000, Double.POSITIVE_INFINITY};
    /** Upper bounds in MeV for E_VETO (MIP in a veto counter is a few MeV). */
    public static final double[] VETO_BOUNDS_MEV = {
        0.1, 0.5, 1, 2, 3, 5, 10, 20, 50, Double.POSITIVE_INFINITY};

    public final Counter[] ecal = counters(CALORIMETER_BOUNDS_MEV.length);
    public final Counter[] hcal = counters(CALORIMETER_BOUNDS_MEV.length);
    public final Counter[] veto = counters(VETO_BOUNDS_MEV.length);
    /** E_ECAL x E_HCAL 2-D counts on the calorimeter buckets, row = ECAL bucket. */
    public final Counter[] ecalVsHcal = counters(CALORIMETER_BOUNDS_MEV.length * CALORIMETER_BOUNDS_MEV.length);

    /** Counts one complete event's energies. Builder thread only. */
    public void fill(double eEcal, double eHcal, double eVeto) {
        int e = bucket(CALORIMETER_BOUNDS_MEV, eEcal);
        int h = bucket(CALORIMETER_BOUNDS_MEV, eHcal);
        ecal[e].increment();
        hcal[h].increment();
        veto[bucket(VETO_BOUNDS_MEV, eVeto)].increment();
        ecalVsHcal[e * CALORIMETER_BOUNDS_MEV.length + h].increment();
    }

    static int bucket(double[] bounds, double v) {
        for (int i = 0; i < bounds.length; i++) {
            if (v <= bounds[i]) {
                return i;
            }
        }
        return bounds.length - 1;
    }

    private static Counter[] counters(int n) {
        Counter[] c = new Counter[n];
        for (int i = 0; i < n; i++) {
            c[i] = new Counter();
        }
        return c;
    }
}
