package na64.daq.emulator;

import na64.daq.testkit.TestConfigs;

import na64.daq.config.RunConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptanceStudyTest {
    private static final RunConfig CONFIG = TestConfigs.reference();

    private static AcceptanceStudy study() {
        return new AcceptanceStudy(CONFIG, new ServiceTriggerModel(CONFIG)).encoding(Encoding.PEAK).seed(5)
                .maxPoints(500);
    }

    @Test
    void theInvisibleEfficiencyRisesWithTheShareTheAPrimeTakes() {
        AcceptanceStudy.SignalSample s = study().signal(100, 3000);
        assertThat(s.efficiency().total()).isEqualTo(3000);
        BinomialEstimate low = new BinomialEstimate(0, 0);
        BinomialEstimate high = new BinomialEstimate(0, 0);
        for (int b = 0; b < AcceptanceStudy.X_BINS; b++) {
            double centre = (b + 0.5) / AcceptanceStudy.X_BINS;
            if (centre < 0.4) {
                low = low.plus(s.byX().get(b));
            } else if (centre > 0.6 && centre < 0.95) {
                high = high.plus(s.byX().get(b));
            }
        }
        assertThat(low.total()).isPositive();
        assertThat(low.value()).isLessThan(0.02);
        assertThat(high.value()).isGreaterThan(0.9);
        assertThat(s.points().size()).isEqualTo(500);
    }

    @Test
    void lightAPrimesAreKeptAboutAsOftenAsHeavierOnes() {
        AcceptanceStudy study = study();
        double light = study.signal(1, 1500).efficiency().value();
        double medium = study.signal(16.7, 1500).efficiency().value();
        double heavy = study.signal(100, 1500).efficiency().value();
        // x reaches 1 - m_e/E0 at every mass (issue 14): a 1 MeV A′ is of the same order as 16.7 MeV.
        assertThat(light).isGreaterThan(0.5);
        assertThat(light / medium).isBetween(0.5, 1.5);
        // Heavier A′s leave more recoils under ~1 GeV (x > 0.99), whose preshower misses E_PS >= 300 MeV.
        assertThat(heavy).isBetween(0.2, medium);
    }

    @Test
    void backgroundKindsAreRejectedAndWeightedByTheBeamComposition() {
        AcceptanceStudy.BackgroundSample b = study().background(800);
        assertThat(b.byKind().keySet()).containsExactlyElementsOf(AcceptanceStudy.BACKGROUND_KINDS);
        assertThat(b.byKind().get(EventKind.ELECTRON).passed()).isZero();
        assertThat(b.byKind().get(EventKind.HADRON).passed()).isZero();
        assertThat(b.byKind().get(EventKind.MUON).passed()).isZero();
        assertThat(b.byKind().get(EventKind.TAIL).value()).as("soft tail electrons with an SRD tag pass").isPositive();
        double[] w = b.weighted(PhysicsMix.defaults());
        assertThat(w[0]).isLessThan(0.01);
        assertThat(w[1]).isPositive();
    }

    @Test
    void theSameSeedGivesTheSameStudy() {
        var a = study().run(List.of(16.7), 400, 200);
        var b = study().run(List.of(16.7), 400, 200);
        assertThat(a.signals().get(0).byX()).isEqualTo(b.signals().get(0).byX());
        assertThat(a.background().byKind()).isEqualTo(b.background().byKind());
    }

    @Test
    void binomialIntervalsAreClopperPearson() {
        BinomialEstimate e = new BinomialEstimate(25, 100);
        assertThat(e.value()).isEqualTo(0.25);
        // Reference: scipy.stats.beta.ppf(0.158655, 25, 76) and beta.ppf(0.841345, 26, 75) (TEfficiency's default).
        assertThat(e.ciLow()).isCloseTo(0.2046902, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(e.ciHigh()).isCloseTo(0.3008509, org.assertj.core.data.Offset.offset(1e-6));
        // The ends: nothing passed or everything passed have the closed forms (α/2)^(1/N).
        double tail = (1 - BinomialEstimate.ONE_SIGMA) / 2;
        assertThat(new BinomialEstimate(0, 50).ciLow()).isZero();
        assertThat(new BinomialEstimate(0, 50).ciHigh()).isCloseTo(1 - Math.pow(tail, 1 / 50.0), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(new BinomialEstimate(50, 50).ciLow()).isCloseTo(Math.pow(tail, 1 / 50.0), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(new BinomialEstimate(50, 50).ciHigh()).isEqualTo(1);
        assertThat(new BinomialEstimate(0, 1000).upperLimit95()).isCloseTo(1 - Math.pow(0.05, 1e-3), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(e.upperLimit95()).isBetween(0.25, 0.35);
    }
}
