package na64.daq.app;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.app.run.RunController;
import na64.daq.app.run.RunStart;
import na64.daq.builder.BuilderPipeline;
import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestServer;
import na64.daq.ingest.recorder.RawRecorder;
import na64.daq.monitoring.DaqMonitoring;
import na64.daq.monitoring.MonitoredComponents;
import na64.daq.monitoring.RunControl;
import na64.daq.pipeline.BuiltEventSink;
import na64.daq.pipeline.CounterRegistry;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.AppendHook;
import na64.daq.store.CrashRecovery;
import na64.daq.store.EventStore;
import na64.daq.store.StoreGuard;
import na64.daq.store.StoreHistory;
import na64.daq.store.StoreLock;
import na64.daq.store.StoreSink;
import na64.daq.trigger.SpillReconstruction;
import na64.daq.trigger.TriggerSettings;

/**
 * The service assembled from a concluded {@link DaqContext}: ingest (Netty) → ring → event builder →
 * trigger → store (Chronicle). Start order is downstream first, so nothing is read before it has
 * somewhere to go; stop order is upstream first, so everything read is built and stored: close
 * ingest (connections deliver what they read), close the raw recorder if any, drain the ring, close
 * open spills as closed by shutdown, end the run, close the store; each stage within the context's
 * close deadline. In between, run control ({@link RunController}) starts and stops runs and applies
 * configuration reloads with the process up.
 */
