package na64.daq.trigger;

import na64.daq.testkit.TestConfigs;

import static na64.daq.trigger.Fragments.pulse;
import static na64.daq.trigger.Fragments.waveformInSpill;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import na64.daq.config.RunConfig;
import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FragmentFlyweight;

class SpillReconstructionTest {
    private static final int PHYS = FragmentFlyweight.TRIGGER_PHYSICS;
    /** ECAL-PS pulse of 50 counts over the pedestal: 250 MeV at the reference calibration of 5 MeV/count. */
    private static final int[] PULSE = pulse(0, 32, 400, 450);

    private final TriggerSettings reference = new TriggerSettings(TestConfigs.reference());
    private final TriggerSettings doubled = new TriggerSettings(withPsCalibration(10));
    private final TriggerSettings tripled = new TriggerSettings(withPsCalibration(15));
    private final SpillReconstruction reco = new SpillReconstruction(reference);
    private final IngestEntry entry = new IngestEntry();

    private double ps(long spill, long event) {
        reco.reconstruct(2, waveformInSpill(2, spill, event, PHYS, PULSE), entry);
        return entry.ps;
    }

    @Test
    void settingsOfferedMidSpillApplyFromTheNextSpillOnly() {
        assertThat(ps(1, 1)).isEqualTo(250);
        reco.offer(doubled);
        assertThat(ps(1, 2)).as("the rest of spill 1 keeps its settings").isEqualTo(250);
        assertThat(entry.spillSettings).isSameAs(reference);
        assertThat(ps(2, 1)).as("spill 2 takes the offered settings").isEqualTo(500);
        assertThat(entry.spillSettings).isSameAs(doubled);
    }

    @Test
    void aSlowSourceStillSendingTheOldSpillKeepsItsSettingsAfterTheSwitch() {
        ps(1, 1);
        reco.offer(doubled);
        ps(2, 1);
        reco.offer(tripled);
        assertThat(ps(1, 3)).isEqualTo(250);
        assertThat(ps(2, 2)).isEqualTo(500);
        assertThat(ps(3, 1)).isEqualTo(750);
        assertThat(entry.spillSettings).isSameAs(tripled);
    }

    @Test
    void everyFragmentOfASpillCarriesTheSameSettingsWhateverIsOfferedMeanwhile() {
        List<Object> seen = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(42);
        TriggerSettings[] offers = {reference, doubled, tripled};
        for (int event = 1; event <= 200; event++) {
            if (rnd.nextInt(10) == 0) {
                reco.offer(offers[rnd.nextInt(offers.length)]);
            }
            ps(7, event);
            seen.add(entry.spillSettings);
        }
        assertThat(seen).containsOnly(reference);
    }

    private static RunConfig withPsCalibration(double mevPerCount) {
        List<RunConfig.ChannelRange> map = new ArrayList<>(TestConfigs.referenceChannelMap());
        map.set(0, new RunConfig.ChannelRange(2, 0, 36, RunConfig.Detector.ECAL_PS, mevPerCount, List.of()));
        RunConfig ref = TestConfigs.reference();
        RunConfig c = TestConfigs.withChannelMap(ref.streams(), map, ref.reconstruction());
        return new RunConfig(c.beam(), c.sources(), c.channelMap(), c.reconstruction(), c.streams(), c.builder(),
                c.ingest(), c.store(), c.monitoring(), "ps-" + mevPerCount);
    }
}
