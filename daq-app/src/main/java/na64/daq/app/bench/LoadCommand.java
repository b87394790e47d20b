package na64.daq.app.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import na64.daq.app.ConfigOption;
import na64.daq.app.DaqMain.UserError;
import na64.daq.emulator.Encoding;

/**
 * {@code daq load}: the load generator as a process of its own, so that a service under test holds
 * only the service ({@code daq bench} runs it this way). Sends a pool of pre-encoded emulator
 * events in a cycle ({@link LoadGenerator}); memory does not grow with the duration. Its last line
 * is exactly {@code load: mode=M events=N warmup_events=W bytes=B seconds=S spills=K events_per_s=X
 * mb_per_s=Y heap_after_gc_mb=H rss_mb=R peak_rss_mb=P}, the measured segment without the warm-up.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Send pooled front-end events (the reference setup's five sources) to a service, flat out or paced.",
            "The last line reports what was sent (warm-up apart)."})
public final class LoadCommand implements Callable<Integer> {
    /** What {@code --start-on-stdin} prints when the warm-up is sent, before it waits. */
    static final String WARMED_UP = "load: warmed-up";

    @Option(names = "--to", paramLabel = "HOST:PORT", description = "The service's ingest port (required).")
    String to;

    @Option(names = "--mode", defaultValue = "peak", description = "peak (PEAK + zero suppression) or waveform (default ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--seconds", description = "Send for this long (default 10).")
    Double seconds;

    @Option(names = "--events", description = "Send this many events instead of for a time.")
    Long events;

    @Option(names = "--rate", paramLabel = "HZ", defaultValue = "0", description = "Events per second, 0 = flat out (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0", description = "Events sent first, in spills of their own, not counted (default ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--events-per-spill", defaultValue = "500000", description = "Spill length in events (default ${DEFAULT-VALUE}).")
    int eventsPerSpill;

    @Option(names = "--pool", defaultValue = "4096", description = "Distinct events in the pool (default ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--run", defaultValue = "1", description = "Run number (a service refuses spills it already closed; default ${DEFAULT-VALUE}).")
    long run;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the event pool (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start-on-stdin", hidden = true,
            description = "After the warm-up print '" + WARMED_UP + "' and wait for a line on standard input (daq bench).")
    boolean startOnStdin;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        LoadGenerator.Options o = options();
        LoadGenerator gen = new LoadGenerator(config.load(), o);
        long total = o.events() > 0 ? o.events() : -1;
        long t0 = System.nanoTime();
        LoadGenerator.Report r;
        try (ConsoleProgress p = ConsoleProgress.start("load " + mode, () -> total > 0 ? (double) gen.sent() / total
                : (System.nanoTime() - t0) / 1e9 / o.seconds())) {
            r = gen.run(this::awaitStart);
        }
        System.out.println(line(o.encoding(), r));
        return 0;
    }

    private LoadGenerator.Options options() {
        if (to == null) {
            throw new UserError("--to HOST:PORT is required (the service's ingest port)");
        }
        Encoding encoding = BenchCommand.encoding(mode);
        if (seconds != null && events != null) {
            throw new UserError("give --seconds or --events, not both");
        }
        double s = seconds == null ? 10 : seconds;
        if (s <= 0 || (events != null && events <= 0)) {
            throw new UserError("--seconds and --events must be positive");
        }
        if (rate < 0 || warmup < 0 || eventsPerSpill < 1 || pool < 1 || run < 1 || run > 0xFFFF_FFFFL) {
            throw new UserError("--rate and --warmup must be >= 0, --events-per-spill and --pool >= 1, --run 1..2^32-1");
        }
        return new LoadGenerator.Options(encoding, address(to), events == null ? -1 : events, s, rate, warmup,
                eventsPerSpill, pool, run, seed);
    }

    /** {@code HOST:PORT} (an IPv6 host in brackets) as a socket address. */
    static InetSocketAddress address(String hostPort) {
        try {
            URI u = new URI("tcp://" + hostPort);
            if (u.getHost() == null || u.getPort() < 1 || !hostPort.endsWith(":" + u.getPort())) {
                throw new IllegalArgumentException();
            }
            return new InetSocketAddress(u.getHost().replaceAll("^\\[|\\]$", ""), u.getPort());
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new UserError("--to needs HOST:PORT, got '" + hostPort + "'");
        }
    }

    private void awaitStart(long bytesSent) {
        if (!startOnStdin) {
            return;
        }
        System.out.println(WARMED_UP + " events=" + warmup + " bytes=" + bytesSent);
        System.out.flush();
        try {
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last line, parsed by {@link LoadProcess}. */
    static String line(Encoding encoding, LoadGenerator.Report r) {
        double mb = 1e6;
        return String.format(Locale.ROOT, "load: mode=%s events=%d warmup_events=%d bytes=%d seconds=%.3f spills=%d "
                        + "events_per_s=%.0f mb_per_s=%.1f heap_after_gc_mb=%.1f rss_mb=%.1f peak_rss_mb=%.1f",
                encoding.name().toLowerCase(Locale.ROOT), r.events(), r.warmupEvents(), r.bytes(), r.seconds(), r.spills(),
                r.events() / r.seconds(), r.bytes() / mb / r.seconds(), ProcessMemory.heapAfterGc() / mb,
                ProcessMemory.rss() / mb, ProcessMemory.peakRss() / mb);
    }
}
