package na64.daq.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import na64.daq.config.RunConfig;
import na64.daq.emulator.EmulatorResult;
import na64.daq.emulator.FrontEndEmulator;
import na64.daq.emulator.Pacing;
import na64.daq.emulator.SimulationSettings;
import na64.daq.pipeline.SpillSummary;

/**
 * {@code daq demo}: the service on the embedded default configuration with a fresh store, fed a
 * few spills by the front-end emulator over loopback at a realistic trigger rate, with progress as
 * spills close, then the per-spill table and where to look next.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the service against the front-end emulator for a few spills and show what it did.")
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    private static final long SPILL_GAP_NS = 500_000_000L;

    @Option(names = "--spills", defaultValue = "3", description = "Spills to stream, 1..1000 (default ${DEFAULT-VALUE}).")
    int spills;

    @Option(names = "--events", defaultValue = "20000",
            description = "Triggers per spill, 1..10000000 (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--rate", paramLabel = "HZ", defaultValue = "10000",
            description = "Trigger rate within a spill, Hz, in (0, 1e7] (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--store", paramLabel = "DIR", description = "Store directory (default: a fresh temporary directory).")
    Path store;

    @Option(names = "--seed", defaultValue = "64", description = "Seed of the emulator (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        Checks.inRange("--spills", spills, 1, 1000);
        Checks.inRange("--events", events, 1, 10_000_000);
        Checks.positive("--rate", rate, 10_000_000);
        PrintStream out = System.out;
        RunConfig loaded = config.load();
        // An ephemeral metrics port, so a demo never collides with a running `daq serve`.
        RunConfig cfg = loaded.withMonitoringPort(loaded.monitoring().port() < 0 ? -1 : 0);
        Path dir = store != null ? store : Files.createTempDirectory("daq-demo-");
        List<SpillSummary> closed = new CopyOnWriteArrayList<>();
        SendRate sendRate = new SendRate(SPILL_GAP_NS);
        out.printf("daq demo: NA64 reference setup (config %s), %d spills of %d triggers at %.0f Hz, store %s%n",
                cfg.hash(), spills, events, rate, dir.toAbsolutePath());
        long t0 = System.nanoTime();
        EmulatorResult emulator;
        String metricsUrl;
        try (DaqService service = DaqService.start(cfg, dir, "127.0.0.1", 0)) {
            service.onSpillClosed(s -> {
                closed.add(s);
                out.printf(Locale.ROOT, "  spill %d closed: %d triggers, %d complete, %d incomplete, invisible %d, random %d, "
                        + "calibration %d, EOT %d%n", s.spill, s.triggers, s.complete, s.incomplete, s.accepted[0],
                        s.accepted[1], s.accepted[2], s.eot);
            });
            out.println("  service listening on " + service.ingestAddress() + "; emulator connecting 5 front-ends");
            String metrics = service.monitoring().metricsUrl();
            if (metrics != null) {
                out.println("  metrics: " + metrics + "   status: " + metrics.replace("/metrics", "/status"));
            }
            SimulationSettings settings = SimulationSettings.defaults().withSeed(seed).withRun(1).withSpills(spills)
                    .withEventsPerSpill(events).withRateHz(rate).withPacing(Pacing.REALTIME)
                    .withSpillGapNs(SPILL_GAP_NS);
            EmulatorResult result;
            try (ConsoleProgress bar = ConsoleProgress.start("streaming", "triggers", (long) spills * events, out)) {
                result = new FrontEndEmulator(settings, cfg, "127.0.0.1", service.ingestAddress().getPort())
                        .progress(bar.triggersOf(events).and(sendRate)).run();
            }
            long deadline = System.nanoTime() + (cfg.builder().spillTimeoutMs() + 5_000) * 1_000_000L;
            while (closed.size() < spills && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            emulator = result;
            metricsUrl = metrics;
        }
        // Printed after the service has stopped, so no log line of its shutdown cuts into the table.
        out.println();
        SpillTable.print(out, closed);
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "%nsent %d frames (%.1f MB) in %.1f s; emulator %s%n", emulator.totalFrames(),
                emulator.totalBytes() / 1e6, seconds, emulator.ok() ? "finished cleanly" : "reported errors");
        for (SpillSummary s : closed) {
            out.printf(Locale.ROOT, "  spill %d: measured trigger rate %s, %.2f%% complete%n", s.spill,
                    sendRate.of(s.spill), 100.0 * s.complete / Math.max(1, s.triggers));
        }
        if (metricsUrl != null) {
            out.println("metrics were served at " + metricsUrl + " while the demo ran (daq serve --http-port N keeps them up)");
        }
        out.println("store: " + dir.toAbsolutePath());
        out.println("dump it with: bin/daq dump --store " + dir.toAbsolutePath());
        return closed.size() == spills ? 0 : 1;
    }

}
