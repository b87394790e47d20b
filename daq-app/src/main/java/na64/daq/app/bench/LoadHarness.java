package na64.daq.app.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

import na64.daq.app.DaqService;
import na64.daq.config.RunConfig;
import na64.daq.emulator.Encoding;

/**
 * The loopback load harness behind {@code daq bench}. The load comes from {@code daq load} in a
 * JVM of its own ({@link LoadProcess}), so this JVM holds only the service (and the discard sink).
 * Three runs with the same generator and the same length, each after a warm-up that is not counted:
 * <ol>
 * <li>into a discard sink (a Netty server that counts bytes: the physical limit of the loopback
 *     path on this machine);</li>
 * <li>flat out through the real service — Netty ingest, ring, builder, trigger, Chronicle store —
 *     measuring rate, decision latency, GC pauses and allocation of this JVM;</li>
 * <li>paced at {@link #PACED_SHARE} of the flat-out rate, measuring decision latency below saturation.</li>
 * </ol>
 * Each run of the service uses its own run number, so spill keys never repeat.
 */
public final class LoadHarness {
    /** The paced run's rate, as a share of the flat-out rate. */
    public static final double PACED_SHARE = 0.8;
    /** A run whose spills stop closing for this long is over: what was not accounted for is lost. */
    private static final long QUIET_MS = 60_000;
    private static final int EVENTS_PER_SPILL = 500_000;

    private final RunConfig config;
    private final Encoding encoding;
    private final double seconds;
    private final long events;
    private final long warmup;
    private final long seed;

    /** {@code events} per run, or -1 to run each for {@code seconds}; {@code warmup} events before each. */
    public LoadHarness(RunConfig config, Encoding encoding, double seconds, long events, long warmup, long seed) {
        this.config = config;
        this.encoding = encoding;
        this.seconds = seconds;
        this.events = events;
        this.warmup = warmup;
        this.seed = seed;
    }

    /** Runs the three measurements; the service's store lives in a temporary folder, deleted after. */
    public BenchResult run() throws Exception {
        double discardMbPerSecond = discardRun();
        Path store = Files.createTempDirectory("daq-bench-");
        try (DaqService service = DaqService.start(config, store, "127.0.0.1", 0)) {
            SpillWatch watch = new SpillWatch();
            service.onSpillClosed(watch);
            Run flat = serviceRun(service, watch, 1, 0, true);
            double rate = Math.max(1, Math.floor(flat.eventsPerSecond() * PACED_SHARE));
            Run paced = serviceRun(service, watch, 2, rate, false);
            Histogram f = flat.latency();
            Histogram p = paced.latency();
            return new BenchResult(encoding.name().toLowerCase(Locale.ROOT), flat.events(), flat.seconds(),
                    flat.eventsPerSecond(), flat.mbPerSecond(), micros(f, 50), micros(f, 99), micros(f, 99.9), rate,
                    paced.sentPerSecond(), micros(p, 50), micros(p, 99), micros(p, 99.9), flat.maxGcPauseMs(),
                    flat.gcPauseTotalMs(), (double) flat.allocatedBytes() / Math.max(1, flat.events()),
                    flat.loss() + paced.loss(), flat.mbPerSecond() / discardMbPerSecond, discardMbPerSecond,
                    flat.incomplete() + paced.incomplete(), Double.parseDouble(flat.sent().get("peak_rss_mb")),
                    ProcessMemory.heapAfterGc() / 1e6);
        } finally {
            deleteQuietly(store);
        }
    }

    /** One measured run through the service; {@code sent} is the generator's last line as {@code key=value} fields. */
    record Run(long events, double seconds, long bytes, double sentPerSecond, long loss, long incomplete, Histogram latency,
               long maxGcPauseMs, long gcPauseTotalMs, long allocatedBytes, Map<String, String> sent) {
        double eventsPerSecond() {
            return events / seconds;
        }

        double mbPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }

