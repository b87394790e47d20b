package na64.daq.monitoring;

import java.util.Objects;

import na64.daq.config.RunConfig;
import na64.daq.pipeline.CounterRegistry;
import na64.daq.pipeline.NanoClock;
import na64.daq.pipeline.PipelineStatus;
import na64.daq.pipeline.StoreStatus;

/**
 * What monitoring reads, as interfaces of pipeline-contract, so it can be built from any stage set:
 * the configuration, the counter registry the stages allocated their counters from (with the
 * distinct error log), the ring and builder's status, and the store's status. Every counter has one
 * writer thread (ingest event loop, builder thread); monitoring only reads.
 *
 * @param config   the run configuration in force (sources, monitoring endpoint, config hash)
 * @param counters every stage's counters, described by their descriptors, and the distinct error log
 * @param pipeline the ring and the event builder
 * @param store    the event store's health
 * @param clock    the clock the ingest stamps frames with, so "seconds since the last frame" compares like with like
 */
public record MonitoredComponents(RunConfig config, CounterRegistry counters, PipelineStatus pipeline, StoreStatus store,
                                  NanoClock clock) {
    public MonitoredComponents {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
    }
}
