package na64.daq.emulator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WeizsackerWilliamsTest {
    private static final double E0 = 100_000;
    private static final int BINS = 40;
    private static final int SAMPLES = 400_000;

    /** ∫ of the density over x in [a, b] by Simpson's rule in u = ln(1 − x), where it is smooth. */
    private static double integral(WeizsackerWilliams ww, double a, double b) {
        double ua = Math.log1p(-b);
        double ub = Math.log1p(-a);
        int n = 2000;
        double h = (ub - ua) / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double u = ua + i * h;
            double x = -Math.expm1(u);
            double g = ww.density(Math.min(ww.xMax(), Math.max(ww.xMin(), x))) * (1 - x);
            sum += g * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3;
    }

    @Test
    void theKinematicRangeIsFromMOverE0ToOneMinusMeOverE0() {
        for (double m : new double[] {1, 16.7, 500}) {
            WeizsackerWilliams ww = new WeizsackerWilliams(m, E0);
            assertThat(ww.xMin()).isCloseTo(m / E0, within(1e-12));
            assertThat(ww.xMax()).isCloseTo(1 - WeizsackerWilliams.ELECTRON_MASS_MEV / E0, within(1e-12));
        }
        assertThatThrownBy(() -> new WeizsackerWilliams(0.3, E0)).hasMessageContaining("kinematic range");
        assertThatThrownBy(() -> new WeizsackerWilliams(E0, E0)).hasMessageContaining("kinematic range");
    }

    /**
     * A binned comparison with the analytic shape: 40 bins equal in ln(1 − x) over the whole range,
     * expected counts by integrating dσ/dx, a χ² over the bins with at least 20 expected, and no bin
     * off by more than 5 σ. A wrong range or a biased sampler (the old table inversion) fails this.
     */
    @ParameterizedTest(name = "m = {0} MeV")
    @ValueSource(doubles = {1, 16.7, 500})
    void sampledXFollowsTheSpectrumOnItsKinematicRange(double m) {
        WeizsackerWilliams ww = new WeizsackerWilliams(m, E0);
        double uLow = Math.log1p(-ww.xMax());
        double uHigh = Math.log1p(-ww.xMin());
        double[] edges = new double[BINS + 1];
        for (int i = 0; i <= BINS; i++) {
            edges[i] = -Math.expm1(uHigh - i * (uHigh - uLow) / BINS); // increasing x
        }
        edges[0] = ww.xMin();
        edges[BINS] = ww.xMax();
        long[] counts = new long[BINS];
        Rng rng = new Rng(1400 + (long) m);
        for (int i = 0; i < SAMPLES; i++) {
            double x = ww.sample(rng);
            assertThat(x).isBetween(ww.xMin(), ww.xMax());
            double u = Math.log1p(-x);
            counts[Math.min(BINS - 1, (int) ((uHigh - u) / (uHigh - uLow) * BINS))]++;
        }
        double total = integral(ww, ww.xMin(), ww.xMax());
        double chi2 = 0;
        int ndf = 0;
        double worst = 0;
        for (int i = 0; i < BINS; i++) {
            double expected = SAMPLES * integral(ww, edges[i], edges[i + 1]) / total;
            if (expected >= 20) {
                double pull = (counts[i] - expected) / Math.sqrt(expected);
                chi2 += pull * pull;
                ndf++;
                worst = Math.max(worst, Math.abs(pull));
            } else {
                assertThat(counts[i]).as("bin %d expects %.1f", i, expected).isLessThan((long) (expected + 6 * Math.sqrt(expected + 1) + 1));
            }
        }
        assertThat(ndf).isGreaterThan(20);
        // χ²/ndf of a correct sampler is 1 ± √(2/ndf) ≈ 1 ± 0.25; 2 is far beyond it.
        assertThat(chi2 / ndf).as("χ²/ndf at m = %s MeV", m).isLessThan(2.0);
        assertThat(worst).isLessThan(5);
    }

    @Test
    void everyMassCanTakeNearlyAllOfTheBeamEnergy() {
        for (double m : new double[] {1, 16.7, 100, 500}) {
            WeizsackerWilliams ww = new WeizsackerWilliams(m, E0);
            double aboveHalf = integral(ww, 0.5, ww.xMax()) / integral(ww, ww.xMin(), ww.xMax());
            assertThat(aboveHalf).as("share above x = 0.5 at %s MeV", m).isGreaterThan(0.75);
        }
    }
}
