package na64.daq.trigger;

import na64.daq.testkit.TestConfigs;

import na64.daq.protocol.FragmentFlyweight;
import na64.daq.config.RunConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static na64.daq.trigger.Fragments.peak;
import static na64.daq.trigger.Fragments.pulse;
import static na64.daq.trigger.Fragments.waveform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class ReconstructorTest {
    private static final int PHYS = FragmentFlyweight.TRIGGER_PHYSICS;
    private Reconstructor reco;
    private Energies e;

    @BeforeEach
    void setUp() {
        reco = new Reconstructor(TestConfigs.reference());
        e = new Energies();
    }

    @Test
    void waveformPedestalIsTheMeanOfTheFirstFourSamplesAsADouble() {
        // pedestal (400+401+401+401)/4 = 400.75, max 420 -> a = 19.25, ECAL-PS c = 5 MeV
        int[] row = pulse(0, 32, 401, 420);
        row[1] = 400;
        reco.add(2, waveform(2, 1, PHYS, row), e);
        assertThat(e.ps()).isEqualTo(19.25 * 5);
        assertThat(e.ecal()).isEqualTo(19.25 * 5);
    }

    @Test
    void samplesAfterThePedestalWindowDoNotMoveThePedestal() {
        int[] row = pulse(0, 32, 400, 450);
        row[5] = 0;   // sample 4: outside the P = 4 window
        row[32] = 0;   // last sample low as well
        reco.add(3, waveform(3, 1, PHYS, row), e);
        assertThat(e.ecal()).isEqualTo(50 * 25.0);
    }

    @Test
    void amplitudeUsesTheMaximumOverAllSamplesIncludingThePedestalWindow() {
        int[] row = pulse(0, 32, 400, 400);
        row[1] = 440;  // the maximum sits in the pedestal window: p = 410, a = 30
        reco.add(4, waveform(4, 1, PHYS, row), e);
        assertThat(e.hcal()).isEqualTo(30 * 12.0);
    }

    @Test
    void waveformShorterThanThePedestalWindowUsesAllItsSamples() {
        // S = 2: p = (400 + 420) / 2 = 410, a = 420 - 410 = 10
        reco.add(2, waveform(2, 1, PHYS, new int[] {0, 400, 420}), e);
        assertThat(e.ps()).isEqualTo(10 * 5.0);
    }

    @Test
    void amplitudeAtTheThresholdCountsAndJustBelowItGivesZero() {
        reco.add(2, waveform(2, 1, PHYS, pulse(0, 32, 400, 408)), e);
        assertThat(e.ps()).isEqualTo(8 * 5.0);

        e.clear();
        int[] below = pulse(1, 32, 400, 408);
        below[1] = 401;  // p = 400.25 -> a = 7.75 < 8
        reco.add(2, waveform(2, 1, PHYS, below), e);
        assertThat(e.ps()).isZero();
    }

    @Test
    void negativeAmplitudeGivesZero() {
        int[] row = pulse(0, 32, 300, 300);
        for (int s = 1; s <= 4; s++) {
            row[s] = 500;  // pedestal above every later sample
        }
        reco.add(4, waveform(4, 1, PHYS, row), e);
        assertThat(e.hcal()).isZero();
    }

    @Test
    void peakEncodingUsesTheTransmittedAmplitudeWithTheSameThreshold() {
        // SRD modules at channels 8..10, c = 0.05; amplitude 7 is below T = 8
        reco.add(5, peak(5, 1, PHYS, 8, 20, 9, 8, 10, 7), e);
        assertThat(e.srd()).isEqualTo(20 * 0.05 + 8 * 0.05);
    }

    @Test
    void vetoIsTheSumOverCountersOfTheMeanOfTheirTwoPmts() {
        // counter 0 = channels 0,1; counter 2 = channels 4,5 (c = 0.01)
        reco.add(5, peak(5, 1, PHYS, 0, 100, 1, 300, 4, 50, 5, 150), e);
        assertThat(e.veto()).isCloseTo((1.0 + 3.0) / 2 + (0.5 + 1.5) / 2, offset(1e-12));
    }

    @Test
    void vetoCounterWithOnePmtSuppressedHasHalfThatPmtsEnergy() {
        // the other PMT was left out by zero suppression, i.e. deposited nothing
        reco.add(5, peak(5, 1, PHYS, 3, 200), e);
        assertThat(e.veto()).isEqualTo(2.0 / 2);
    }

    @Test
    void ecalSumsBothSectionsAndEachDetectorGoesToItsOwnSum() {
        reco.add(2, peak(2, 1, PHYS, 0, 10, 35, 10), e);      // PS: 2 x 10 x 5
        reco.add(3, peak(3, 1, PHYS, 7, 100), e);            // MAIN: 100 x 25
        reco.add(4, peak(4, 1, PHYS, 35, 10), e);            // HCAL: 10 x 12
        reco.add(5, peak(5, 1, PHYS, 10, 40, 16, 1000, 17, 1000, 18, 1000), e);  // SRD 40 x 0.05, beam counters unused
        assertThat(e.ps()).isEqualTo(100.0);
        assertThat(e.ecalMain()).isEqualTo(2500.0);
        assertThat(e.ecal()).isEqualTo(2600.0);
        assertThat(e.hcal()).isEqualTo(120.0);
        assertThat(e.srd()).isEqualTo(2.0);
        assertThat(e.veto()).isZero();
        assertThat(reco.unmappedChannels(5)).as("beam counters are mapped").isZero();
    }

    @Test
    void beamCountersInWaveformEncodingContributeNothing() {
        reco.add(5, waveform(5, 1, PHYS, pulse(16, 32, 400, 4000), pulse(18, 32, 400, 4000)), e);
        assertThat(e.srd() + e.veto() + e.ecal() + e.hcal()).isZero();
        assertThat(reco.unmappedChannels(5)).isZero();
    }

    @Test
    void unmappedChannelsContributeNothingAndAreCountedPerSource() {
        // source 5: channels 6, 7 are a hole, 19 is past the last mapped channel
        reco.add(5, peak(5, 1, PHYS, 6, 500, 7, 500, 19, 500, 8, 100), e);
        // source 2 channel 36 is past the 36 ECAL-PS cells
        reco.add(2, waveform(2, 1, PHYS, pulse(36, 32, 400, 4000)), e);
        // source 1 (trigger unit) maps nothing; source 9 is not configured at all
        reco.add(1, peak(1, 1, PHYS, 0, 100), e);
        reco.add(9, peak(9, 1, PHYS, 0, 100, 1, 100), e);

        assertThat(e.srd()).isEqualTo(100 * 0.05);
        assertThat(e.veto()).isZero();
        assertThat(e.ps()).isZero();
        assertThat(reco.unmappedChannels(5)).isEqualTo(3);
        assertThat(reco.unmappedChannels(2)).isEqualTo(1);
        assertThat(reco.unmappedChannels(1)).isEqualTo(1);
        assertThat(reco.unmappedChannels(3)).isZero();
        assertThat(reco.unmappedChannels(9)).isEqualTo(2);
        assertThat(reco.unmappedOtherSourcesCounter().get()).isEqualTo(2);
    }

    @Test
    void triggerUnitFragmentWithoutChannelsAddsNothing() {
        reco.add(1, waveform(1, 1, PHYS), e);
        assertThat(e.ps() + e.ecal() + e.hcal() + e.veto() + e.srd()).isZero();
    }

    @Test
    void energiesAccumulateOverFragmentsAndClearResetsThem() {
        reco.add(2, peak(2, 1, PHYS, 0, 10), e);
        reco.add(2, peak(2, 1, PHYS, 1, 10), e);
        assertThat(e.ps()).isEqualTo(100.0);
        e.clear();
        assertThat(e.ps() + e.ecal() + e.hcal() + e.veto() + e.srd()).isZero();
    }

    @Test
    void ecalDoesNotDependOnWhichSectionArrivedFirst() {
        Energies other = new Energies();
        FragmentFlyweight ps = peak(2, 1, PHYS, 0, 4095, 1, 9);
        FragmentFlyweight main = peak(3, 1, PHYS, 0, 4093, 2, 11);
        reco.add(2, ps, e);
        reco.add(3, main, e);
        reco.add(3, main, other);
        reco.add(2, ps, other);
        assertThat(other.ecal()).isEqualTo(e.ecal());
    }

    @Test
    void pedestalWindowBelowOneSampleOrNegativeThresholdIsRejected() {
        RunConfig ref = TestConfigs.reference();
        assertThatThrownBy(() -> new Reconstructor(TestConfigs.withChannelMap(ref.streams(), ref.channelMap(),
                new RunConfig.Reconstruction(0, 8)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pedestalSamples");
        assertThatThrownBy(() -> new Reconstructor(TestConfigs.withChannelMap(ref.streams(), ref.channelMap(),
                new RunConfig.Reconstruction(4, -1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("thresholdCounts");
    }

    @Test
    void configuredPedestalWindowAndThresholdAreUsed() {
        RunConfig ref = TestConfigs.reference();
        Reconstructor p2t20 = new Reconstructor(TestConfigs.withChannelMap(ref.streams(), ref.channelMap(),
                new RunConfig.Reconstruction(2, 20)));
        int[] row = pulse(0, 32, 400, 430);
        row[3] = 420;  // third sample: outside P = 2, so p = 400 and a = 30
        p2t20.add(2, waveform(2, 1, PHYS, row), e);
        assertThat(e.ps()).isEqualTo(30 * 5.0);
        e.clear();
        p2t20.add(2, peak(2, 1, PHYS, 0, 19), e);
        assertThat(e.ps()).as("19 < T = 20").isZero();
    }
}
