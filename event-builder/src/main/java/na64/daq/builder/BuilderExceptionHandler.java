package na64.daq.builder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.lmax.disruptor.ExceptionHandler;

import na64.daq.pipeline.DistinctErrorLog;
import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FragmentFlyweight;

/**
 * Installed on the builder's consumer: an entry whose processing throws is counted
 * ({@code consumerErrors}), recorded in the service's {@link DistinctErrorLog} (first and last time,
 * count; shown in {@code /status}), and the pipeline goes on with the next entry. The log decides
 * what is written to the application log: a new distinct error in full with its event key, then a
 * reminder every 1000 repeats, so a systematic failure cannot flood it. Failures to start or stop
 * the consumer are recorded too. Runs on the builder thread (and on the stopping thread for the
 * spills closed at shutdown, when the builder thread has ended).
 */
final class BuilderExceptionHandler implements ExceptionHandler<IngestEntry> {
    private static final Logger LOG = LoggerFactory.getLogger(BuilderExceptionHandler.class);

    private final BuilderCounters counters;
    private final DistinctErrorLog errors;
    private final FragmentFlyweight fragment = new FragmentFlyweight();

    BuilderExceptionHandler(BuilderCounters counters, DistinctErrorLog errors) {
        this.counters = counters;
        this.errors = errors;
    }

    @Override
    public void handleEventException(Throwable ex, long sequence, IngestEntry entry) {
        counters.consumerErrors.increment();
        long seen = errors.record(ex);
        if (seen == 1) {
            LOG.error("event builder failed on ring sequence {} ({}); event counted as a consumer error, pipeline continues",
                    sequence, describe(entry), ex);
        } else if (seen < 0 && DistinctErrorLog.worthLogging(seen)) {
            LOG.error("event builder failed ({}) on {}; the error log is full: {} new failures not kept",
                    ex, describe(entry), -seen);
        } else if (DistinctErrorLog.worthLogging(seen)) {
            LOG.error("event builder failure {} repeated {} times, last on {}", ex, seen, describe(entry));
        }
    }

    private String describe(IngestEntry e) {
        if (e == null) {
            return "no entry";
        }
        if (e.kind == IngestEntry.FRAGMENT && e.length >= FragmentFlyweight.HEADER_LENGTH) {
            FragmentFlyweight f = fragment.wrap(e.payload, 0, e.length);
            return "fragment of source " + e.sourceId + " for run " + f.run() + " spill " + f.spill() + " event " + f.event();
        }
        return "entry kind " + e.kind + " of source " + e.sourceId;
    }

    @Override
    public void handleOnStartException(Throwable ex) {
        errors.record(ex);
        LOG.error("event builder failed to start", ex);
    }

    @Override
    public void handleOnShutdownException(Throwable ex) {
        errors.record(ex);
        LOG.error("event builder failed to shut down cleanly", ex);
    }
}
