package na64.daq.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.pipeline.NanoClock;

/**
 * The run-control state machine of the service, owned by it for the life of the process:
 * <pre>
 *            POST /run/start                POST /run/stop (drain, close spills as run_stop)
 *   idle ───────────────────────▶ running ──────────────────────▶ stopping ──drained──▶ idle
 * </pre>
 * <ul>
 *   <li><b>idle</b>: front-ends may connect; their fragments are counted as outside a run, not built.</li>
 *   <li><b>running</b>: spills are built, decided and stored.</li>
 *   <li><b>stopping</b>: the run is ending (ingest keeps fragments out, the ring drains, open spills close
 *       as {@code run_stop}, the end-of-run record is written); then idle again, the process still up.
 *       Also the state while the whole service shuts down (SIGTERM, {@code close()}), for good.</li>
 * </ul>
 * What a transition does to the pipeline is the {@link Owner}'s. A start answers when the run is
 * taken; a stop runs on its own thread ({@code daq-run-stop}) and answers at once. Requests are
 * idempotent where they can be: starting the running run, or stopping while idle or stopping, succeeds
 * without doing anything. Nothing is accepted before the service is {@linkplain #markReady ready}.
 */
public final class RunControl {
    private static final Logger LOG = LoggerFactory.getLogger(RunControl.class);

    /** The run states. */
    public enum State {
        IDLE, RUNNING, STOPPING;

        /** Lower-case name used in JSON and in the {@code daq_run_state} metric. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Who asked: {@code http}, {@code signal}, {@code command_line} or {@code api}, and one line more. */
    public record Requester(String kind, String detail) {
        public static Requester http(String detail) {
            return new Requester("http", detail);
        }

        public static Requester signal(String name) {
            return new Requester("signal", name);
        }

        public static Requester commandLine(String detail) {
            return new Requester("command_line", detail);
        }

        public static Requester api(String detail) {
            return new Requester("api", detail);
        }
    }

    /** What the transitions do to the service (daq-app's {@code RunController}). */
    public interface Owner {
        /** Begins run {@code run} (null: no number given); returns once fragments are built. Throws with a one-line reason. */
        void beginRun(Long run, Requester by);

        /** Ends the current run: fragments kept out, ring drained, open spills closed as run_stop, recorded. */
        void endRun(Requester by);

        /** Validates a configuration and, if it may be applied, hands it over for the next spill. */
        Reload reload(String yaml, String origin, Requester by);
    }

    /** The answer to a reload: accepted with its hash, or refused with one line per problem. */
    public record Reload(boolean accepted, String hash, String message, List<String> problems) {
    }

    /** The answer to a request: the HTTP status to send, the state after it, a human line, and the run. */
    public record Result(int httpStatus, State state, String message, Long run) {
    }

    private final Owner owner;
    private final NanoClock clock;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicLong reloadsAccepted = new AtomicLong();
    private final AtomicLong reloadsRefused = new AtomicLong();
    private State state = State.IDLE;
    private boolean ready;
    private boolean closing;
    /** A start is being carried out (state still idle): a second request waits its turn by failing. */
    private boolean starting;
    private Long run;
    private Instant runStartedAt;
    private long runStartedNanos;
    private String runRequestedBy;
    private volatile String configHash;

    /** State machine over {@code owner}; {@code clock} times the run's uptime; {@code configHash} is the configuration at start. */
    public RunControl(Owner owner, NanoClock clock, String configHash) {
        this.owner = owner;
        this.clock = clock;
        this.configHash = configHash;
    }

    public synchronized State state() {
        return state;
    }

    /** The run number given at the start of the current (or last) run, or null. */
    public synchronized Long run() {
        return run;
    }

    /** When the current run started; null while idle. */
    public synchronized Instant runStartedAt() {
        return state == State.IDLE ? null : runStartedAt;
    }

    /** Seconds since the current run started; 0 while idle. */
    public synchronized double runUptimeSeconds() {
        return state == State.IDLE || runStartedAt == null ? 0 : (clock.nanoTime() - runStartedNanos) / 1e9;
    }

    /** Who started the current run ({@code http}, {@code signal}, ...); null while idle. */
    public synchronized String runRequestedBy() {
        return state == State.IDLE ? null : runRequestedBy;
    }

    /** Hash of the newest configuration accepted (applied from the next spill on). */
    public String configHash() {
        return configHash;
    }

    public long reloadsAccepted() {
        return reloadsAccepted.get();
    }

    public long reloadsRefused() {
        return reloadsRefused.get();
    }

