package na64.daq.app.bench;

import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import na64.daq.app.ConfigOption;
import na64.daq.app.DaqMain.UserError;
import na64.daq.emulator.Encoding;

/**
 * {@code daq bench}: the loopback load harness ({@link LoadHarness}): the service in this JVM, the
 * load generator ({@code daq load}) in another. Quiet but for a progress bar on a terminal; its
 * last line is exactly {@code bench: mode=M events=N seconds=S events_per_s=X mb_per_s=Y p50_us=A
 * p99_us=B p999_us=C paced_rate=R paced_p50_us=.. paced_p99_us=.. paced_p999_us=.. max_gc_pause_ms=D
 * alloc_bytes_per_event=E loss=L loopback_ratio=Q}. Exit 1 if any event was lost.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the service over loopback TCP, with the load generator (daq load) in its own JVM:",
            "the discard-sink limit, a flat-out run, and a run paced at 80 %% of the flat-out rate.",
            "Takes about three times --seconds. The last line is machine-readable."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--mode", defaultValue = "peak", description = "peak (PEAK + zero suppression) or waveform (default ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--seconds", defaultValue = "5", description = "Length of each of the three runs (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--events", description = "Events per run instead of --seconds.")
    Long events;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Events sent before each run, not counted (default 200000 PEAK, 20000 WAVEFORM).")
    Long warmup;

    @Option(names = "--sources", defaultValue = "5", description = "Sources (the reference setup has 5; other values are refused; default ${DEFAULT-VALUE}).")
    int sources;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated load (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        Encoding encoding = encoding(mode);
        if (sources != 5) {
            throw new UserError("--sources: the reference setup has 5 sources, got " + sources);
        }
        if (seconds <= 0 || (events != null && events <= 0) || (warmup != null && warmup < 0)) {
            throw new UserError("--seconds and --events must be positive, --warmup not negative");
        }
        long w = warmup != null ? warmup : encoding == Encoding.PEAK ? 200_000 : 20_000;
        BenchResult r = new LoadHarness(config.load().withMonitoringPort(-1), encoding, seconds,
                events == null ? -1 : events, w, seed).run();
        System.out.println(r.summary());
        System.out.println(r.line());
        return r.loss() == 0 ? 0 : 1;
    }

    /** {@code peak} or {@code waveform}, else a usage error. */
    static Encoding encoding(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "peak" -> Encoding.PEAK;
            case "waveform" -> Encoding.WAVEFORM;
            default -> throw new UserError("--mode must be peak or waveform, got " + mode);
        };
    }
}
