package na64.daq.app;

import na64.daq.app.run.RunStart;
import na64.daq.ingest.recorder.RawRecorder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.lmax.disruptor.WaitStrategy;

import io.netty.util.concurrent.DefaultThreadFactory;

import na64.daq.builder.BuilderPipeline;
import na64.daq.config.RunConfig;
import na64.daq.ingest.StallClock;
import na64.daq.pipeline.EpochClock;
import na64.daq.pipeline.NanoClock;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.AppendHook;

/**
 * What a {@link DaqService} is built from, in the style of Aeron's {@code MediaDriver.Context}:
 * set what differs from the defaults with the fluent setters, then {@link DaqService#start(DaqContext)}
 * calls {@link #conclude()} once, which fills every default, checks the whole, and freezes the
 * context. A concluded context builds exactly one service; setting or concluding it again throws.
 *
 * <ul>
 *   <li>the run configuration (required) and the deployment the command line gives: store
 *       directory, ingest address and port (default: the configuration's deployment keys, which
 *       are not part of its hash);</li>
 *   <li>clocks: the monotonic {@link #nanoClock} everything on the service path times with (socket
 *       reads, ingest liveness and connection timeouts, decision latency, store appends, monitoring,
 *       the shutdown deadlines); the {@link #pipelineClock} following it that ingest stops while the
 *       ring is full, on which the builder's timeouts run; the {@link #epochClock} that dates spill
 *       summaries. A test gives a hand-driven clock and moves time itself;</li>
 *   <li>threads: the factories of the ingest event loop and of the builder's consumer thread, and
 *       the consumer's wait strategy;</li>
 *   <li>hooks: the store's append hook (tests make the store slow with it), spill listeners, and
 *       the error handler told about what goes wrong outside the hot path's own counting (a
 *       shutdown deadline that passed, a store that failed to close);</li>
 *   <li>the close timeout: each stage of {@link DaqService#close()} (ingest closing, the builder
 *       draining and stopping) gets this long on the nano clock; a stage that does not finish in
 *       time is reported, not waited for.</li>
 * </ul>
 */
public final class DaqContext {
    /**
     * Time each stage of the stop (ingest closing, the builder draining) may take: the 10 s ingest
     * always gave its connections; both together stay well inside the 60 s docker-compose gives
     * between SIGTERM and SIGKILL.
     */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(DaqService.class);

    private boolean concluded;
    private RunConfig config;
    private Path storeDir;
    private String ingestHost;
    private Integer ingestPort;
    private NanoClock nanoClock;
    private EpochClock epochClock;
    private StallClock pipelineClock;
    private ThreadFactory ingestThreadFactory;
    private ThreadFactory builderThreadFactory;
    private WaitStrategy builderWaitStrategy;
    private AppendHook appendHook;
    private final List<Consumer<SpillSummary>> spillListeners = new ArrayList<>();
    private Consumer<Throwable> errorHandler;
    private Duration closeTimeout;
    private RunStart runStart;
    private RawRecorder.Settings record;

    /**
     * Fills the defaults of everything not set, checks the whole, and freezes this context. Called
     * by {@link DaqService#start(DaqContext)}.
     *
     * @throws IllegalStateException when already concluded, or the configuration is missing
     * @throws IllegalArgumentException when the settings do not fit together
     */
    public DaqContext conclude() {
        requireOpen();
        if (config == null) {
            throw new IllegalStateException("a DaqContext needs the run configuration");
        }
        storeDir = storeDir != null ? storeDir : Path.of(config.store().path());
        ingestHost = ingestHost != null ? ingestHost : config.ingest().bindAddress();
        ingestPort = ingestPort != null ? ingestPort : config.ingest().port();
        nanoClock = nanoClock != null ? nanoClock : NanoClock.SYSTEM;
        epochClock = epochClock != null ? epochClock : EpochClock.SYSTEM;
        // The builder times out on the pipeline clock, ingest stamps its reads on the nano clock: the
        // former must follow the latter, or backpressure time would be subtracted from another clock.
        pipelineClock = pipelineClock != null ? pipelineClock : new StallClock(nanoClock);
        if (pipelineClock.base() != nanoClock) {
            throw new IllegalArgumentException("the pipeline clock must follow the context's nano clock");
        }
        ingestThreadFactory = ingestThreadFactory != null ? ingestThreadFactory : new DefaultThreadFactory("ingest");
        builderThreadFactory = builderThreadFactory != null ? builderThreadFactory : r -> new Thread(r, "event-builder");
        builderWaitStrategy = builderWaitStrategy != null ? builderWaitStrategy : BuilderPipeline.defaultWaitStrategy();
        appendHook = appendHook != null ? appendHook : AppendHook.NONE;
        errorHandler = errorHandler != null ? errorHandler : DaqContext::logError;
        closeTimeout = closeTimeout != null ? closeTimeout : DEFAULT_CLOSE_TIMEOUT;
        runStart = runStart != null ? runStart : RunStart.RUNNING;
        if (ingestPort < 0 || ingestPort > 65535) {
            throw new IllegalArgumentException("ingest port must be in 0..65535, got " + ingestPort);
        }
        if (closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("close timeout must be positive, got " + closeTimeout);
        }
        concluded = true;
        return this;
    }

