package na64.daq.monitoring;

import java.nio.file.Path;

import na64.daq.builder.BuilderPipeline;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestCounters;
import na64.daq.pipeline.BuiltEventSink;
import na64.daq.pipeline.CounterRegistry;
import na64.daq.pipeline.EventView;
import na64.daq.pipeline.NanoClock;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.AppendHook;
import na64.daq.store.EventStore;
import na64.daq.testkit.ManualClock;
import na64.daq.trigger.Reconstructor;

/**
 * The service's components without its threads, wired as the service wires them (one counter
 * registry for every stage): the test thread is the single writer of every counter, the builder is
 * never started, and time is a {@link ManualClock} (epoch milliseconds of the error log too).
 */
final class Fixture implements AutoCloseable {
    static final long T0 = 1_000_000_000_000L;

    final ManualClock clock = new ManualClock(T0);
    final RunConfig config;
    final CounterRegistry counters;
    final IngestCounters ingest;
    final Reconstructor reconstructor;
    final BuilderPipeline pipeline;
    final EventStore store;
    final MonitoredComponents components;

    Fixture(Path storeDir) {
        this(storeDir, ConfigLoader.parse("monitoring: {port: 0}\nbuilder: {ringSize: 64}", "test"));
    }

    Fixture(Path storeDir, RunConfig config) {
        this.config = config;
        this.counters = new CounterRegistry(config.sources().stream().mapToInt(RunConfig.SourceConfig::id).toArray(),
                () -> clock.nanoTime() / 1_000_000L, 8);
        this.ingest = new IngestCounters(counters);
        this.reconstructor = new Reconstructor(config, counters);
        this.pipeline = new BuilderPipeline(config, new BuiltEventSink() {
            @Override
            public void onEvent(EventView event) {
            }

            @Override
            public void onSpillClosed(SpillSummary summary) {
            }
        }, clock, NanoClock.SYSTEM, () -> 0L, counters);
        this.store = EventStore.open(storeDir, false, AppendHook.NONE, counters, NanoClock.SYSTEM);
        new na64.daq.ingest.recorder.RecorderCounters(counters); // as daq serve --record allocates them
        this.components = new MonitoredComponents(config, counters, pipeline, store.guard(), clock);
    }

    /** Publishes {@code n} empty entries into the ring, as ingest would; nothing consumes them. */
    void publish(int n) {
        for (int i = 0; i < n; i++) {
            long seq = pipeline.ring().next();
            pipeline.ring().get(seq).setControl(0, 0, clock.nanoTime()); // kind 0: no entry kind, ignored
            pipeline.ring().publish(seq);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
