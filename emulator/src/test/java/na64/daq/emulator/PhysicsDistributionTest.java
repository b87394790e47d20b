package na64.daq.emulator;

import na64.daq.testkit.TestConfigs;

import na64.daq.config.RunConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulator's physics as the service's trigger code reconstructs it, on seeded samples. */
class PhysicsDistributionTest {
    private static final RunConfig CONFIG = TestConfigs.reference();

    private static List<Reconstructed> sample(PhysicsMix mix, int events, long seed) {
        SimulationSettings s = SimulationSettings.defaults().withSeed(seed).withEventsPerSpill(events)
                .withEncoding(Encoding.PEAK).withPhysics(mix).withTriggerShares(0, 0);
        return Reconstructed.of(new SpillGenerator(s, CONFIG).generate(1, 0), CONFIG);
    }

    private static double fraction(List<Reconstructed> events, Predicate<Reconstructed> p) {
        return events.stream().filter(p).count() / (double) events.size();
    }

    @Test
    void electronsGiveFullEnergyShowersInTheEcal() {
        List<Reconstructed> e = sample(PhysicsMix.only(EventKind.ELECTRON), 3000, 11);
        assertThat(e).allMatch(r -> r.kind() == EventKind.ELECTRON && r.complete());
        assertThat(fraction(e, r -> r.ecal() > 80_000)).isGreaterThan(0.8);
        assertThat(fraction(e, r -> r.ps() >= 300)).isGreaterThan(0.99);
        assertThat(fraction(e, r -> r.hcal() < 1000)).isGreaterThan(0.99);
        assertThat(fraction(e, r -> r.veto() < 2)).isEqualTo(1.0);
        assertThat(fraction(e, r -> r.srd() >= 1 && r.srd() <= 120)).isGreaterThan(0.95);
        double meanPs = e.stream().mapToDouble(r -> r.ps() / r.ecal()).average().orElseThrow();
        assertThat(meanPs).as("preshower share of a 100 GeV shower").isBetween(0.04, 0.12);
    }

    @Test
    void hadronsGiveLargeHcalEnergyVetoMipsAndNoSynchrotronLight() {
        List<Reconstructed> h = sample(PhysicsMix.only(EventKind.HADRON), 2000, 12);
        assertThat(fraction(h, r -> r.hcal() > 10_000)).isGreaterThan(0.95);
        assertThat(h.stream().mapToDouble(Reconstructed::hcal).average().orElseThrow()).isGreaterThan(40_000);
        assertThat(fraction(h, r -> r.srd() < 1)).isGreaterThan(0.99);
        assertThat(fraction(h, r -> r.veto() > 2.5)).isGreaterThan(0.99);
        assertThat(fraction(h, Reconstructed::invisible)).isZero();
    }

    @Test
    void muonsLeaveMipsInTheEcalEveryHcalModuleAndTheVeto() {
        List<Reconstructed> m = sample(PhysicsMix.only(EventKind.MUON), 1000, 13);
        assertThat(fraction(m, r -> r.ecal() > 150 && r.ecal() < 1500)).isGreaterThan(0.95);
        assertThat(fraction(m, r -> r.hcal() > 1500 && r.hcal() < 6000)).isGreaterThan(0.95);
        assertThat(fraction(m, r -> r.veto() > 2.5)).isGreaterThan(0.99);
        assertThat(fraction(m, r -> r.srd() < 1)).isGreaterThan(0.99);
    }

    @Test
    void pileUpDoublesTheEcalEnergyUpToSaturation() {
        List<Reconstructed> p = sample(PhysicsMix.only(EventKind.PILEUP), 500, 14);
        assertThat(fraction(p, r -> r.ecal() > 120_000)).isGreaterThan(0.95);
    }

    @Test
    void backgroundOnlyPhysicsTriggersAreAcceptedBelowOnePercent() {
        List<Reconstructed> b = sample(PhysicsMix.defaults().withSignal(0), 5000, 15);
        assertThat(b.stream().map(Reconstructed::kind).distinct())
                .contains(EventKind.ELECTRON, EventKind.HADRON, EventKind.TAIL, EventKind.PILEUP);
        assertThat(fraction(b, Reconstructed::invisible)).isLessThan(0.01);
    }

    @Test
    void randomTriggersSeeOnlyNoiseAndLedTriggersLightEveryCalorimeterCell() {
        SimulationSettings s = SimulationSettings.defaults().withSeed(16).withEventsPerSpill(1000)
                .withTriggerShares(0.5, 0.5);
        List<Reconstructed> r = Reconstructed.of(new SpillGenerator(s, CONFIG).generate(1, 0), CONFIG);
        List<Reconstructed> noise = r.stream().filter(x -> x.kind() == EventKind.NOISE).toList();
        List<Reconstructed> led = r.stream().filter(x -> x.kind() == EventKind.LED).toList();
        assertThat(noise).hasSizeGreaterThan(300);
        assertThat(led).hasSizeGreaterThan(300);
        assertThat(fraction(noise, x -> x.ecal() + x.hcal() + x.srd() + x.veto() < 1)).isGreaterThan(0.98);
        assertThat(fraction(noise, x -> (x.streams() & 2) != 0)).as("random stream").isEqualTo(1.0);
        // 1500 counts in each of 36 cells: 36 x 1500 x 5 MeV in the preshower.
        assertThat(led).allMatch(x -> x.ps() > 230_000 && x.ps() < 310_000);
    }

    @Test
    void signalRecoilsKeepOneMinusXOfTheBeamEnergy() {
        List<Reconstructed> s = sample(PhysicsMix.only(EventKind.SIGNAL), 2000, 17);
        double sumResidual = 0;
        for (Reconstructed r : s) {
            assertThat(r.x()).isBetween(16.7 / 100_000, 1.0);
            sumResidual += r.ecal() + r.hcal() - (1 - r.x()) * 100_000;
        }
        // Mean energy balance within 2 % of E0 (leakage and thresholds lose a little).
        assertThat(Math.abs(sumResidual / s.size())).isLessThan(2000);
        assertThat(fraction(s, r -> r.srd() >= 1 && r.srd() <= 120)).isGreaterThan(0.95);
    }
}
