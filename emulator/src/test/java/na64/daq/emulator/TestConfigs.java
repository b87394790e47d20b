package na64.daq.emulator;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;

/** The run configuration the tests use: the embedded default (reference setup, spec §8 cuts). */
final class TestConfigs {
    private static final RunConfig DEFAULT = ConfigLoader.loadDefault();

    private TestConfigs() {
    }

    static RunConfig reference() {
        return DEFAULT;
    }
}
