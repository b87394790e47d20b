package na64.daq.app.run;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.builder.BuilderPipeline;
import na64.daq.builder.EventBuilder;
import na64.daq.config.ConfigException;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestServer;
import na64.daq.monitoring.RunControl;
import na64.daq.monitoring.RunControl.Requester;
import na64.daq.pipeline.CloseReason;
import na64.daq.store.EventStore;
import na64.daq.store.StoreHistory;
import na64.daq.store.StoredRun;
import na64.daq.trigger.SpillReconstruction;
import na64.daq.trigger.TriggerSettings;

/**
 * What run control does to the running service (issue 12). Every change reaches the hot threads
 * through state they already read: ingest's {@link na64.daq.pipeline.RunGate} (one volatile flag),
 * the builder's mailbox (work run on the builder thread between batches, so the builder stays the
 * single writer of spills and store), and {@link SpillReconstruction#offer} (one volatile reference
 * ingest reads at a spill boundary). Nothing on the hot path takes a lock.
 * <ul>
 *   <li>Begin: on the builder thread, forget the previous run's closed spills, record the
 *       configuration (once per hash) and the begin-of-run record; then open the gate.</li>
 *   <li>End: close the gate (fragments from now on are counted as outside the run), wait until
 *       ingest has published what it was handling, then on the builder thread, once it has consumed
 *       all of that, close the open spills as {@code run_stop} and write the end-of-run record. A
 *       failed store, which holds the builder, is released first (what it cannot take is counted).</li>
 *   <li>Reload: validate ({@link ReloadRules}), record the configuration, then offer its compiled
 *       trigger to ingest: the next spill ingest meets, and every later one, uses it.</li>
 * </ul>
 */
public final class RunController implements RunControl.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(RunController.class);
    /** How long a start or a reload waits for the builder's turn (a failed store holds the builder). */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    private final IngestServer ingest;
    private final BuilderPipeline pipeline;
    private final SpillReconstruction reconstruction;
    private final RunRecords records;
    private final EventStore store;
    private final Object runLock = new Object();
    private final Object configLock = new Object();
    private volatile boolean closing;

    /** Ends, at once, a run the store's previous writer left open ({@code history}); builder not started yet. */
    public RunController(IngestServer ingest, BuilderPipeline pipeline, SpillReconstruction reconstruction, EventStore store,
                         StoreHistory history) {
        this.ingest = ingest;
        this.pipeline = pipeline;
        this.reconstruction = reconstruction;
        this.store = store;
        this.records = new RunRecords(store, history, () -> System.currentTimeMillis() * 1_000_000L);
        if (history.openRun() != null) {
            LOG.warn("the store's last run {} has no end-of-run record (the previous service died): ending it as crash_recovery",
                    history.openRun().run());
            records.endCrashedRun(history.openRun());
        }
    }

    @Override
    public void beginRun(Long run, Requester by) {
        long number = run == null ? StoredRun.NO_RUN : run;
        synchronized (runLock) {
            EventBuilder builder = pipeline.builder();
            onBuilder(-1, "begin the run", () -> {
                builder.beginRun(number);
                records.begin(number, by, reconstruction.offered().config());
            }, ANSWER_WITHIN);
            ingest.gate().open();
        }
    }

    @Override
    public void endRun(Requester by) {
        synchronized (runLock) {
            ingest.gate().close();
            try {
                ingest.sync();
            } catch (RuntimeException e) {
                if (closing) {
                    return; // the shutdown drains and records the end itself
                }
                throw e;
            }
            if (store.guard().failure() != null) {
                // A failed store holds the builder until released: the run's end would never come.
                LOG.error("ending the run on a failed store ({}): what cannot be stored is counted from now on; "
                        + "restart the service on a writable store", store.guard().failure());
                store.guard().release();
            }
            EventBuilder builder = pipeline.builder();
            try {
                onBuilder(pipeline.publishedSequence(), "end the run", () -> {
                    builder.closeOpenSpills(CloseReason.RUN_STOP);
                    records.end(by, builder.configHashInUse(), builder.runs().spillsInRun.get(),
                            builder.runs().otherRunBeginsInRun.get());
                }, null); // the drain takes what it takes; a shutdown ends the wait
            } catch (IllegalStateException e) {
                if (closing) {
                    LOG.info("run stop overtaken by the shutdown, which closes the spills and ends the run itself");
                    return;
                }
                throw e;
            }
        }
        LOG.info("run stopped ({}: {}); idle, front-ends stay connected", by.kind(), by.detail());
    }

    @Override
    public RunControl.Reload reload(String yaml, String origin, Requester by) {
        synchronized (configLock) {
            RunConfig running = reconstruction.offered().config();
            RunConfig parsed;
            try {
                parsed = ConfigLoader.parse(yaml, origin);
            } catch (ConfigException e) {
                return refused(origin, by, e.problems());
            }
            List<String> refusals = ReloadRules.refusals(running, parsed);
            if (!refusals.isEmpty()) {
                return refused(origin, by, refusals);
            }
            RunConfig next = ReloadRules.effective(running, parsed);
            if (next.hash().equals(running.hash())) {
                return new RunControl.Reload(true, next.hash(), "unchanged: configuration " + next.hash() + " is in force", List.of());
            }
            TriggerSettings settings;
            try {
                settings = new TriggerSettings(next, reconstruction.offered()); // same unmapped-channel counters
            } catch (IllegalArgumentException e) {
                return refused(origin, by, List.of(e.getMessage()));
            }
            onBuilder(-1, "record the configuration", () -> records.config(next), ANSWER_WITHIN);
            reconstruction.offer(settings);
            LOG.info("configuration {} accepted ({}: {}); it applies from the next spill", next.hash(), by.kind(), by.detail());
            return new RunControl.Reload(true, next.hash(),
                    "configuration " + next.hash() + " accepted; it applies from the next spill", List.of());
        }
    }

    /** The service is shutting down: waits for the builder end, and nothing new starts. */
    public void closing() {
        closing = true;
    }

    /**
     * After the builder has stopped and closed the open spills as shutdown: ends the run being taken,
     * if any, on the closing thread (the builder thread has been joined, so it is the only writer).
     */
    public void endAtShutdown(Requester by) {
        if (records.runOpen()) {
            EventBuilder b = pipeline.builder();
            records.end(by, b.configHashInUse(), b.runs().spillsInRun.get(), b.runs().otherRunBeginsInRun.get());
        }
    }

    private RunControl.Reload refused(String origin, Requester by, List<String> problems) {
        LOG.warn("configuration from {} refused ({}: {}); the configuration in force stays:\n  {}", origin, by.kind(), by.detail(),
                String.join("\n  ", problems));
        return new RunControl.Reload(false, null, "configuration refused (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "); the configuration in force stays", problems);
    }

    /** Runs {@code task} on the builder thread after {@code afterSequence} and waits for it ({@code limit} null: no limit). */
    private void onBuilder(long afterSequence, String what, Runnable task, Duration limit) {
        CompletableFuture<Void> done = pipeline.runOnBuilder(afterSequence, task);
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                done.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                if (closing) {
                    throw new IllegalStateException("the service is shutting down");
                }
                if (!pipeline.running()) {
                    throw new IllegalStateException("the event builder is not running");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the event builder did not " + what + " within " + limit.toSeconds()
                            + " s (is the store failing? see /status)");
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to " + what);
            }
        }
    }
}
