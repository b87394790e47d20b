package na64.daq.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import na64.daq.config.ConfigException;

/**
 * {@code daq}: the command line of the NA64 DAQ filter service. Each subcommand is its own class.
 * Invalid configuration and malformed input files end with exit code 2 and one clear line per
 * problem, never a stack trace.
 */
@Command(name = "daq", mixinStandardHelpOptions = true, version = "daq 0.1.0",
        description = "NA64 real-time trigger and DAQ filter service.",
        subcommands = {ServeCommand.class, ReplayCommand.class, DumpCommand.class, ExportCommand.class, DemoCommand.class,
                na64.daq.app.sim.SimulateCommand.class, na64.daq.app.sim.EfficiencyCommand.class,
                na64.daq.app.bench.BenchCommand.class, na64.daq.app.bench.LoadCommand.class,
                na64.daq.app.farm.FarmCommand.class, na64.daq.app.farm.ReadoutCommand.class,
                na64.daq.app.farm.BuilderCommand.class, na64.daq.app.farm.MergerCommand.class})
public final class DaqMain {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new DaqMain());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ConfigException ce) {
                cmd.getErr().println("invalid configuration:");
                for (String p : ce.problems()) {
                    cmd.getErr().println("  " + p);
                }
                return 2;
            }
            if (ex instanceof UserError || ex instanceof java.io.IOException) {
                cmd.getErr().println("daq " + cmd.getCommandName() + ": " + ex.getMessage());
                return 2;
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
}
