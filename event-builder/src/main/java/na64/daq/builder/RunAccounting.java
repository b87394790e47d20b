package na64.daq.builder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.pipeline.Counter;
import na64.daq.pipeline.CounterDescriptor;
import na64.daq.pipeline.CounterRegistry;

/**
 * What the builder counts per run under run control: the run number given at the start, the
 * BEGIN_OF_SPILL frames that name another run (the front-ends and the shifter disagree: counted,
 * logged, never silently ignored; the data keep the front-ends' number), and the spills closed since
 * the run began (for the end-of-run record). Written by the builder thread only; read from outside.
 */
public final class RunAccounting {
    private static final Logger LOG = LoggerFactory.getLogger(RunAccounting.class);
    /** {@link #givenRun} when the start named no run number. */
    public static final long NO_RUN = -1;

    /** The run number given at the start of the current run, or {@link #NO_RUN}. */
    public final Counter givenRun = new Counter();
    /** BEGIN_OF_SPILL frames naming another run than the one given at the start, since the service started. */
    public final Counter otherRunBegins;
    /** The same, in the current run only. */
    public final Counter otherRunBeginsInRun = new Counter();
    /** The run number of the latest such BEGIN_OF_SPILL ({@link #NO_RUN} if none in this run). */
    public final Counter lastOtherRun = new Counter();
    /** Spills closed since the current run began. */
    public final Counter spillsInRun = new Counter();

    RunAccounting(CounterRegistry registry) {
        otherRunBegins = registry.counter(CounterDescriptor.RUN_OTHER_RUN_BEGINS);
        givenRun.set(NO_RUN);
        lastOtherRun.set(NO_RUN);
    }

    /** A run begins with run number {@code run} ({@link #NO_RUN}: none given). */
    void beginRun(long run) {
        givenRun.set(run);
        otherRunBeginsInRun.set(0);
        lastOtherRun.set(NO_RUN);
        spillsInRun.set(0);
    }

    /** A BEGIN_OF_SPILL of front-end run {@code run}. */
    void beginOfSpill(long run, long spill, int sourceId) {
        long given = givenRun.get();
        if (given == NO_RUN || run == given) {
            return;
        }
        otherRunBegins.increment();
        otherRunBeginsInRun.increment();
        if (lastOtherRun.get() != run) { // once per disagreeing run, not per frame
            LOG.warn("source {}: BEGIN_OF_SPILL of run {} spill {}, but run {} was started; the data keep run {}",
                    sourceId, run, spill, given, run);
            lastOtherRun.set(run);
        }
    }

    void spillClosed() {
        spillsInRun.increment();
    }
}
