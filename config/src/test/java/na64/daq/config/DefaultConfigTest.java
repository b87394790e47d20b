package na64.daq.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import na64.daq.config.RunConfig.ChannelRange;
import na64.daq.config.RunConfig.Detector;
import na64.daq.config.RunConfig.SourceConfig;
import na64.daq.config.RunConfig.SourceKind;
import org.junit.jupiter.api.Test;

/** The embedded default is the reference setup of spec appendix A with the selection of spec §8. */
class DefaultConfigTest {

    private final RunConfig c = ConfigLoader.loadDefault();

    @Test
    void beamIsHundredGevElectrons() {
        assertThat(c.beam()).isEqualTo(new RunConfig.Beam("e-", 100_000));
    }

    @Test
    void sourcesAreTheFiveReferenceBoards() {
        assertThat(c.sources()).containsExactly(
                new SourceConfig(1, "TRIGGER", SourceKind.TRIGGER, 0),
                new SourceConfig(2, "ECAL-PS", SourceKind.MSADC, 36),
                new SourceConfig(3, "ECAL-MAIN", SourceKind.MSADC, 36),
                new SourceConfig(4, "HCAL", SourceKind.MSADC, 36),
                new SourceConfig(5, "VETO-SRD", SourceKind.MSADC, 19));
        assertThat(c.triggerSourceId()).isEqualTo(1);
    }

    @Test
    void channelMapIsTheReferenceMappingWithItsCalibrations() {
        assertThat(c.channelMap()).containsExactly(
                new ChannelRange(2, 0, 36, Detector.ECAL_PS, 5, List.of()),
                new ChannelRange(3, 0, 36, Detector.ECAL_MAIN, 25, List.of()),
                new ChannelRange(4, 0, 36, Detector.HCAL, 12, List.of()),
                new ChannelRange(5, 0, 6, Detector.VETO, 0.01, List.of()),
                new ChannelRange(5, 8, 3, Detector.SRD, 0.05, List.of()),
                new ChannelRange(5, 16, 3, Detector.BEAM, 1, List.of()));
    }

    @Test
    void appendixAChannelFormulasLandInTheRightDetector() {
        // ECAL cell (5, 5) = channel 35; HCAL module 3 cell (2, 2) = 9*3 + 3*2 + 2 = 35;
        // veto counter 2 PMT 1 = channel 5; SRD module 2 = channel 10; beam counter S2 = channel 18.
        assertThat(rangeOf(2, 35).detector()).isEqualTo(Detector.ECAL_PS);
        assertThat(rangeOf(3, 35).detector()).isEqualTo(Detector.ECAL_MAIN);
        assertThat(rangeOf(4, 35).detector()).isEqualTo(Detector.HCAL);
        assertThat(rangeOf(5, 5).detector()).isEqualTo(Detector.VETO);
        assertThat(rangeOf(5, 10).calibrationOf(10)).isEqualTo(0.05);
        assertThat(rangeOf(5, 18).detector()).isEqualTo(Detector.BEAM);
        // Channels 6, 7 and 11..15 of VETO-SRD are not connected.
        assertThat(rangeOf(5, 6)).isNull();
        assertThat(rangeOf(5, 11)).isNull();
    }

    @Test
    void reconstructionAndSelectionAreTheSpecDefaults() {
        assertThat(c.reconstruction()).isEqualTo(new RunConfig.Reconstruction(4, 8));
        RunConfig.Invisible i = c.streams().invisible();
        assertThat(i.enabled()).isTrue();
        assertThat(i.prescale()).isEqualTo(1);
        assertThat(i.srd()).isEqualTo(new RunConfig.Window(1, 120));
        assertThat(i.ps()).isEqualTo(new RunConfig.Min(300));
        assertThat(i.ecal()).isEqualTo(new RunConfig.Fraction(0.5));
        assertThat(i.hcal()).isEqualTo(new RunConfig.Max(1000));
        assertThat(i.veto()).isEqualTo(new RunConfig.Max(2));
        assertThat(c.streams().random()).isEqualTo(new RunConfig.RandomStream(true, 1));
        assertThat(c.streams().calibration()).isEqualTo(new RunConfig.Calibration(true, 1000));
    }

    @Test
    void serviceSettingsAreTheDocumentedDefaults() {
        assertThat(c.builder()).isEqualTo(new RunConfig.Builder(2000, 15000, 8192, 16384));
        assertThat(c.ingest()).isEqualTo(new RunConfig.Ingest("127.0.0.1", 5555, List.of(), 5000, 2000, 30000, 32));
        assertThat(c.store()).isEqualTo(new RunConfig.Store("daq-store", true, false));
        assertThat(c.monitoring()).isEqualTo(new RunConfig.Monitoring("127.0.0.1", 9464, null));
    }

    @Test
    void defaultCarriesItsSixteenHexDigitHash() {
        assertThat(c.hash()).matches("[0-9a-f]{16}").isEqualTo(ConfigLoader.hash(c));
    }

    @Test
    void defaultIsTheSameEveryTimeItIsLoaded() {
        assertThat(ConfigLoader.loadDefault()).isEqualTo(c);
    }

    private ChannelRange rangeOf(int source, int channel) {
        return c.channelMap().stream().filter(r -> r.contains(source, channel)).findFirst().orElse(null);
    }
}