    /** A deadline that passed is one line; anything else with its stack. */
    private static void logError(Throwable t) {
        if (t instanceof TimeoutException) {
            LOG.error(t.getMessage());
        } else {
            LOG.error("service error", t);
        }
    }

    private DaqContext set(Runnable assignment) {
        requireOpen();
        assignment.run();
        return this;
    }

    private void requireOpen() {
        if (concluded) {
            throw new IllegalStateException("this DaqContext is concluded: it built a service and cannot change or build another");
        }
    }

    /** How the service begins: a run (the default, {@link RunStart#RUNNING}) or idle until POST /run/start. */
    public DaqContext runStart(RunStart value) {
        return set(() -> runStart = value);
    }

    /** Record every received frame as {@code value} says ({@code daq serve --record}); default: no recording. */
    public DaqContext record(RawRecorder.Settings value) {
        return set(() -> record = value);
    }

    public RunStart runStart() {
        return runStart;
    }

    /** The raw recorder's settings, or null. */
    public RawRecorder.Settings record() {
        return record;
    }

    /** The run configuration (required). */
    public DaqContext config(RunConfig value) {
        return set(() -> config = value);
    }

    /** Store directory (default: the configuration's {@code store.path}). */
    public DaqContext storeDir(Path value) {
        return set(() -> storeDir = value);
    }

    /** Ingest bind address (default: {@code ingest.bindAddress}). */
    public DaqContext ingestHost(String value) {
        return set(() -> ingestHost = value);
    }

    /** Ingest TCP port, 0 = ephemeral (default: {@code ingest.port}). */
    public DaqContext ingestPort(int value) {
        return set(() -> ingestPort = value);
    }

    /** The monotonic clock of the service path (default: the system's). */
    public DaqContext nanoClock(NanoClock value) {
        return set(() -> nanoClock = value);
    }

    /** The clock dating spill summaries (default: the system's wall clock). */
    public DaqContext epochClock(EpochClock value) {
        return set(() -> epochClock = value);
    }

    /** The builder's clock, following the nano clock except while the ring is full (default: a new one). */
    public DaqContext pipelineClock(StallClock value) {
        return set(() -> pipelineClock = value);
    }

    /** Where the ingest event loop's thread comes from (default: Netty's, named "ingest"). */
    public DaqContext ingestThreadFactory(ThreadFactory value) {
        return set(() -> ingestThreadFactory = value);
    }

    /** Where the builder's consumer thread comes from (default: a thread named "event-builder"). */
    public DaqContext builderThreadFactory(ThreadFactory value) {
        return set(() -> builderThreadFactory = value);
    }

    /**
     * How the builder waits for entries (default: {@link BuilderPipeline#defaultWaitStrategy()}). It
     * must time out when idle, or build and spill timeouts fire only when entries arrive.
     */
    public DaqContext builderWaitStrategy(WaitStrategy value) {
        return set(() -> builderWaitStrategy = value);
    }

    /** Called before every store append, on the builder thread (default: none). */
    public DaqContext appendHook(AppendHook value) {
        return set(() -> appendHook = value);
    }

    /** Adds a listener told about each closed spill on the builder thread, after the store has it. */
    public DaqContext spillListener(Consumer<SpillSummary> value) {
        return set(() -> spillListeners.add(value));
    }

    /** Told about a shutdown deadline that passed ({@link TimeoutException}) or a store that failed to close. */
    public DaqContext errorHandler(Consumer<Throwable> value) {
        return set(() -> errorHandler = value);
    }

    /** How long each stage of {@link DaqService#close()} may take (default {@link #DEFAULT_CLOSE_TIMEOUT}). */
    public DaqContext closeTimeout(Duration value) {
        return set(() -> closeTimeout = value);
    }

    public RunConfig config() {
        return config;
    }

    public Path storeDir() {
        return storeDir;
    }

    public String ingestHost() {
        return ingestHost;
    }

    public int ingestPort() {
        return ingestPort;
    }

    public NanoClock nanoClock() {
        return nanoClock;
    }

    public EpochClock epochClock() {
        return epochClock;
    }

    public StallClock pipelineClock() {
        return pipelineClock;
    }

    public ThreadFactory ingestThreadFactory() {
        return ingestThreadFactory;
    }

    public ThreadFactory builderThreadFactory() {
        return builderThreadFactory;
    }

    public WaitStrategy builderWaitStrategy() {
        return builderWaitStrategy;
    }

    public AppendHook appendHook() {
        return appendHook;
    }

    /** The spill listeners added, in order (unmodifiable). */
    public List<Consumer<SpillSummary>> spillListeners() {
        return List.copyOf(spillListeners);
    }

    public Consumer<Throwable> errorHandler() {
        return errorHandler;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }
}
