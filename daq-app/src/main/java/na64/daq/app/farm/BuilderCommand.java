package na64.daq.app.farm;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import na64.daq.app.ConfigOption;
import na64.daq.config.RunConfig;
import na64.daq.farm.FarmMetrics;
import na64.daq.farm.FarmTopics;
import na64.daq.farm.builder.FarmBuilder;

/** {@code daq builder}: one builder of the farm's consumer group, with its own store; runs until SIGTERM. */
@Command(name = "builder", mixinStandardHelpOptions = true,
        description = "Farm builder: event builder, trigger and store over the Kafka partitions it owns (until SIGTERM).")
public final class BuilderCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Mixin
    FarmOptions farm;

    @Option(names = "--store", paramLabel = "DIR", required = true, description = "This builder's store directory.")
    Path store;

    @Option(names = "--node", description = "Node name (metrics label, client id; default: the process id).")
    String node;

    @Override
    public Integer call() throws Exception {
        RunConfig cfg = config.load();
        String name = node != null ? node : String.valueOf(ProcessHandle.current().pid());
        FarmBuilder b = new FarmBuilder(cfg, farm.kafka, new FarmTopics(farm.farm), store, name);
        FarmMetrics metrics = new FarmMetrics("builder", name, farm.httpBind, farm.httpPort).builder(b);
        Thread t = new Thread(b, "farm-builder");
        t.start();
        System.out.println("daq builder: node " + name + ", store " + store.toAbsolutePath() + ", kafka " + farm.kafka
                + ", metrics " + metrics.url() + " (SIGTERM to stop)");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                b.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            metrics.close();
        }, "builder-shutdown"));
        t.join();
        return 1; // the builder thread ended without SIGTERM: it failed (logged)
    }
}
