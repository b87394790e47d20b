package na64.daq.emulator;

import na64.daq.config.RunConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptanceStudyTest {
    private static final RunConfig CONFIG = TestConfigs.reference();

    private static AcceptanceStudy study() {
        return new AcceptanceStudy(CONFIG, new TriggerLogicModel(CONFIG)).encoding(Encoding.PEAK).seed(5)
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
    void aPrimesThatCanTakeOverHalfTheBeamAreKeptFarMoreOften() {
        AcceptanceStudy study = study();
        double light = study.signal(1, 1500).efficiency().value();
        double medium = study.signal(16.7, 1500).efficiency().value();
        double heavy = study.signal(100, 1500).efficiency().value();
        // A 1 MeV A′ cannot take more than 1 - m_e/m = 49 % of E0: only resolution tails pass E_ECAL < 50 GeV.
        assertThat(light).isLessThan(0.1);
        assertThat(medium).isGreaterThan(light + 0.5);
        // Heavier still: x piles up near 1, where a recoil under ~1 GeV often misses the E_PS >= 300 MeV cut.
        assertThat(heavy).isGreaterThan(light + 0.5);
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
    void binomialErrorsAndLimits() {
        BinomialEstimate e = new BinomialEstimate(25, 100);
        assertThat(e.value()).isEqualTo(0.25);
        assertThat(e.error()).isCloseTo(Math.sqrt(0.25 * 0.75 / 100), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(new BinomialEstimate(0, 1000).upperLimit95()).isBetween(0.0029, 0.0031);
        assertThat(e.upperLimit95()).isBetween(0.25, 0.35);
    }
}
