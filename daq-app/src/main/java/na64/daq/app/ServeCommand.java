package na64.daq.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import na64.daq.config.RunConfig;

/** {@code daq serve}: runs the service until SIGTERM/SIGINT, then drains and closes the store cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the filter service until SIGTERM; on SIGTERM drain the ring, close open spills, close the store.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--store", paramLabel = "DIR", description = "Store directory (default: the config's store.path).")
    Path store;

    @Option(names = "--port", description = "Ingest TCP port (default: the config's ingest.port; 0 = ephemeral).")
    Integer port;

    @Option(names = "--bind", description = "Ingest bind address (default: the config's ingest.bindAddress).")
    String bind;

    @Override
    public Integer call() throws Exception {
        RunConfig cfg = config.load();
        Path dir = store != null ? store : Path.of(cfg.store().path());
        DaqService service = DaqService.start(cfg, dir, bind != null ? bind : cfg.ingest().bindAddress(),
                port != null ? port : cfg.ingest().port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "daq-shutdown"));
        System.out.println("daq serve: ingest on " + service.ingestAddress() + ", store " + dir.toAbsolutePath()
                + ", config " + cfg.hash() + " (SIGTERM to stop)");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
