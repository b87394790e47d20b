package na64.daq.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import na64.daq.config.ConfigException;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;

/**
 * {@code daq config}: what a configuration means before a run uses it (issue 12). {@code --print}
 * shows the effective configuration, the {@code --config} file laid over the embedded default, as
 * YAML that reads back to the same configuration, headed by comments giving its hash (the hash every
 * spill summary records) and where it came from, so {@code daq config --print > run.yaml} is a
 * complete, usable file.
 * {@code --check FILE} loads the file as {@code serve} would: {@code ok HASH} and exit 0, or the very
 * lines {@code serve} prints at start-up for an invalid configuration and exit 2 (the
 * {@link ConfigException} goes to {@link DaqMain}'s handler, as it does from {@code serve}).
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the effective run configuration with its hash, or check a configuration file.")
public final class ConfigCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    /** Exactly one of the two. */
    static final class Action {
        @Option(names = "--print", required = true,
                description = "Print the effective configuration (--config FILE over the embedded default) as YAML, with its hash.")
        boolean print;

        @Option(names = "--check", paramLabel = "FILE", required = true,
                description = "Check FILE as serve would load it: prints 'ok HASH' (exit 0) or one line per problem (exit 2).")
        Path check;
    }

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        if (action.check != null) {
            if (config.file() != null) {
                throw new DaqMain.UserError("--check takes the file to check; --config goes with --print");
            }
            RunConfig checked = ConfigLoader.load(action.check); // problems: ConfigException, exit 2
            System.out.println("ok " + checked.hash());
            return 0;
        }
        RunConfig effective = config.load();
        String yaml = ConfigLoader.toYaml(effective);
        String from = "# from " + (config.file() == null ? "the embedded default" : config.file() + " laid over the embedded default");
        // toYaml heads the text with the hash in a comment; where it came from goes right under it.
        int headerEnd = yaml.startsWith("#") ? yaml.indexOf('\n') + 1 : 0;
        if (headerEnd == 0) {
            System.out.println("# hash " + effective.hash());
        }
        System.out.print(yaml.substring(0, headerEnd));
        System.out.println(from);
        System.out.print(yaml.substring(headerEnd));
        System.out.flush();
        return 0;
    }
}
