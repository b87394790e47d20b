package na64.daq.emulator;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FrameEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Emulates the five front-ends of the reference setup over TCP: one blocking socket per source to
 * the service's ingest port, each fed by its own thread with that source's frames (spec §1).
 * Frames leave at their send times ({@link Pacing#REALTIME}) or as fast as the socket takes them
 * ({@link Pacing#MAX_SPEED}); a source idle for the heartbeat interval sends a HEARTBEAT. Spills
 * are generated on a background thread one spill ahead, or taken pre-generated from
 * {@link #stream(List)} (e.g. a benchmark's million events, generated before the clock starts).
 *
 * <p>Configure with the fluent setters, then call {@link #run()} once. Example:
 * <pre>{@code
 * EmulatorResult r = new FrontEndEmulator(settings, config, "127.0.0.1", 5555)
 *         .progress(p -> { if (p.spillDone()) log(p); })
 *         .truthFile(Path.of("run.truth.jsonl"))
 *         .run();
 * }</pre>
 */
public final class FrontEndEmulator {
    private final SimulationSettings settings;
    private final RunConfig config;
    private final String host;
    private final int port;
    private ProgressListener progress = ProgressListener.NONE;
    private Path truthFile;
    private Duration heartbeatInterval = Duration.ofNanos(SpillGenerator.HEARTBEAT_INTERVAL_NS);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration closeWait = Duration.ofSeconds(2);

    /** Emulates {@code settings} against the service at {@code host}:{@code port}. */
    public FrontEndEmulator(SimulationSettings settings, RunConfig config, String host, int port) {
        ReferenceSetup.requireCompatible(config);
        this.settings = settings;
        this.config = config;
        this.host = host;
        this.port = port;
    }

    /** Where progress goes (default: nowhere). Called from the sender threads. */
    public FrontEndEmulator progress(ProgressListener listener) {
        this.progress = listener;
        return this;
    }

    /** Also write the truth of every generated spill to {@code path} ({@link TruthWriter} format). */
    public FrontEndEmulator truthFile(Path path) {
        this.truthFile = path;
        return this;
    }

    /** Idle time after which a source sends a HEARTBEAT (default 500 ms; the spec asks for at most 1 s). */
    public FrontEndEmulator heartbeatInterval(Duration interval) {
        this.heartbeatInterval = interval;
        return this;
    }

    /** Timeout of each TCP connect (default 5 s). */
    public FrontEndEmulator connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    /**
     * How long a source that ends a connection (reconnect fault, end of run) waits for the service
     * to close its side (default 2 s).
     */
    public FrontEndEmulator closeWait(Duration wait) {
        this.closeWait = wait;
        return this;
    }

    /** Generates every spill of {@code settings} in memory, on the run's timeline, ready for {@link #stream}. */
    public static List<SpillData> pregenerate(SimulationSettings settings, RunConfig config) {
        SpillGenerator generator = new SpillGenerator(settings, config);
        List<SpillData> spills = new ArrayList<>(settings.spills());
        long start = 0;
        for (int k = 1; k <= settings.spills(); k++) {
            SpillData d = generator.generate(k, start);
            spills.add(d);
            start = d.endOffsetNs() + settings.spillGapNs();
        }
        return spills;
    }

    /** Generates the spills as it goes (one ahead) and sends them. Blocks until every source is done. */
    public EmulatorResult run() throws IOException, InterruptedException {
        SpillGenerator generator = new SpillGenerator(settings, config);
        List<GeneratedSpill> summaries = Collections.synchronizedList(new ArrayList<>());
        TruthWriter truth = truthFile != null ? TruthWriter.create(truthFile) : null;
        // Two spills in flight: the one being sent and the next, generated meanwhile so it is ready on time.
        try (truth; SpillFeed feed = new SpillFeed(generator, settings.spills(), settings.spillGapNs(), 2,
                ReferenceSetup.SOURCE_IDS.length, data -> {
                    summaries.add(GeneratedSpill.of(data));
                    writeTruth(truth, data);
                })) {
            return send(feed, settings.spills(), generator, summaries);
        }
    }

    /** Sends pre-generated spills (from {@link #pregenerate}). Blocks until every source is done. */
    public EmulatorResult stream(List<SpillData> spills) throws IOException, InterruptedException {
        SpillGenerator generator = new SpillGenerator(settings, config);
        List<GeneratedSpill> summaries = new ArrayList<>();
        try (TruthWriter truth = truthFile != null ? TruthWriter.create(truthFile) : null) {
            for (SpillData d : spills) {
                summaries.add(GeneratedSpill.of(d));
                writeTruth(truth, d);
            }
        }
        try (SpillFeed feed = new SpillFeed(spills, ReferenceSetup.SOURCE_IDS.length)) {
            return send(feed, spills.size(), generator, summaries);
        }
    }

    private static void writeTruth(TruthWriter truth, SpillData data) {
        if (truth == null) {
            return;
        }
        try {
            truth.write(data);
            truth.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EmulatorResult send(SpillFeed feed, int spills, SpillGenerator generator, List<GeneratedSpill> summaries)
            throws IOException, InterruptedException {
        SourceSender.Options options = new SourceSender.Options(new InetSocketAddress(host, port),
                settings.pacing() == Pacing.REALTIME, heartbeatInterval.toNanos(),
                (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()), closeWait.toMillis(), progress);
        FrameEncoder encoder = new FrameEncoder();
        List<SourceSender> senders = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (int id : generator.sourceIds()) {
                SourceSender s = new SourceSender(id, generator.hello(id), encoder.heartbeat(id), feed, spills, options);
                senders.add(s);
                s.open();
            }
        } catch (IOException e) {
            senders.forEach(SourceSender::abort);
            throw new IOException("cannot connect the emulated front-ends to " + host + ":" + port + ": " + e, e);
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(senders.size(), r -> {
            Thread t = new Thread(r, "emulator-sender");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SourceStats>> futures = new ArrayList<>();
            for (SourceSender s : senders) {
                s.startClock(start);
                futures.add(pool.submit(s));
            }
            List<SourceStats> stats = new ArrayList<>();
            for (Future<SourceStats> f : futures) {
                try {
                    stats.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("sender failed", e.getCause());
                }
            }
            // Summaries are complete once every sender is done: each spill was generated before it was sent.
            return new EmulatorResult(stats, List.copyOf(summaries), System.nanoTime() - t0);
        } finally {
            pool.shutdownNow();
        }
    }
}
