package na64.daq.trigger;

import na64.daq.testkit.TestConfigs;

import na64.daq.config.RunConfig;
import org.junit.jupiter.api.Test;

import static na64.daq.protocol.FragmentFlyweight.TRIGGER_BEAM;
import static na64.daq.protocol.FragmentFlyweight.TRIGGER_CALIBRATION;
import static na64.daq.protocol.FragmentFlyweight.TRIGGER_PHYSICS;
import static na64.daq.protocol.FragmentFlyweight.TRIGGER_RANDOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectorTest {
    private static final int INV = 1 << Streams.INVISIBLE;
    private static final int RND = 1 << Streams.RANDOM;
    private static final int CAL = 1 << Streams.CALIBRATION;
    private static final int PHYS = TRIGGER_PHYSICS | TRIGGER_BEAM;

    private final Selector selector = new Selector(TestConfigs.reference());

    /** Energies with exactly these five values (ECAL given as the total of both sections). */
    static Energies energies(double ps, double ecal, double hcal, double veto, double srd) {
        Energies e = new Energies();
        e.addChannel(ChannelMap.ECAL_PS, ps);
        e.addChannel(ChannelMap.ECAL_MAIN, ecal - ps);
        e.addChannel(ChannelMap.HCAL, hcal);
        e.addChannel(ChannelMap.VETO, 2 * veto);  // a PMT counts half towards its counter
        e.addChannel(ChannelMap.SRD, srd);
        assertThat(new double[] {e.ps(), e.ecal(), e.hcal(), e.veto(), e.srd()})
                .as("test energies must be exact").containsExactly(ps, ecal, hcal, veto, srd);
        return e;
    }

    /** A signal-like event well inside every cut. */
    private static Energies signal() {
        return energies(600, 20_000, 100, 0.5, 30);
    }

    private int physics(Energies e) {
        return selector.select(1, PHYS, true, false, e);
    }

    @Test
    void signalLikePhysicsEventEntersInvisibleOnly() {
        assertThat(physics(signal())).isEqualTo(INV);
    }

    @Test
    void srdWindowIsInclusiveAtBothEnds() {
        assertThat(physics(energies(600, 20_000, 100, 0.5, 1.0))).isEqualTo(INV);
        assertThat(physics(energies(600, 20_000, 100, 0.5, 120.0))).isEqualTo(INV);
        assertThat(physics(energies(600, 20_000, 100, 0.5, Math.nextDown(1.0)))).isZero();
        assertThat(physics(energies(600, 20_000, 100, 0.5, Math.nextUp(120.0)))).isZero();
        assertThat(physics(energies(600, 20_000, 100, 0.5, 0))).isZero();
    }

    @Test
    void preshowerCutIsInclusiveAtItsMinimum() {
        assertThat(physics(energies(300, 20_000, 100, 0.5, 30))).isEqualTo(INV);
        assertThat(physics(energies(Math.nextDown(300.0), 20_000, 100, 0.5, 30))).isZero();
    }

    @Test
    void ecalCutIsExclusiveAtHalfTheBeamEnergy() {
        assertThat(physics(energies(300, 50_000, 100, 0.5, 30))).isZero();
        assertThat(physics(energies(300, Math.nextDown(50_000.0), 100, 0.5, 30))).isEqualTo(INV);
    }

    @Test
    void hcalCutIsExclusiveAtItsMaximum() {
        assertThat(physics(energies(600, 20_000, 1000, 0.5, 30))).isZero();
        assertThat(physics(energies(600, 20_000, Math.nextDown(1000.0), 0.5, 30))).isEqualTo(INV);
    }

    @Test
    void vetoCutIsExclusiveAtItsMaximum() {
        assertThat(physics(energies(600, 20_000, 100, 2.0, 30))).isZero();
        assertThat(physics(energies(600, 20_000, 100, Math.nextDown(2.0), 30))).isEqualTo(INV);
    }

    @Test
    void invisibleNeedsThePhysicsBit() {
        assertThat(selector.select(1, TRIGGER_BEAM, true, false, signal())).isZero();
        assertThat(selector.select(1, TRIGGER_CALIBRATION, true, false, signal())).isZero();
        assertThat(selector.select(1, TRIGGER_PHYSICS, true, false, signal())).isEqualTo(INV);
    }

    @Test
    void randomTriggerEntersRandomWhateverItsEnergies() {
        assertThat(selector.select(7, TRIGGER_RANDOM, true, false, new Energies())).isEqualTo(RND);
        assertThat(selector.select(7, TRIGGER_RANDOM, true, false, signal())).isEqualTo(RND);
    }

    @Test
    void oneEventMayEnterSeveralStreams() {
        assertThat(selector.select(1000, TRIGGER_PHYSICS | TRIGGER_RANDOM, true, false, signal()))
                .isEqualTo(INV | RND | CAL);
    }

    @Test
    void calibrationTakesEveryThousandthPhysicsTriggerRegardlessOfCuts() {
        Energies electron = energies(8000, 99_000, 0, 0, 40);
        assertThat(selector.select(1000, PHYS, true, false, electron)).isEqualTo(CAL);
        assertThat(selector.select(3000, PHYS, true, false, electron)).isEqualTo(CAL);
        assertThat(selector.select(999, PHYS, true, false, electron)).isZero();
        assertThat(selector.select(1001, PHYS, true, false, electron)).isZero();
        assertThat(selector.select(1000, TRIGGER_RANDOM, true, false, electron)).as("not PHYSICS").isEqualTo(RND);
    }

    @Test
    void incompleteEventsEnterNoStream() {
        assertThat(selector.select(1000, PHYS | TRIGGER_RANDOM, false, false, signal())).isZero();
    }

    @Test
    void misalignedEventsEnterNoStream() {
        assertThat(selector.select(1000, PHYS | TRIGGER_RANDOM, true, true, signal())).isZero();
    }

    @Test
    void invisiblePrescaleKeepsEventNumbersThatAreMultiples() {
        Selector s = new Selector(TestConfigs.referenceInvisible(i -> new RunConfig.Invisible(true, 3, i.srd(), i.ps(),
                i.ecal(), i.hcal(), i.veto())));
        Energies e = signal();
        int accepted = 0;
        for (long ev = 1; ev <= 9; ev++) {
            boolean in = (s.select(ev, PHYS, true, false, e) & INV) != 0;
            assertThat(in).as("event %d", ev).isEqualTo(ev % 3 == 0);
            accepted += in ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(3);
    }

    @Test
    void randomPrescaleKeepsEventNumbersThatAreMultiples() {
        Selector s = new Selector(TestConfigs.reference(new RunConfig.Streams(TestConfigs.DEFAULT_INVISIBLE,
                new RunConfig.RandomStream(true, 2), new RunConfig.Calibration(true, 1000))));
        assertThat(s.select(4, TRIGGER_RANDOM, true, false, signal())).isEqualTo(RND);
        assertThat(s.select(5, TRIGGER_RANDOM, true, false, signal())).isZero();
    }

    @Test
    void disabledStreamsNeverSetTheirBit() {
        RunConfig.Invisible off = new RunConfig.Invisible(false, 1, TestConfigs.DEFAULT_INVISIBLE.srd(),
                TestConfigs.DEFAULT_INVISIBLE.ps(), TestConfigs.DEFAULT_INVISIBLE.ecal(),
                TestConfigs.DEFAULT_INVISIBLE.hcal(), TestConfigs.DEFAULT_INVISIBLE.veto());
        Selector noInvisible = new Selector(TestConfigs.reference(new RunConfig.Streams(off,
                new RunConfig.RandomStream(true, 1), new RunConfig.Calibration(true, 1000))));
        Selector noRandom = new Selector(TestConfigs.reference(new RunConfig.Streams(TestConfigs.DEFAULT_INVISIBLE,
                new RunConfig.RandomStream(false, 1), new RunConfig.Calibration(true, 1000))));
        Selector noCalibration = new Selector(TestConfigs.reference(new RunConfig.Streams(TestConfigs.DEFAULT_INVISIBLE,
                new RunConfig.RandomStream(true, 1), new RunConfig.Calibration(false, 1000))));
        int everything = PHYS | TRIGGER_RANDOM;
        assertThat(noInvisible.select(1000, everything, true, false, signal())).isEqualTo(RND | CAL);
        assertThat(noRandom.select(1000, everything, true, false, signal())).isEqualTo(INV | CAL);
        assertThat(noCalibration.select(1000, everything, true, false, signal())).isEqualTo(INV | RND);
    }

    @Test
    void ecalLimitFollowsTheConfiguredFractionAndBeamEnergy() {
        Selector s = new Selector(TestConfigs.referenceInvisible(i -> new RunConfig.Invisible(true, 1, i.srd(), i.ps(),
                new RunConfig.Fraction(0.2), i.hcal(), i.veto())));
        assertThat(s.select(1, PHYS, true, false, energies(600, 19_999, 0, 0, 30))).isEqualTo(INV);
        assertThat(s.select(1, PHYS, true, false, energies(600, 20_000, 0, 0, 30))).isZero();
    }

    @Test
    void prescaleBelowOneIsRejected() {
        assertThatThrownBy(() -> new Selector(TestConfigs.reference(new RunConfig.Streams(TestConfigs.DEFAULT_INVISIBLE,
                new RunConfig.RandomStream(true, 0), new RunConfig.Calibration(true, 1000)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("streams.random.prescale");
        assertThatThrownBy(() -> new Selector(TestConfigs.reference(new RunConfig.Streams(TestConfigs.DEFAULT_INVISIBLE,
                new RunConfig.RandomStream(true, 1), new RunConfig.Calibration(true, 0)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("everyNth");
    }
}
