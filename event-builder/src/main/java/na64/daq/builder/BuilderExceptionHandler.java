package na64.daq.builder;

import na64.daq.pipeline.IngestEntry;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.lmax.disruptor.ExceptionHandler;

import na64.daq.protocol.FragmentFlyweight;

/**
 * Installed on the builder's consumer: an entry whose processing throws is counted, logged with its
 * event key, and the pipeline goes on with the next entry. Like Aeron's {@code DistinctErrorLog},
 * each distinct failure (exception class and first frame) is logged in full once, then only counted,
 * with a reminder every 1000 repeats, so a systematic failure cannot flood the log.
 */
final class BuilderExceptionHandler implements ExceptionHandler<IngestEntry> {
    private static final Logger LOG = LoggerFactory.getLogger(BuilderExceptionHandler.class);

    private final BuilderCounters counters;
    private final FragmentFlyweight fragment = new FragmentFlyweight();
    private final Map<String, long[]> distinct = new HashMap<>();

    BuilderExceptionHandler(BuilderCounters counters) {
        this.counters = counters;
    }

    @Override
    public void handleEventException(Throwable ex, long sequence, IngestEntry entry) {
        counters.consumerErrors.increment();
        String key = describe(entry);
        StackTraceElement[] trace = ex.getStackTrace();
        String signature = ex.getClass().getName() + (trace.length > 0 ? "@" + trace[0] : "");
        long[] seen = distinct.computeIfAbsent(signature, s -> new long[1]);
        seen[0]++;
        if (seen[0] == 1) {
            LOG.error("event builder failed on ring sequence {} ({}); event counted as a consumer error, pipeline continues",
                    sequence, key, ex);
        } else if (seen[0] % 1000 == 0) {
            LOG.error("event builder failure {} repeated {} times, last on {}", signature, seen[0], key);
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
        LOG.error("event builder failed to start", ex);
    }

    @Override
    public void handleOnShutdownException(Throwable ex) {
        LOG.error("event builder failed to shut down cleanly", ex);
    }
}