public final class DaqService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaqService.class);

    private final DaqContext ctx;
    private final RunConfig config;
    private final Path storeDir;
    private final EventStore store;
    private final BuilderPipeline pipeline;
    private final IngestServer ingest;
    /** Metrics, /status and run control (POST /run/start, /run/stop, /config). */
    private final DaqMonitoring monitoring;
    private final RunController runs;
    /** The raw recorder of {@code daq serve --record}, ahead of ingest's decoders; null when not recording. */
    private final RawRecorder recorder;
    private final List<Consumer<SpillSummary>> spillListeners = new CopyOnWriteArrayList<>();
    /** Stop stages that did not finish within the close deadline, or failed (closing thread only). */
    private final List<String> stopProblems = new ArrayList<>();
    private volatile boolean closed;
    /** False while start() has not finished: a start that failed closes without the stop log lines. */
    private volatile boolean started;
    private volatile boolean stoppedCleanly;

    private DaqService(DaqContext ctx) {
        this.ctx = ctx;
        this.config = ctx.config();
        this.storeDir = ctx.storeDir();
        // The store first: it takes the writer lock (issue 12), so the scan below never mistakes a
        // running writer's open spill for one a crash left, and a refused start writes nothing.
        CounterRegistry counters = new CounterRegistry(config); // every stage's counters, and the distinct error log
        this.store = EventStore.open(storeDir, config.store().syncAtSpillEnd(), ctx.appendHook(), counters, ctx.nanoClock());
        StoreHistory history;
        try {
            history = CrashRecovery.scan(storeDir, config.hash(), ctx.epochClock());
            for (SpillSummary s : history.unclosedSpills()) {
                LOG.warn("store {} holds run {} spill {} without a summary (the previous service died with it open): "
                        + "writing one closed by crash_recovered over its {} stored events", storeDir, s.run, s.spill,
                        s.complete + s.incomplete);
                store.appendSpill(s);
            }
        } catch (RuntimeException e) {
            store.close(); // releases the lock
            throw e;
        }
        BuiltEventSink sink = new ListeningSink(new StoreSink(store, config.store().storeIncomplete()), spillListeners);
        // The builder's timeouts run on the pipeline clock, which ingest stops while the ring is full:
        // a slow store must not make events incomplete when it recovers (see StallClock). Ingest's own
        // counters, the decision latency and monitoring stay on the nano clock it follows.
        this.pipeline = new BuilderPipeline(config, sink, ctx.pipelineClock(), ctx.nanoClock(), ctx.epochClock()::epochNanos,
                ctx.builderWaitStrategy(), ctx.builderThreadFactory(), counters);
        // Ingest reconstructs each spill with the trigger settings in force when it met the spill (reloads).
        SpillReconstruction reconstruction = new SpillReconstruction(new TriggerSettings(config, counters));
        this.ingest = new IngestServer(config, pipeline.ring(), pipeline.arenas(), reconstruction, ctx.nanoClock(),
                ctx.pipelineClock(), ctx.ingestThreadFactory(), counters);
        ingest.gate().close(); // until the begin-of-run record is stored
        this.runs = new RunController(ingest, pipeline, reconstruction, store, history);
        // Before monitoring: it exports the counters registered by then.
        this.recorder = ctx.record() == null ? null : Recorder.start(ctx.record(), config, ingest, counters);
        this.monitoring = DaqMonitoring.create(
                new MonitoredComponents(config, counters, pipeline, store.guard(), ctx.nanoClock()), runs);
        spillListeners.add(monitoring::onSpillClosed);
        spillListeners.addAll(ctx.spillListeners());
    }

    /** Starts a service on {@code host:port} (port 0 = ephemeral) writing to {@code storeDir}. */
    public static DaqService start(RunConfig config, Path storeDir, String host, int port) throws InterruptedException {
        return start(config, storeDir, host, port, AppendHook.NONE);
    }

    /** As {@link #start(RunConfig, Path, String, int)}, with a hook called before each store append (tests). */
    public static DaqService start(RunConfig config, Path storeDir, String host, int port, AppendHook hook)
            throws InterruptedException {
        return start(new DaqContext().config(config).storeDir(storeDir).ingestHost(host).ingestPort(port)
                .appendHook(hook == null ? AppendHook.NONE : hook));
    }

    /** Concludes {@code context} and starts the service it describes. */
    public static DaqService start(DaqContext context) throws InterruptedException {
        DaqContext ctx = context.conclude();
        RunConfig config = ctx.config();
        long maxHeap = Runtime.getRuntime().maxMemory();
        String tooBig = HeapBudget.check(config, maxHeap);
        if (tooBig != null) {
            throw new DaqMain.UserError(tooBig); // before the store, the ring or the table is allocated
        }
        String tight = HeapBudget.warning(config, maxHeap);
        if (tight != null) {
            LOG.warn(tight);
        }
        StartupChecks.requireUsableStore(ctx.storeDir()); // one line for a store that is a file or not writable
        if (ctx.record() != null) {
            StartupChecks.requireUsableDir("--record", ctx.record().dir()); // one line, like the store's
        }
        DaqService s;
        try {
            s = new DaqService(ctx);
        } catch (StoreLock.InUseException e) {
            throw new DaqMain.UserError(e.getMessage()); // names the store and the holder's PID
        }
        try {
            s.monitoring.open(); // first, so a taken HTTP port fails before any front-end connects
            s.pipeline.start();
            s.ingest.start(ctx.ingestHost(), ctx.ingestPort());
        } catch (Exception e) { // Netty rethrows a BindException unchecked
            s.close();
            Exception explained = StartupChecks.explain(e, ctx.ingestHost(), ctx.ingestPort());
            if (explained instanceof InterruptedException ie) {
                throw ie;
            }
            throw explained instanceof RuntimeException re ? re : new IllegalStateException(explained);
        }
        s.monitoring.ready();
        RunStart start = ctx.runStart();
        if (!start.idle()) {
            RunControl.Result r = s.monitoring.runControl().requestStart(start.run(), start.by());
            if (r.httpStatus() != 200) {
                s.close();
                throw new IllegalStateException(r.message());
            }
        }
        s.started = true;
        LOG.info("DAQ filter service listening on {} for {} sources, store {}, config {}, metrics {}",
                s.ingest.address(), config.sources().size(), ctx.storeDir(), config.hash(), s.monitoring.metricsUrl());
        return s;
    }

    public InetSocketAddress ingestAddress() {
        return ingest.address();
    }

    /** Called on the builder thread for each closed spill, after it is stored. */
    public void onSpillClosed(Consumer<SpillSummary> listener) {
        spillListeners.add(listener);
    }

    public RunConfig config() {
        return config;
    }

    /** The concluded context this service was built from. */
    public DaqContext context() {
        return ctx;
    }

    public Path storeDir() {
        return storeDir;
    }

    public EventStore store() {
        return store;
    }

    public BuilderPipeline pipeline() {
        return pipeline;
    }

    public IngestServer ingest() {
        return ingest;
    }

    /** Metrics registry, HTTP endpoint ({@code metricsUrl()}, null when disabled) and run control. */
    public DaqMonitoring monitoring() {
        return monitoring;
    }

    /** The run-control side of the service: what POST /run/* and /config do. */
    public RunController runs() {
        return runs;
    }

    /** The raw recorder ({@code daq serve --record}), or null. */
    public RawRecorder recorder() {
        return recorder;
    }

    /** After {@link #close()}: every stage stopped within the deadline and the store did not fail. */
    public boolean stoppedCleanly() {
        return stoppedCleanly;
    }

    /** Stops upstream first and loses nothing already read. Idempotent. */
    @Override
    public void close() {
        close(RunControl.Requester.api("DaqService.close()"));
    }

    /**
     * As {@link #close()}; {@code by} is who asked, for the end-of-run record (a signal, say). Each
     * stage (ingest, the builder) gets the context's close timeout; one that does not finish in time is
     * reported to the error handler and the stop goes on.
     */
    public synchronized void close(RunControl.Requester by) {
        if (closed) {
            return;
        }
        closed = true;
        monitoring.closing();
        runs.closing();
        if (started) {
            LOG.info("stopping: closing ingest, draining the ring, closing open spills, closing the store");
        }
        StoreGuard guard = store.guard();
        guard.release(); // a failed store held the builder (backpressure); from now on it counts what it cannot store
        long stageNanos = ctx.closeTimeout().toNanos(); // each stage gets the whole timeout
        if (!ingest.close(stageNanos)) {
            missed("ingest did not close (connections delivering what they read, event loops ending)");
        }
        if (recorder != null) {
            recorder.close(); // after ingest: everything ingest received is in its buffers
        }
        if (!pipeline.stop(stageNanos)) {
            missed("the event builder did not drain the ring and stop");
        }
        if (pipeline.running()) {
            stopProblems.add("the store is left open: the event builder still writes to it");
        } else {
            runs.endAtShutdown(by); // joined: this thread is the store's only writer now
            try {
                store.close();
            } catch (RuntimeException | InternalError e) {
                guard.fail("closing the store failed: " + e);
                ctx.errorHandler().accept(e);
            }
        }
        stoppedCleanly = stopProblems.isEmpty() && guard.failure() == null;
        monitoring.close(); // last: the endpoint serves the draining state until here
        if (guard.failure() != null) {
            LOG.error("stopped, but NOT cleanly: the store failed ({}); {} events and {} spill summaries were not stored "
                    + "(the summaries are in the log above); the store holds every record before the failure{}",
                    guard.failure(), guard.eventsNotStored.get(), guard.spillsNotStored.get(),
                    stopProblems.isEmpty() ? "" : "; " + String.join("; ", stopProblems));
        } else if (!stopProblems.isEmpty()) {
            LOG.error("stopped, but NOT cleanly: {}", String.join("; ", stopProblems));
        } else if (started) {
            LOG.info("stopped cleanly");
        }
    }

    private void missed(String what) {
        stopProblems.add(what + " within the close deadline of " + ctx.closeTimeout().toMillis() + " ms");
        ctx.errorHandler().accept(new TimeoutException(stopProblems.get(stopProblems.size() - 1)));
    }
}