    /** The generator flat out into the discard sink; returns its MB/s (measured on the receiving side). */
    private double discardRun() throws Exception {
        try (DiscardServer discard = new DiscardServer();
             LoadProcess load = LoadProcess.start(loadArgs(discard.address(), 1, 0))) {
            awaitBytes(discard, load.awaitWarmedUp());
            long base = discard.bytesReceived();
            long t0 = System.nanoTime();
            load.go();
            Map<String, String> sent;
            try (ConsoleProgress bar = progress("discard sink", t0)) {
                sent = load.awaitEnd();
            }
            long bytes = Long.parseLong(sent.get("bytes"));
            awaitBytes(discard, base + bytes);
            return bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static void awaitBytes(DiscardServer discard, long bytes) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + QUIET_MS * 1_000_000L;
        while (discard.bytesReceived() < bytes) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("the discard sink received " + discard.bytesReceived() + " of " + bytes + " bytes");
            }
            Thread.sleep(1);
        }
    }

    /**
     * Run {@code run} of the generator into {@code service}, flat out ({@code rate} 0) or paced;
     * with {@code meterJvm} also the GC pauses and allocation of this JVM over the run.
     */
    Run serviceRun(DaqService service, SpillWatch watch, long run, double rate, boolean meterJvm) throws Exception {
        var latency = service.pipeline().decisionLatencyNanos();
        try (LoadProcess load = LoadProcess.start(loadArgs(service.ingestAddress(), run, rate))) {
            load.awaitWarmedUp();
            long warmSpills = (warmup + EVENTS_PER_SPILL - 1) / EVENTS_PER_SPILL;
            if (!watch.await(run, 1, warmSpills, QUIET_MS)) {
                throw new IOException("the service did not close the warm-up spills of run " + run);
            }
            System.gc(); // start with a clean heap; this collection is before the watch and not counted
            latency.getIntervalHistogram(); // drop the warm-up's latencies
            long t0 = System.nanoTime();
            Map<String, String> sent;
            long allocated = 0;
            try (GcWatcher gc = new GcWatcher(); ConsoleProgress bar = progress(rate > 0 ? "paced" : "flat out", t0)) {
                AllocationMeter alloc = AllocationMeter.start(Thread.currentThread().getId(), bar.threadId());
                load.go();
                sent = load.awaitEnd();
                long spills = Long.parseLong(sent.get("spills"));
                long n = Long.parseLong(sent.get("events"));
                watch.await(run, warmSpills + 1, spills, QUIET_MS);
                double s = (watch.lastNanos() - t0) / 1e9;
                if (meterJvm) {
                    allocated = alloc.allocated();
                }
                long loss = n - watch.events(run, warmSpills + 1, spills);
                return new Run(n, s, Long.parseLong(sent.get("bytes")), Double.parseDouble(sent.get("events_per_s")),
                        loss, watch.incomplete(run, warmSpills + 1, spills), latency.getIntervalHistogram(),
                        meterJvm ? gc.maxPauseMs() : 0,
                        meterJvm ? gc.totalPauseMs() : 0, allocated, sent);
            }
        }
    }

    /** The arguments of {@code daq load} for run {@code run} to {@code to}. */
    List<String> loadArgs(InetSocketAddress to, long run, double rate) {
        List<String> a = new ArrayList<>(List.of("--to", to.getHostString() + ":" + to.getPort(),
                "--mode", encoding.name().toLowerCase(Locale.ROOT), "--warmup", Long.toString(warmup),
                "--events-per-spill", Integer.toString(EVENTS_PER_SPILL), "--run", Long.toString(run),
                "--seed", Long.toString(seed), "--start-on-stdin"));
        a.addAll(events > 0 ? List.of("--events", Long.toString(events)) : List.of("--seconds", Double.toString(seconds)));
        if (rate > 0) {
            a.addAll(List.of("--rate", Double.toString(rate)));
        }
        return a;
    }

    private ConsoleProgress progress(String phase, long t0) {
        double expected = events > 0 ? events / (encoding == Encoding.PEAK ? 1e6 : 1e5) : seconds;
        return ConsoleProgress.start("bench " + encoding.name().toLowerCase(Locale.ROOT) + ": " + phase,
                () -> (System.nanoTime() - t0) / 1e9 / expected);
    }

    private static double micros(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e3;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans up
        }
    }
}
