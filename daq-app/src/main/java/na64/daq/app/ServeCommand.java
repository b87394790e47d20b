package na64.daq.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import na64.daq.config.RunConfig;
import na64.daq.ingest.recorder.RawRecorder;
import na64.daq.app.run.HangupSignal;
import na64.daq.app.run.RunStart;
import na64.daq.monitoring.DaqMonitoring;
import na64.daq.monitoring.RunControl;

/**
 * {@code daq serve}: runs the service until SIGTERM/SIGINT, then drains and closes the store cleanly.
 * It takes a run at once, or waits idle with {@code --idle}; {@code POST /run/stop} and
 * {@code POST /run/start} end and begin runs with the process up, and SIGHUP or {@code POST /config}
 * reload the configuration (SIGHUP re-reads {@code --config}). The HTTP endpoint (metrics, status,
 * run control) listens where {@code --http-bind/--http-port} or the config's {@code monitoring}
 * section say; its bearer token comes from {@code monitoring.token} or {@code DAQ_MONITORING_TOKEN}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the filter service until SIGTERM: runs start and stop with POST /run/start and /run/stop, "
                + "SIGHUP or POST /config reload the configuration; at SIGTERM drain the ring, close open spills, close the store.")
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

    @Option(names = "--record", paramLabel = "DIR",
            description = "Also write every frame received, good or bad, to DIR as .na64raw files (a new one per spill "
                    + "and per --record-max-mb), which daq replay plays back (docs/operations.md, recording).")
    Path record;

    @Option(names = "--record-max-mb", paramLabel = "N", defaultValue = "512",
            description = "With --record: start a new file before one would grow past N MiB, 1..1048576 (default ${DEFAULT-VALUE}).")
    long recordMaxMb = 512;

    @Option(names = "--idle", description = "Start idle: front-ends may connect, nothing is built until POST /run/start.")
    boolean idle;

    @Option(names = "--run", paramLabel = "N", description = "Run number of the run taken at start (recorded; checked against BEGIN_OF_SPILL).")
    Long run;

    @Override
    public Integer call() throws Exception {
        Checks.inRange("--record-max-mb", recordMaxMb, 1, 1 << 20);
        if (port != null) {
            Checks.inRange("--port", port, 0, 65535);
        }
        if (httpPort != null) {
            Checks.inRange("--http-port", httpPort, -1, 65535);
        }
        if (run != null) {
            Checks.inRange("--run", run, 0, 0xFFFF_FFFEL);
        }
        if (idle && run != null) {
            throw new DaqMain.UserError("--run names the run taken at start; with --idle give it to POST /run/start instead");
        }
        RunConfig cfg = DaqMonitoring.withEndpoint(config.load(), httpBind, httpPort, System.getenv(DaqMonitoring.TOKEN_ENV));
        // The command line's deployment wins over the config's deployment keys (neither is in its hash).
        DaqContext context = new DaqContext().config(cfg).storeDir(store).ingestHost(bind)
                .runStart(new RunStart(idle, run, RunControl.Requester.commandLine("daq serve")))
                .record(record == null ? null : RawRecorder.Settings.of(record, recordMaxMb << 20));
        if (port != null) {
            context.ingestPort(port);
        }
        DaqService service = DaqService.start(context);
        Path dir = service.storeDir();
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> service.close(RunControl.Requester.signal("SIGTERM or SIGINT (JVM shutdown)")), "daq-shutdown"));
        HangupSignal.onHangup(() -> reload(service));
        String metrics = service.monitoring().metricsUrl();
        System.out.println("daq serve: ingest on " + service.ingestAddress() + ", store " + dir.toAbsolutePath()
                + ", config " + cfg.hash() + (metrics != null ? ", metrics " + metrics : ", HTTP endpoint off")
                + (record != null ? ", recording to " + record.toAbsolutePath() : "")
                + (idle ? ", idle until POST /run/start" : ", running") + " (SIGTERM to stop the service)");
        System.out.flush();
        service.monitoring().awaitClosed();
        return service.stoppedCleanly() ? 0 : 1; // a failed store or a stop past its deadline is not a clean stop
    }

    /** SIGHUP: the --config file read again and offered as a reload; run control logs the outcome, one line per problem. */
    private void reload(DaqService service) {
        Path file = config.file();
        Logger log = LoggerFactory.getLogger(ServeCommand.class);
        if (file == null) {
            log.warn("SIGHUP: no --config file to read again; the configuration in force stays");
            return;
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            log.error("SIGHUP: cannot read {} ({}); the configuration in force stays", file, e.toString());
            return;
        }
        RunControl.Reload r = service.monitoring().runControl().reload(text, file.toString(), RunControl.Requester.signal("SIGHUP"));
        if (!r.accepted() && r.problems().isEmpty()) { // refused by run control itself (starting, shutting down)
            log.warn("SIGHUP: {}", r.message());
        }
    }
}
