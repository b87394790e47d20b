package na64.daq.emulator;

import na64.daq.config.RunConfig;
import na64.daq.config.RunConfig.ChannelRange;
import na64.daq.config.RunConfig.Detector;
import na64.daq.config.RunConfig.SourceConfig;
import na64.daq.config.RunConfig.SourceKind;

import java.util.List;

/** The embedded default run configuration (reference setup, spec §8 cuts), built by hand for tests. */
final class TestConfigs {
    private TestConfigs() {
    }

    static RunConfig reference() {
        return new RunConfig(
                new RunConfig.Beam("e-", 100_000),
                List.of(new SourceConfig(1, "TRIGGER", SourceKind.TRIGGER, 0),
                        new SourceConfig(2, "ECAL-PS", SourceKind.MSADC, 36),
                        new SourceConfig(3, "ECAL-MAIN", SourceKind.MSADC, 36),
                        new SourceConfig(4, "HCAL", SourceKind.MSADC, 36),
                        new SourceConfig(5, "VETO-SRD", SourceKind.MSADC, 19)),
                List.of(new ChannelRange(2, 0, 36, Detector.ECAL_PS, 5, List.of()),
                        new ChannelRange(3, 0, 36, Detector.ECAL_MAIN, 25, List.of()),
                        new ChannelRange(4, 0, 36, Detector.HCAL, 12, List.of()),
                        new ChannelRange(5, 0, 6, Detector.VETO, 0.01, List.of()),
                        new ChannelRange(5, 8, 3, Detector.SRD, 0.05, List.of()),
                        new ChannelRange(5, 16, 3, Detector.BEAM, 1, List.of())),
                new RunConfig.Reconstruction(4, 8),
                new RunConfig.Streams(
                        new RunConfig.Invisible(true, 1, new RunConfig.Window(1, 120), new RunConfig.Min(300),
                                new RunConfig.Fraction(0.5), new RunConfig.Max(1000), new RunConfig.Max(2)),
                        new RunConfig.RandomStream(true, 1),
                        new RunConfig.Calibration(true, 1000)),
                new RunConfig.Builder(2000, 15000, 8192, 16384),
                new RunConfig.Ingest("127.0.0.1", 0, List.of(), 5000),
                new RunConfig.Store("daq-store", true, false),
                new RunConfig.Monitoring("127.0.0.1", -1, null),
                "test");
    }
}
