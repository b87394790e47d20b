package na64.daq.emulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WeizsackerWilliamsTest {
    private static final double E0 = 100_000;

    /** Mean x by direct integration of the density on a fine grid in log(1 − x) and log x. */
    private static double integratedMean(WeizsackerWilliams ww) {
        double num = 0;
        double den = 0;
        int n = 500_000;
        double a = ww.xMin();
        double b = ww.xMax();
        // Substitution x = b - (b - a) * (1 - u)^k is not needed: a uniform grid is fine at this density,
        // as long as it resolves the 1 - x scale near the top (1 - xMax >= 0.005 here).
        double h = (b - a) / n;
        for (int i = 0; i < n; i++) {
            double x = a + (i + 0.5) * h;
            double d = ww.density(x);
            num += x * d;
            den += d;
        }
        return num / den;
    }

    @Test
    void theKinematicRangeFollowsTheMassAndBeamEnergy() {
        WeizsackerWilliams ww = new WeizsackerWilliams(16.7, E0);
        assertThat(ww.xMin()).isCloseTo(16.7 / E0, within(1e-12));
        assertThat(ww.xMax()).isCloseTo(1 - WeizsackerWilliams.ELECTRON_MASS_MEV / 16.7, within(1e-12));
        WeizsackerWilliams heavy = new WeizsackerWilliams(500, E0);
        assertThat(heavy.xMax()).isCloseTo(1 - 500 / E0, within(1e-12));
        assertThatThrownBy(() -> new WeizsackerWilliams(0.4, E0)).hasMessageContaining("kinematic range");
    }

    @Test
    void sampledXStaysInRangeAndMatchesTheSpectrumsMean() {
        for (double m : new double[] {1, 16.7, 100, 500}) {
            WeizsackerWilliams ww = new WeizsackerWilliams(m, E0);
            Rng rng = new Rng(99);
            double sum = 0;
            int n = 200_000;
            for (int i = 0; i < n; i++) {
                double x = ww.sample(rng);
                assertThat(x).isBetween(ww.xMin(), ww.xMax());
                sum += x;
            }
            assertThat(sum / n).as("mean x for m = %s MeV", m).isCloseTo(integratedMean(ww), within(0.004));
        }
    }

    @Test
    void heavierAPrimesTakeMoreOfTheBeamEnergy() {
        double previous = -1;
        for (double m : new double[] {1, 16.7, 100, 500}) {
            WeizsackerWilliams ww = new WeizsackerWilliams(m, E0);
            double aboveHalf = 1 - ww.cumulative(0.5);
            // 1 MeV cannot pass x = 1 - m_e/m = 0.49 at all.
            assertThat(aboveHalf).isGreaterThan(previous);
            previous = aboveHalf;
        }
        assertThat(previous).isGreaterThan(0.8);
    }
}
