package na64.daq.app;

import java.nio.file.Path;

import picocli.CommandLine.Option;

import na64.daq.config.ConfigException;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;

/** The {@code --config FILE} option shared by the commands; without it, the embedded reference setup. */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE", description = "Run configuration (YAML) overlaid on the embedded default.")
    Path config;

    /** The file given, or null for the embedded default. */
    public Path file() {
        return config;
    }

    /** Loads the configuration; an invalid one throws {@link ConfigException} with one line per problem. */
    public RunConfig load() {
        return config == null ? ConfigLoader.loadDefault() : ConfigLoader.load(config);
    }
}
