package na64.daq.monitoring;

import java.util.Objects;

import na64.daq.builder.BuilderPipeline;
import na64.daq.pipeline.NanoClock;
import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestCounters;
import na64.daq.store.EventStore;

/**
 * What monitoring reads: the service's configuration and the counters of its three stages. Every
 * counter in them has one writer thread (ingest event loop, builder thread); monitoring only reads.
 *
 * @param config   the run configuration in force (sources, monitoring endpoint, config hash)
 * @param ingest   per-source ingest counters
 * @param pipeline the ring and the event builder
 * @param store    the event store
 * @param clock    the clock the ingest stamps frames with, so "seconds since the last frame" compares like with like
 */
public record MonitoredComponents(RunConfig config, IngestCounters ingest, BuilderPipeline pipeline, EventStore store,
                                  NanoClock clock) {
    public MonitoredComponents {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
    }

    /** The Prometheus label value of ingest source index {@code i}: the source id, or "unattributed". */
    public String sourceLabel(int i) {
        return i == ingest.sourceCount() ? "unattributed" : Integer.toString(ingest.sourceId(i));
    }
}
