package na64.daq.app;

import java.util.Arrays;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import na64.daq.config.ConfigException;

/**
 * {@code daq}: the command line of the NA64 DAQ filter service. Each subcommand is its own class.
 * Wrong usage (an unknown or malformed option, an out-of-range value, a busy port, an unusable
 * store) and invalid configuration end with exit code 2 and one line per problem, never a stack
 * trace. Quiet by default: only warnings are logged unless {@code -v} is given.
 */
@Command(name = "daq", mixinStandardHelpOptions = true, versionProvider = DaqMain.Version.class,
        description = "NA64 real-time trigger and DAQ filter service.",
        subcommands = {ServeCommand.class, ReplayCommand.class, DumpCommand.class, ExportCommand.class, DemoCommand.class,
                ConfigCommand.class, na64.daq.app.diff.DiffCommand.class,
                na64.daq.app.sim.SimulateCommand.class, na64.daq.app.sim.EfficiencyCommand.class,
                na64.daq.app.bench.BenchCommand.class, na64.daq.app.bench.LoadCommand.class,
                na64.daq.app.farm.FarmCommand.class, na64.daq.app.farm.ReadoutCommand.class,
                na64.daq.app.farm.BuilderCommand.class, na64.daq.app.farm.MergerCommand.class,
                CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class})
public final class DaqMain {
    /** Exit code of wrong usage and invalid input. */
    public static final int USAGE = 2;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log the service's INFO lines too (connections, spills, start and stop); default: warnings only.")
    boolean verbose;

    public static void main(String[] args) {
        quietByDefault(args);
        System.exit(run(args));
    }

    /**
     * Before any logger or Chronicle class loads: slf4j-simple at WARN (INFO with -v), except the
     * service's own start/stop lines under {@code serve}; Chronicle's announcer and analytics off. A
     * property set on the command line ({@code -D}) wins.
     */
    static void quietByDefault(String[] args) {
        boolean verbose = Arrays.stream(args).anyMatch(a -> a.equals("-v") || a.equals("--verbose"));
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.net.openhft", "warn");
        // serve's console is its log: its start, stop and "stopped cleanly" lines stay (not per connection),
        // and so do run control's: runs started and stopped, configurations accepted or refused.
        if (Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().filter("serve"::equals).isPresent()) {
            setIfAbsent("org.slf4j.simpleLogger.log.na64.daq.app.DaqService", "info");
            setIfAbsent("org.slf4j.simpleLogger.log.na64.daq.app.run", "info");
            setIfAbsent("org.slf4j.simpleLogger.log.na64.daq.monitoring.RunControl", "info");
        }
        // The farm's roles are services too: their takeovers, merges and stops are their console.
        if (Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst()
                .filter(c -> java.util.Set.of("farm", "readout", "builder", "merger").contains(c)).isPresent()) {
            setIfAbsent("org.slf4j.simpleLogger.log.na64.daq.farm", "info");
        }
        setIfAbsent("chronicle.announcer.disable", "true");
        setIfAbsent("chronicle.analytics.disable", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new DaqMain());
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage().replace('\n', ' ')
                    + " (see " + cmd.getCommandSpec().qualifiedName() + " --help)");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ConfigException ce) {
                cmd.getErr().println("invalid configuration:");
                for (String p : ce.problems()) {
                    cmd.getErr().println("  " + p);
                }
                return USAGE;
            }
            if (ex instanceof UserError || ex instanceof java.io.IOException) {
                cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
                return USAGE;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    /** A failure caused by the user's input, reported as one line without a stack trace. */
    public static final class UserError extends RuntimeException {
        public UserError(String message) {
            super(message);
        }
    }

    /** {@code daq --version}: the version in the jar's manifest (Implementation-Version). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DaqMain.class.getPackage().getImplementationVersion();
            return new String[] {"daq " + (v != null ? v : na64.daq.monitoring.BuildInfo.version())};
        }
    }
}
