package na64.daq.testkit;

import java.util.List;
import java.util.function.UnaryOperator;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.config.RunConfig.ChannelRange;

/**
 * The run configurations of the tests. {@link #reference()} is the embedded default (the reference
 * setup of spec appendix A with the §8 selection), the very configuration {@code daq serve} runs
 * without {@code --config}, so no test drifts from it; the others change one physics part of it.
 */
public final class TestConfigs {
    private static final RunConfig REFERENCE = ConfigLoader.loadDefault();
    /** The §8 invisible-stream cuts of the reference configuration. */
    public static final RunConfig.Invisible DEFAULT_INVISIBLE = REFERENCE.streams().invisible();

    private TestConfigs() {
    }

    /** The embedded default configuration. */
    public static RunConfig reference() {
        return REFERENCE;
    }

    /** The reference configuration with other streams. */
    public static RunConfig reference(RunConfig.Streams streams) {
        return REFERENCE.withPhysics(REFERENCE.channelMap(), REFERENCE.reconstruction(), streams);
    }

    /** The reference configuration with its invisible stream changed by {@code change}. */
    public static RunConfig referenceInvisible(UnaryOperator<RunConfig.Invisible> change) {
        RunConfig.Streams s = REFERENCE.streams();
        return reference(new RunConfig.Streams(change.apply(DEFAULT_INVISIBLE), s.random(), s.calibration()));
    }

    /** The reference channel map (appendix A). */
    public static List<ChannelRange> referenceChannelMap() {
        return REFERENCE.channelMap();
    }

    /** The reference sources and beam with the given streams, channel map and reconstruction. */
    public static RunConfig withChannelMap(RunConfig.Streams streams, List<ChannelRange> channelMap,
                                           RunConfig.Reconstruction reconstruction) {
        return REFERENCE.withPhysics(channelMap, reconstruction, streams);
    }
}
