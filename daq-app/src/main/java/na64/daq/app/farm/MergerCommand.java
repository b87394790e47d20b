package na64.daq.app.farm;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import na64.daq.app.ConfigOption;
import na64.daq.farm.FarmTopics;
import na64.daq.farm.merge.MergerService;

/** {@code daq merger}: merges the builders' partial spill summaries into a store of spill summaries; runs until SIGTERM. */
@Command(name = "merger", mixinStandardHelpOptions = true,
        description = "Farm spill merger: writes each spill's summary once every partition's partial is in (until SIGTERM).")
public final class MergerCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Mixin
    FarmOptions farm;

    @Option(names = "--store", paramLabel = "DIR", required = true, description = "Store of the merged spill summaries.")
    Path store;

    @Override
    public Integer call() throws Exception {
        MergerService m = new MergerService(farm.kafka, new FarmTopics(farm.farm), store, config.load().builder().spillTimeoutMs());
        Thread t = new Thread(m, "spill-merger");
        t.start();
        System.out.println("daq merger: store " + store.toAbsolutePath() + ", kafka " + farm.kafka + " (SIGTERM to stop)");
        System.out.flush();
        FarmOptions.runUntilSigterm(() -> {
            try {
                m.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return 0;
    }
}
