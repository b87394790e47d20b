package na64.daq.app.farm;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import na64.daq.app.ConfigOption;
import na64.daq.app.DaqMain;
import na64.daq.config.RunConfig;
import na64.daq.farm.FarmRunner;

/** {@code daq farm}: the filter farm on Kafka; {@code daq farm run} starts a whole one on this machine. */
@Command(name = "farm", mixinStandardHelpOptions = true, description = "The filter farm on Apache Kafka.",
        subcommands = FarmCommand.Run.class)
public final class FarmCommand {
    /** {@code daq farm run}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Start a readout, N builder processes, a spill merger and (without --kafka) a local KRaft broker; run until SIGTERM.")
    public static final class Run implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--dir", paramLabel = "DIR", required = true, description = "Farm directory (stores, logs, local broker).")
        Path dir;

        @Option(names = "--builders", paramLabel = "N", required = true, description = "Builder processes to start.")
        int builders;

        @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Use these brokers instead of starting a local one.")
        String kafka;

        @Option(names = "--partitions", paramLabel = "P", description = "Partitions of the frames topic (default: 2 x builders).")
        Integer partitions;

        @Option(names = "--port", defaultValue = "0", description = "Ingest TCP port (default ${DEFAULT-VALUE}: ephemeral).")
        int port;

        @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Ingest bind address (default ${DEFAULT-VALUE}).")
        String bind;

        @Option(names = "--farm", paramLabel = "NAME", defaultValue = "farm", description = "Farm name (default ${DEFAULT-VALUE}).")
        String farm;

        @Option(names = "--builder-heap", paramLabel = "MB", defaultValue = "768", description = "Heap of each builder JVM (default ${DEFAULT-VALUE}).")
        int builderHeapMb;

        @Override
        public Integer call() throws Exception {
            if (builders < 1 || builders > 64) {
                throw new DaqMain.UserError("--builders must be between 1 and 64");
            }
            int p = partitions != null ? partitions : 2 * builders;
            if (p < 1) {
                throw new DaqMain.UserError("--partitions must be at least 1");
            }
            RunConfig cfg = config.load(); // refuse a bad file here, before any process starts
            FarmRunner.Settings s = new FarmRunner.Settings(dir, builders, kafka, p, config.file(), bind, port, farm,
                    FarmOptions.daqCommand(), builderHeapMb);
            FarmRunner runner = FarmRunner.start(s, cfg.builder().spillTimeoutMs(), System.out);
            FarmOptions.runUntilSigterm(() -> {
                try {
                    runner.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return 0;
        }
    }
}
