package na64.daq.app.bench;

import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import na64.daq.app.ConfigOption;
import na64.daq.emulator.Encoding;

/**
 * {@code daq bench}: the loopback load harness. Its last line is exactly
 * {@code bench: mode=M events_per_s=X mb_per_s=Y p50_us=A p99_us=B p999_us=C max_gc_pause_ms=D
 * alloc_bytes_per_event=E loss=L loopback_ratio=R}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the service over loopback TCP with pre-generated front-end frames.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--mode", defaultValue = "peak", description = "peak (PEAK + zero suppression) or waveform (default ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--seconds", defaultValue = "5", description = "Aimed duration: events = seconds x the mode's target rate (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--events", description = "Number of events (overrides --seconds).")
    Long events;

    @Option(names = "--sources", defaultValue = "5", description = "Sources (the reference setup has 5; other values are refused; default ${DEFAULT-VALUE}).")
    int sources;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated load (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        Encoding encoding = switch (mode.toLowerCase(Locale.ROOT)) {
            case "peak" -> Encoding.PEAK;
            case "waveform" -> Encoding.WAVEFORM;
            default -> throw new na64.daq.app.DaqMain.UserError("--mode must be peak or waveform, got " + mode);
        };
        if (sources != 5) {
            throw new na64.daq.app.DaqMain.UserError("--sources: the reference setup has 5 sources, got " + sources);
        }
        double target = encoding == Encoding.PEAK ? 1_000_000 : 100_000;
        long n = events != null ? events : (long) (seconds * target);
        LoadHarness.Result r = new LoadHarness(config.load().withMonitoringPort(-1), encoding, n, seed).run(System.out);
        System.out.printf(Locale.ROOT, "bench: %d events in %.2f s; GC pauses %d ms total; discard sink %.1f MB/s%n",
                r.events(), r.seconds(), r.gcPauseTotalMs(), r.discardMbPerSecond());
        System.out.println(r.line());
        return r.loss() == 0 ? 0 : 1;
    }
}
