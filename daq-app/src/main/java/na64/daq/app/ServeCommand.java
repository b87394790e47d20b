package na64.daq.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import na64.daq.config.RunConfig;
import na64.daq.monitoring.DaqMonitoring;

/**
 * {@code daq serve}: runs the service until SIGTERM/SIGINT or {@code POST /run/stop}, then drains and
 * closes the store cleanly. The HTTP endpoint (metrics, status, run control) listens where
 * {@code --http-bind/--http-port} or the config's {@code monitoring} section say; its bearer token
 * comes from {@code monitoring.token} or the {@code DAQ_MONITORING_TOKEN} environment variable.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the filter service until SIGTERM or POST /run/stop; then drain the ring, close open spills, close the store.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--store", paramLabel = "DIR", description = "Store directory (default: the config's store.path).")
    Path store;

    @Option(names = "--port", paramLabel = "N", description = "Ingest TCP port, 0..65535 (default: the config's ingest.port; 0 = ephemeral).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Ingest bind address (default: the config's ingest.bindAddress).")
    String bind;

    @Option(names = "--http-port", paramLabel = "N",
            description = "HTTP port for /metrics, /status and /run/* (default: the config's monitoring.port, 9464; 0 = ephemeral, -1 = off).")
    Integer httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDR",
            description = "HTTP bind address (default: the config's monitoring.bindAddress, 127.0.0.1); non-loopback needs a token.")
    String httpBind;

    @Override
    public Integer call() throws Exception {
        if (port != null) {
            Checks.inRange("--port", port, 0, 65535);
        }
        if (httpPort != null) {
            Checks.inRange("--http-port", httpPort, -1, 65535);
        }
        RunConfig cfg = DaqMonitoring.withEndpoint(config.load(), httpBind, httpPort, System.getenv(DaqMonitoring.TOKEN_ENV));
        // The command line's deployment wins over the config's deployment keys (neither is in its hash).
        DaqContext context = new DaqContext().config(cfg).storeDir(store).ingestHost(bind);
        if (port != null) {
            context.ingestPort(port);
        }
        DaqService service = DaqService.start(context);
        Path dir = service.storeDir();
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "daq-shutdown"));
        String metrics = service.monitoring().metricsUrl();
        System.out.println("daq serve: ingest on " + service.ingestAddress() + ", store " + dir.toAbsolutePath()
                + ", config " + cfg.hash() + (metrics != null ? ", metrics " + metrics : ", HTTP endpoint off")
                + " (SIGTERM or POST /run/stop to stop)");
        System.out.flush();
        service.monitoring().awaitStopped();
        return service.stoppedCleanly() ? 0 : 1; // a failed store or a stop past its deadline is not a clean stop

    }
}
