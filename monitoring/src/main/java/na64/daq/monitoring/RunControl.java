package na64.daq.monitoring;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run-control state machine of the service:
 * <pre>
 *   configured ──start──▶ running ──stop──▶ stopping ──drained──▶ stopped
 * </pre>
 * <ul>
 *   <li><b>configured</b>: assembled (store open, HTTP endpoint up), front-ends not yet accepted.
 *       A stop request is refused (409) here: the owner's stages are being started.</li>
 *   <li><b>running</b>: ingest accepts front-ends; spills are built, decided and stored.</li>
 *   <li><b>stopping</b>: a stop was asked ({@code POST /run/stop}, SIGTERM, or {@code close()}): ingest
 *       closes, the ring drains, open spills close as "shutdown", the store closes.</li>
 *   <li><b>stopped</b>: everything is on disk; the process may exit. Terminal: a new run needs a new process.</li>
 * </ul>
 * A stop request runs the owner's stop action on its own thread ({@code daq-run-stop}) and returns at
 * once, so the HTTP caller is answered while the service drains. Requests are idempotent: starting a
 * running service or stopping a stopping one succeeds without doing anything again.
 */
public final class RunControl {
    private static final Logger LOG = LoggerFactory.getLogger(RunControl.class);

    /** The states, in the only order they can be visited. */
    public enum State {
        CONFIGURED, RUNNING, STOPPING, STOPPED;

        /** Lower-case name used in JSON and in the {@code daq_run_state} metric. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The answer to a request: the HTTP status to send, the state after it, and a human line. */
    public record Result(int httpStatus, State state, String message) {
    }

    private final Runnable startAction;
    private final Runnable stopAction;
    private final Consumer<Throwable> onFailure;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private State state = State.CONFIGURED;

    /**
     * @param startAction what {@code start} does in state configured; null when the owner starts by itself and
     *                    calls {@link #markRunning()} (then a start request while configured is refused, 409)
     * @param stopAction  the graceful stop, e.g. the service's {@code close()}; it must end by calling {@link #markStopped()}
     *                    (it is also called after the action returns or throws)
     */
    public RunControl(Runnable startAction, Runnable stopAction) {
        this(startAction, stopAction, t -> { });
    }

    /** As above; a stop action that throws is also given to {@code onFailure} (the service's distinct error log). */
    public RunControl(Runnable startAction, Runnable stopAction, Consumer<Throwable> onFailure) {
        this.startAction = startAction;
        this.stopAction = stopAction;
        this.onFailure = onFailure;
    }

    public synchronized State state() {
        return state;
    }

    /** {@code POST /run/start}. */
    public Result requestStart() {
        synchronized (this) {
            switch (state) {
                case RUNNING -> {
                    return new Result(200, state, "already running");
                }
                case STOPPING, STOPPED -> {
                    return new Result(409, state, "the service is " + state.label() + "; start a new process for a new run");
                }
                default -> {
                    if (startAction == null) {
                        return new Result(409, state, "the service is still starting; it runs by itself");
                    }
                }
            }
        }
        if (startAction != null) {
            startAction.run();
        }
        markRunning();
        return new Result(200, State.RUNNING, "started");
    }

    /** {@code POST /run/stop}: begins the graceful stop on its own thread and answers at once. */
    public Result requestStop() {
        return requestStop(null);
    }

    /**
     * As {@link #requestStop()}; the stop thread first waits (at most 5 s) for {@code replied}, so an
     * HTTP caller gets its answer before the stop takes the endpoint down.
     */
    public Result requestStop(CountDownLatch replied) {
        synchronized (this) {
            switch (state) {
                case STOPPING -> {
                    return new Result(202, state, "already stopping");
                }
                case STOPPED -> {
                    return new Result(200, state, "already stopped");
                }
                case CONFIGURED -> {
                    // The owner is still starting its stages; stopping them halfway would race the start.
                    return new Result(409, state, "the service is still starting; retry when it is running");
                }
                default -> state = State.STOPPING;
            }
        }
        LOG.info("run stop requested: draining and closing");
        Thread t = new Thread(() -> {
            try {
                if (replied != null) {
                    replied.await(5, TimeUnit.SECONDS);
                }
                stopAction.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                onFailure.accept(e);
                LOG.error("stop failed", e);
            } finally {
                markStopped();
            }
        }, "daq-run-stop");
        t.start();
        return new Result(202, State.STOPPING, "stopping: closing ingest, draining the ring, closing spills and the store");
    }

    /** The owner started accepting front-ends. Ignored once stopping. */
    public synchronized void markRunning() {
        if (state == State.CONFIGURED) {
            state = State.RUNNING;
        }
    }

    /** The owner began stopping by another path (SIGTERM, close()). */
    public synchronized void markStopping() {
        if (state == State.CONFIGURED || state == State.RUNNING) {
            state = State.STOPPING;
        }
    }

    /** Everything is closed. Wakes {@link #awaitStopped()}. */
    public void markStopped() {
        synchronized (this) {
            state = State.STOPPED;
        }
        stopped.countDown();
    }

    /** Blocks until the state is stopped. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Blocks until the state is stopped or the timeout passes; true if stopped. */
    public boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }
}
