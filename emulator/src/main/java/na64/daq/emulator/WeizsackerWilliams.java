package na64.daq.emulator;

import java.util.Arrays;

/**
 * Samples the share x of the beam energy that an A′ of mass m takes, from the
 * Weizsäcker–Williams spectrum
 * <pre>
 *   dσ/dx ∝ (1 − x + x²/3) / (m² (1 − x) / x + m_e² x),   x in [m/E0, 1 − max(m_e/m, m/E0)].
 * </pre>
 * The spectrum peaks sharply near x → 1 for heavy A′, so it is tabulated on a grid dense at both
 * ends (logarithmic in x and in 1 − x), integrated with the trapezoid rule and inverted by binary
 * search. Immutable; build once per (mass, E0).
 */
public final class WeizsackerWilliams {
    /** Electron mass in MeV. */
    public static final double ELECTRON_MASS_MEV = 0.51099895;
    private static final int POINTS_PER_SEGMENT = 3000;

    private final double massMeV;
    private final double xMin;
    private final double xMax;
    private final double[] x;
    private final double[] cdf;

    /** Tabulates the spectrum for an A′ of {@code massMeV} and beam energy {@code beamMeV}. */
    public WeizsackerWilliams(double massMeV, double beamMeV) {
        this.massMeV = massMeV;
        this.xMin = massMeV / beamMeV;
        this.xMax = 1 - Math.max(ELECTRON_MASS_MEV / massMeV, massMeV / beamMeV);
        if (!(xMin < xMax)) {
            throw new IllegalArgumentException("no kinematic range for an A′ of " + massMeV + " MeV at E0 = "
                    + beamMeV + " MeV (x from " + xMin + " to " + xMax + ")");
        }
        double[] grid = new double[3 * POINTS_PER_SEGMENT];
        double lx = Math.log(xMin);
        double l1 = Math.log(1 - xMax);
        double lTop = Math.log(1 - xMin);
        for (int i = 0; i < POINTS_PER_SEGMENT; i++) {
            double f = i / (double) (POINTS_PER_SEGMENT - 1);
            grid[i] = Math.exp(lx + f * (Math.log(xMax) - lx));
            grid[POINTS_PER_SEGMENT + i] = 1 - Math.exp(l1 + f * (lTop - l1));
            grid[2 * POINTS_PER_SEGMENT + i] = xMin + f * (xMax - xMin);
        }
        Arrays.sort(grid);
        double[] xs = new double[grid.length];
        int n = 0;
        for (double g : grid) {
            double c = Math.min(xMax, Math.max(xMin, g));
            if (n == 0 || c > xs[n - 1]) {
                xs[n++] = c;
            }
        }
        x = Arrays.copyOf(xs, n);
        cdf = new double[n];
        for (int i = 1; i < n; i++) {
            cdf[i] = cdf[i - 1] + 0.5 * (density(x[i - 1]) + density(x[i])) * (x[i] - x[i - 1]);
        }
        double total = cdf[n - 1];
        for (int i = 0; i < n; i++) {
            cdf[i] /= total;
        }
    }

    /** The unnormalized spectrum dσ/dx at {@code x} (0 outside the kinematic range). */
    public double density(double x) {
        if (x < xMin || x > xMax) {
            return 0;
        }
        double me2 = ELECTRON_MASS_MEV * ELECTRON_MASS_MEV;
        return (1 - x + x * x / 3) / (massMeV * massMeV * (1 - x) / x + me2 * x);
    }

    /** Probability that x lies below {@code value}, from the table. */
    public double cumulative(double value) {
        if (value <= xMin) {
            return 0;
        }
        if (value >= xMax) {
            return 1;
        }
        int i = Arrays.binarySearch(x, value);
        if (i >= 0) {
            return cdf[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double f = (value - x[lo]) / (x[hi] - x[lo]);
        return cdf[lo] + f * (cdf[hi] - cdf[lo]);
    }

    /** The x at which the cumulative probability reaches {@code u} in [0, 1). */
    public double quantile(double u) {
        int i = Arrays.binarySearch(cdf, u);
        if (i >= 0) {
            return x[i];
        }
        int hi = Math.min(-i - 1, x.length - 1);
        int lo = Math.max(hi - 1, 0);
        double span = cdf[hi] - cdf[lo];
        double f = span > 0 ? (u - cdf[lo]) / span : 0;
        return x[lo] + f * (x[hi] - x[lo]);
    }

    /** Lower end of the kinematic range, m/E0. */
    public double xMin() {
        return xMin;
    }

    /** Upper end of the kinematic range, 1 − max(m_e/m, m/E0). */
    public double xMax() {
        return xMax;
    }

    /** A′ mass in MeV. */
    public double massMeV() {
        return massMeV;
    }

    double sample(Rng rng) {
        return quantile(rng.uniform());
    }
}