    /** {@code POST /run/start}, or the service starting a run by itself: returns when the run is taken. */
    public Result requestStart(Long requestedRun, Requester by) {
        synchronized (this) {
            String refusal = !ready ? "the service is still starting; retry in a moment"
                    : closing ? "the service is shutting down"
                    : starting ? "a run is being started"
                    : state == State.STOPPING ? "run " + label(run) + " is stopping; start again when the state is idle" : null;
            if (refusal != null) {
                return new Result(409, state, refusal, run);
            }
            if (state == State.RUNNING) {
                return requestedRun == null || requestedRun.equals(run)
                        ? new Result(200, state, "already running run " + label(run), run)
                        : new Result(409, state, "run " + label(run) + " is running; stop it before starting run " + requestedRun, run);
            }
            starting = true;
        }
        try {
            owner.beginRun(requestedRun, by);
        } catch (RuntimeException e) {
            LOG.error("run start failed: {}", e.getMessage());
            synchronized (this) {
                starting = false;
            }
            return new Result(503, State.IDLE, "the run did not start: " + e.getMessage(), null);
        }
        synchronized (this) {
            starting = false;
            state = State.RUNNING;
            run = requestedRun;
            runStartedAt = Instant.now();
            runStartedNanos = clock.nanoTime();
            runRequestedBy = by.kind();
        }
        LOG.info("run {} started ({}: {})", label(requestedRun), by.kind(), by.detail());
        return new Result(200, State.RUNNING, "run " + label(requestedRun) + " started", requestedRun);
    }

    /**
     * {@code POST /run/stop}: ends the run on its own thread and answers at once; the thread first
     * waits (at most 5 s) for {@code replied}, so an HTTP caller is answered before the drain begins.
     */
    public Result requestStop(Requester by, CountDownLatch replied) {
        Long stopping;
        synchronized (this) {
            if (!ready || closing || starting) {
                return new Result(409, state, !ready ? "the service is still starting"
                        : closing ? "the service is shutting down" : "a run is being started; retry", run);
            }
            switch (state) {
                case IDLE -> {
                    return new Result(200, state, "no run is running", run);
                }
                case STOPPING -> {
                    return new Result(202, state, "run " + label(run) + " is already stopping", run);
                }
                default -> state = State.STOPPING;
            }
            stopping = run;
        }
        LOG.info("run {} stop requested ({}: {}): draining", label(stopping), by.kind(), by.detail());
        Thread t = new Thread(() -> stop(by, replied), "daq-run-stop");
        t.start();
        return new Result(202, State.STOPPING, "stopping run " + label(stopping)
                + ": fragments kept out, ring draining, open spills closing as run_stop", stopping);
    }

    private void stop(Requester by, CountDownLatch replied) {
        try {
            if (replied != null) {
                replied.await(5, TimeUnit.SECONDS);
            }
            owner.endRun(by);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("run stop failed", e);
        } finally {
            synchronized (this) {
                if (!closing) {
                    state = State.IDLE;
                }
            }
        }
    }

    /** {@code POST /config} and SIGHUP: {@code yaml} validated and, if it may be applied, handed over. */
    public Reload reload(String yaml, String origin, Requester by) {
        synchronized (this) {
            if (!ready || closing) {
                reloadsRefused.incrementAndGet();
                return new Reload(false, null, !ready ? "the service is still starting" : "the service is shutting down", List.of());
            }
        }
        Reload r = owner.reload(yaml, origin, by);
        (r.accepted() ? reloadsAccepted : reloadsRefused).incrementAndGet();
        if (r.accepted()) {
            configHash = r.hash();
        }
        return r;
    }

    /** The service has started its stages: requests are taken from now on. */
    public synchronized void markReady() {
        ready = true;
    }

    /** The service begins to shut down (SIGTERM, close()): stopping for good, nothing more is accepted. */
    public synchronized void markClosing() {
        closing = true;
        state = State.STOPPING;
    }

    /** Whether the service is shutting down. */
    public synchronized boolean closing() {
        return closing;
    }

    /** Whether requests are taken (the service has started and is not shutting down). */
    public synchronized boolean ready() {
        return ready && !closing;
    }

    /** Everything is closed; wakes {@link #awaitClosed}. */
    public void markClosed() {
        markClosing();
        closed.countDown();
    }

    /** Blocks until the service has closed. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** As {@link #awaitClosed()} with a timeout; true if closed. */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return closed.await(timeout, unit);
    }

    private static String label(Long run) {
        return run == null ? "(no number given)" : run.toString();
    }
}
