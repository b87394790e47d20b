package na64.daq.emulator;

import java.util.Arrays;

/**
 * Samples the share x of the beam energy that an A′ of mass m takes, from the
 * Weizsäcker–Williams spectrum (Bjorken, Essig, Schuster, Toro 2009, eq. A.16)
 * <pre>
 *   dσ/dx ∝ (1 − x + x²/3) / (m² (1 − x) / x + m_e² x),   x in [m/E0, 1 − m_e/E0].
 * </pre>
 * The range is the kinematic one: the A′ needs at least its mass, the recoil electron keeps at least
 * its own. {@code max(m_e/m, m/E0)} is where 1 − x typically lies, not a bound; the spectrum itself
 * pushes 1 − x down to it for heavy A′s.
 * <p>
 * Sampling is exact (no binning bias): in u = ln(1 − x) the density g(u) = f(1 − e^u)·e^u is smooth
 * even where f is sharply peaked at x → 1, so a fine grid in u gives a piecewise-constant envelope
 * (each cell's maximum, with margin) that is sampled by inversion, and a draw is accepted with
 * probability g(u)/envelope. Immutable; build once per (mass, E0).
 */
public final class WeizsackerWilliams {
    /** Electron mass in MeV. */
    public static final double ELECTRON_MASS_MEV = 0.51099895;
    private static final int CELLS = 4096;
    /** Envelope margin over the largest of three points per cell; g varies by far less within a cell. */
    private static final double MARGIN = 1.05;

    private final double massMeV;
    private final double xMin;
    private final double xMax;
    private final double uLow;
    private final double cellWidth;
    private final double[] envelope;
    /** cumulative envelope area up to the end of cell i, normalised to 1 at the last cell. */
    private final double[] cellCdf;

    /** Prepares the spectrum for an A′ of {@code massMeV} and beam energy {@code beamMeV}. */
    public WeizsackerWilliams(double massMeV, double beamMeV) {
        this.massMeV = massMeV;
        this.xMin = massMeV / beamMeV;
        this.xMax = 1 - ELECTRON_MASS_MEV / beamMeV;
        if (!(massMeV >= ELECTRON_MASS_MEV && xMin < xMax)) {
            throw new IllegalArgumentException("no kinematic range for an A′ of " + massMeV + " MeV at E0 = " + beamMeV
                    + " MeV: the Weizsäcker–Williams spectrum needs m_e = " + ELECTRON_MASS_MEV + " ≤ m < E0 − m_e");
        }
        uLow = Math.log(1 - xMax);
        double uHigh = Math.log1p(-xMin);
        cellWidth = (uHigh - uLow) / CELLS;
        envelope = new double[CELLS];
        cellCdf = new double[CELLS];
        double total = 0;
        for (int i = 0; i < CELLS; i++) {
            double a = uLow + i * cellWidth;
            double peak = Math.max(inU(a), Math.max(inU(a + 0.5 * cellWidth), inU(a + cellWidth)));
            envelope[i] = MARGIN * peak;
            total += envelope[i] * cellWidth;
            cellCdf[i] = total;
        }
        for (int i = 0; i < CELLS; i++) {
            cellCdf[i] /= total;
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

    /** The density in u = ln(1 − x): dσ/du = dσ/dx · (1 − x). */
    double inU(double u) {
        double oneMinusX = Math.exp(u);
        return density(Math.min(xMax, Math.max(xMin, 1 - oneMinusX))) * oneMinusX;
    }

    /** Lower end of the kinematic range, m/E0. */
    public double xMin() {
        return xMin;
    }

    /** Upper end of the kinematic range, 1 − m_e/E0. */
    public double xMax() {
        return xMax;
    }

    /** A′ mass in MeV. */
    public double massMeV() {
        return massMeV;
    }

    /** One x from the spectrum, exactly (accept–reject under the envelope). */
    double sample(Rng rng) {
        while (true) {
            int i = Arrays.binarySearch(cellCdf, rng.uniform());
            int cell = Math.min(CELLS - 1, i >= 0 ? i : -i - 1);
            double u = uLow + (cell + rng.uniform()) * cellWidth;
            if (rng.uniform() * envelope[cell] <= inU(u)) {
                return Math.min(xMax, Math.max(xMin, -Math.expm1(u)));
            }
        }
    }
}
