package na64.daq.trigger;

import na64.daq.testkit.TestConfigs;

import na64.daq.config.RunConfig;
import na64.daq.config.RunConfig.ChannelRange;
import na64.daq.config.RunConfig.Detector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelMapTest {
    private static final RunConfig.Reconstruction P4T8 = new RunConfig.Reconstruction(4, 8);

    private static RunConfig withMap(List<ChannelRange> map) {
        return TestConfigs.withChannelMap(TestConfigs.reference().streams(), map, P4T8);
    }

    @Test
    void referenceMapResolvesDetectorsAndCalibrations() {
        ChannelMap m = new ChannelMap(TestConfigs.reference());
        assertThat(m.detectorOf(2, 0)).isEqualTo(ChannelMap.ECAL_PS);
        assertThat(m.calibrationOf(2, 35)).isEqualTo(5.0);
        assertThat(m.detectorOf(3, 17)).isEqualTo(ChannelMap.ECAL_MAIN);
        assertThat(m.calibrationOf(3, 17)).isEqualTo(25.0);
        assertThat(m.detectorOf(4, 35)).isEqualTo(ChannelMap.HCAL);
        assertThat(m.calibrationOf(4, 0)).isEqualTo(12.0);
        assertThat(m.detectorOf(5, 5)).isEqualTo(ChannelMap.VETO);
        assertThat(m.calibrationOf(5, 5)).isEqualTo(0.01);
        assertThat(m.detectorOf(5, 10)).isEqualTo(ChannelMap.SRD);
        assertThat(m.calibrationOf(5, 10)).isEqualTo(0.05);
        assertThat(m.detectorOf(5, 17)).isEqualTo(ChannelMap.BEAM);
    }

    @Test
    void holesChannelsPastTheEndAndUnknownSourcesAreUnmapped() {
        ChannelMap m = new ChannelMap(TestConfigs.reference());
        assertThat(m.detectorOf(5, 6)).isEqualTo(ChannelMap.UNMAPPED);
        assertThat(m.detectorOf(5, 19)).isEqualTo(ChannelMap.UNMAPPED);
        assertThat(m.detectorOf(2, 36)).isEqualTo(ChannelMap.UNMAPPED);
        assertThat(m.detectorOf(1, 0)).isEqualTo(ChannelMap.UNMAPPED);
        assertThat(m.detectorOf(99, 0)).isEqualTo(ChannelMap.UNMAPPED);
        assertThat(m.detectorOf(2, -1)).isEqualTo(ChannelMap.UNMAPPED);
        assertThat(m.calibrationOf(5, 6)).isZero();
        assertThat(m.hasSource(5)).isTrue();
        assertThat(m.hasSource(1)).isFalse();
    }

    @Test
    void perChannelCalibrationListWinsOverTheCommonConstant() {
        ChannelMap m = new ChannelMap(withMap(List.of(
                new ChannelRange(7, 10, 3, Detector.HCAL, 99, List.of(1.5, 2.5, 3.5)))));
        assertThat(m.calibrationOf(7, 10)).isEqualTo(1.5);
        assertThat(m.calibrationOf(7, 12)).isEqualTo(3.5);
        assertThat(m.detectorOf(7, 9)).isEqualTo(ChannelMap.UNMAPPED);
    }

    @Test
    void overlappingRangesAreRejected() {
        List<ChannelRange> map = new ArrayList<>(TestConfigs.referenceChannelMap());
        map.add(new ChannelRange(5, 10, 2, Detector.BEAM, 1, List.of()));
        assertThatThrownBy(() -> new ChannelMap(withMap(map)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel 10 is mapped twice");
    }

    @Test
    void vetoRangeWithAnOddChannelCountIsRejected() {
        assertThatThrownBy(() -> new ChannelMap(withMap(List.of(new ChannelRange(5, 0, 5, Detector.VETO, 0.01, List.of())))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PMT pairs");
    }

    @Test
    void calibrationListOfTheWrongLengthIsRejected() {
        assertThatThrownBy(() -> new ChannelMap(withMap(List.of(new ChannelRange(4, 0, 3, Detector.HCAL, 1, List.of(1.0, 2.0))))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 per-channel calibrations for 3 channels");
    }

    @Test
    void channelsBeyondSixteenBitsAreRejected() {
        assertThatThrownBy(() -> new ChannelMap(withMap(List.of(new ChannelRange(4, 65535, 2, Detector.HCAL, 1, List.of())))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
