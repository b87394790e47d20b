package na64.daq.trigger;

import na64.daq.config.RunConfig;
import na64.daq.config.RunConfig.ChannelRange;
import na64.daq.config.RunConfig.Detector;
import na64.daq.config.RunConfig.SourceConfig;
import na64.daq.config.RunConfig.SourceKind;

import java.util.List;
import java.util.function.UnaryOperator;

/** Run configurations for the tests: the reference setup of spec appendix A with the §8 defaults. */
final class TestConfigs {
    private TestConfigs() {
    }

    static final RunConfig.Invisible DEFAULT_INVISIBLE = new RunConfig.Invisible(true, 1,
            new RunConfig.Window(1, 120), new RunConfig.Min(300), new RunConfig.Fraction(0.5),
            new RunConfig.Max(1000), new RunConfig.Max(2));

    /** The reference setup (appendix A), reconstruction P=4 T=8, E0 = 100 GeV, default streams. */
    static RunConfig reference() {
        return reference(new RunConfig.Streams(DEFAULT_INVISIBLE, new RunConfig.RandomStream(true, 1),
                new RunConfig.Calibration(true, 1000)));
    }

    /** The reference setup with other streams. */
    static RunConfig reference(RunConfig.Streams streams) {
        return withChannelMap(streams, referenceChannelMap(), new RunConfig.Reconstruction(4, 8));
    }

    /** The reference setup with its invisible stream changed by {@code change}. */
    static RunConfig referenceInvisible(UnaryOperator<RunConfig.Invisible> change) {
        return reference(new RunConfig.Streams(change.apply(DEFAULT_INVISIBLE), new RunConfig.RandomStream(true, 1),
                new RunConfig.Calibration(true, 1000)));
    }

    static List<ChannelRange> referenceChannelMap() {
        return List.of(
                new ChannelRange(2, 0, 36, Detector.ECAL_PS, 5, List.of()),
                new ChannelRange(3, 0, 36, Detector.ECAL_MAIN, 25, List.of()),
                new ChannelRange(4, 0, 36, Detector.HCAL, 12, List.of()),
                new ChannelRange(5, 0, 6, Detector.VETO, 0.01, List.of()),
                new ChannelRange(5, 8, 3, Detector.SRD, 0.05, List.of()),
                new ChannelRange(5, 16, 3, Detector.BEAM, 1, List.of()));
    }

    /** The reference sources and beam with the given channel map and reconstruction. */
    static RunConfig withChannelMap(RunConfig.Streams streams, List<ChannelRange> channelMap,
                                    RunConfig.Reconstruction reconstruction) {
        return new RunConfig(
                new RunConfig.Beam("e-", 100_000),
                List.of(new SourceConfig(1, "TRIGGER", SourceKind.TRIGGER, 0),
                        new SourceConfig(2, "ECAL-PS", SourceKind.MSADC, 36),
                        new SourceConfig(3, "ECAL-MAIN", SourceKind.MSADC, 36),
                        new SourceConfig(4, "HCAL", SourceKind.MSADC, 36),
                        new SourceConfig(5, "VETO-SRD", SourceKind.MSADC, 19)),
                channelMap,
                reconstruction,
                streams,
                new RunConfig.Builder(500, 5000, 1024, 4096),
                new RunConfig.Ingest("127.0.0.1", 0, List.of(), 2000, 2000, 30000, 32),
                new RunConfig.Store("target/store", true, true),
                new RunConfig.Monitoring("127.0.0.1", -1, null),
                "test");
    }
}
