package na64.daq.app.farm;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import na64.daq.app.ConfigOption;
import na64.daq.config.RunConfig;
import na64.daq.farm.FarmMetrics;
import na64.daq.farm.FarmTopics;
import na64.daq.farm.readout.Readout;

/** {@code daq readout}: the farm's front-end-facing ingest, producing every frame to Kafka; runs until SIGTERM. */
@Command(name = "readout", mixinStandardHelpOptions = true,
        description = "Farm readout: protocol v1 ingest producing to Kafka (until SIGTERM, which drains into Kafka).")
public final class ReadoutCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Mixin
    FarmOptions farm;

    @Option(names = "--port", description = "Ingest TCP port (default: the config's ingest.port; 0 = ephemeral).")
    Integer port;

    @Option(names = "--bind", description = "Ingest bind address (default: the config's ingest.bindAddress).")
    String bind;

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "6",
            description = "Partitions of the frames topic when it has to be created (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--node", defaultValue = "readout", description = "Node label of the metrics (default ${DEFAULT-VALUE}).")
    String node;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new na64.daq.app.DaqMain.UserError("--partitions must be at least 1");
        }
        RunConfig cfg = config.load();
        Readout r = Readout.start(cfg, farm.kafka, new FarmTopics(farm.farm), partitions,
                bind != null ? bind : cfg.ingest().bindAddress(), port != null ? port : cfg.ingest().port(),
                Readout.DEFAULT_IN_FLIGHT_BYTES);
        FarmMetrics metrics = new FarmMetrics("readout", node, farm.httpBind, farm.httpPort).readout(r, cfg);
        String line = "daq readout: ingest on " + r.address() + ", kafka " + farm.kafka + ", "
                + r.partitions() + " partitions, metrics " + metrics.url() + " (SIGTERM to stop)";
        System.out.println(line);
        System.out.flush();
        System.err.println(line); // also in the log: under farm run, standard output goes to the farm process
        System.err.flush();
        FarmOptions.runUntilSigterm(() -> {
            r.close();
            metrics.close();
        });
        return 0;
    }
}
