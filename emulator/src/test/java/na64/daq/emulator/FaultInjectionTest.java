package na64.daq.emulator;

import na64.daq.testkit.TestConfigs;

import na64.daq.config.RunConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectionTest {
    private static final RunConfig CONFIG = TestConfigs.reference();
    private static final int EVENTS = 4000;
    private static final FaultRates RATES = new FaultRates(0.02, 0.01, 0.015, 0.005, 0);

    private static SimulationSettings settings() {
        return SimulationSettings.defaults().withEventsPerSpill(EVENTS).withSeed(7).withEncoding(Encoding.PEAK)
                .withFaults(RATES);
    }

    /** Within five binomial standard deviations of rate x trials. */
    private static void assertNearRate(int count, double rate, int trials) {
        double mean = rate * trials;
        double sigma = Math.sqrt(trials * rate * (1 - rate));
        assertThat((double) count).isBetween(mean - 5 * sigma, mean + 5 * sigma);
    }

    @Test
    void injectedCountsFollowTheRequestedRates() {
        SpillData d = new SpillGenerator(settings(), CONFIG).generate(1, 0);
        InjectedFaults f = d.faults();
        assertNearRate(f.count(FaultKind.MISSING), RATES.missing(), EVENTS);
        assertNearRate(f.count(FaultKind.CRC), RATES.crc(), EVENTS);
        assertNearRate(f.count(FaultKind.DUPLICATE), RATES.duplicate(), EVENTS);
        assertNearRate(f.count(FaultKind.RECONNECT), RATES.reconnect(), EVENTS);
        assertThat(f.count(FaultKind.NOEND)).isZero();
        assertThat(f.count(FaultKind.MISSING)).isPositive();
        assertThat(f.count(FaultKind.RECONNECT)).isPositive();
    }

    @Test
    void theFramesShowExactlyWhatTheGeneratorReportsInjecting() {
        SpillData d = new SpillGenerator(settings(), CONFIG).generate(1, 0);
        Map<FaultKind, Map<Integer, Integer>> bySource = new HashMap<>();
        for (InjectedFault f : d.faults().list()) {
            bySource.computeIfAbsent(f.kind(), k -> new HashMap<>()).merge(f.sourceId(), 1, Integer::sum);
            if (f.kind() == FaultKind.MISSING) {
                assertThat(f.sourceId()).as("the trigger unit never skips").isNotEqualTo(ReferenceSetup.TRIGGER);
            }
        }
        for (int id : ReferenceSetup.SOURCE_IDS) {
            FrameCheck c = FrameCheck.of(d.source(id));
            int missing = bySource.getOrDefault(FaultKind.MISSING, Map.of()).getOrDefault(id, 0);
            int dup = bySource.getOrDefault(FaultKind.DUPLICATE, Map.of()).getOrDefault(id, 0);
            int crc = bySource.getOrDefault(FaultKind.CRC, Map.of()).getOrDefault(id, 0);
            int reconnects = bySource.getOrDefault(FaultKind.RECONNECT, Map.of()).getOrDefault(id, 0);
            assertThat(c.fragments).isEqualTo(EVENTS - missing + dup);
            assertThat(c.badCrc).isEqualTo(crc);
            assertThat(c.hellos).isEqualTo(reconnects);
            SourceFrames frames = d.source(id);
            for (int i = 0; i < frames.frameCount(); i++) {
                if (frames.reconnectBefore(i)) {
                    assertThat(frames.frameType(i)).isEqualTo(na64.daq.protocol.FrameHeader.TYPE_HELLO);
                }
            }
        }
    }

    @Test
    void eventsWithAMissingOrCorruptFragmentAreIncompleteAndNoOthers() {
        SpillData d = new SpillGenerator(settings(), CONFIG).generate(1, 0);
        Set<Long> broken = new HashSet<>();
        for (InjectedFault f : d.faults().list()) {
            if (f.kind() == FaultKind.MISSING || f.kind() == FaultKind.CRC) {
                broken.add(f.event());
            }
        }
        List<Reconstructed> events = Reconstructed.of(d, CONFIG);
        assertThat(events).hasSize(EVENTS);
        Set<Long> incomplete = new HashSet<>();
        for (Reconstructed r : events) {
            if (!r.complete()) {
                incomplete.add(r.event());
                assertThat(r.streams()).as("an incomplete event is never accepted").isZero();
            }
            assertThat(r.misaligned()).isFalse();
        }
        assertThat(incomplete).isEqualTo(broken);
    }

    @Test
    void faultsNeverChangeThePhysics() {
        SpillData clean = new SpillGenerator(settings().withFaults(FaultRates.none()), CONFIG).generate(1, 0);
        SpillData faulty = new SpillGenerator(settings(), CONFIG).generate(1, 0);
        for (long e = 1; e <= EVENTS; e++) {
            assertThat(faulty.truth().kind(e)).isEqualTo(clean.truth().kind(e));
            assertThat(faulty.truth().triggerTimeNs(e)).isEqualTo(clean.truth().triggerTimeNs(e));
        }
        assertThat(clean.faults().total()).isZero();
    }

    @Test
    void aNoEndSourceNeverSendsEndOfSpill() {
        SpillData d = new SpillGenerator(settings().withEventsPerSpill(20).withFaults(FaultRates.none()
                .with(FaultKind.NOEND, 1.0)), CONFIG).generate(1, 0);
        assertThat(d.faults().count(FaultKind.NOEND)).isOne();
        int silent = d.faults().list().get(0).sourceId();
        for (int id : ReferenceSetup.SOURCE_IDS) {
            assertThat(FrameCheck.of(d.source(id)).ends).isEqualTo(id == silent ? 0 : 1);
        }
    }

    @Test
    void faultRatesParseFromTheCommandLine() {
        FaultRates r = FaultRates.parse(List.of("crc=0.01", "MISSING=0.5", "noend=1"));
        assertThat(r).isEqualTo(new FaultRates(0.5, 0.01, 0, 0, 1));
        assertThatThrownBy(() -> FaultRates.parse(List.of("bogus=0.1"))).hasMessageContaining("unknown fault");
        assertThatThrownBy(() -> FaultRates.parse(List.of("crc=2"))).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> FaultRates.parse(List.of("crc"))).hasMessageContaining("NAME=RATE");
    }
}
