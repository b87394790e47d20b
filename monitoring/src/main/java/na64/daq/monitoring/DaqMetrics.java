package na64.daq.monitoring;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import na64.daq.pipeline.SpillSummary;

/**
 * Every metric of the service in one {@link PrometheusMeterRegistry}: every counter of the stages'
 * counter registry, exported from its descriptor ({@link CounterMeters}), the ring, run and store
 * health meters (Micrometer function meters, read at scrape time), the
 * decision-latency and spectra collectors (registered on the registry's underlying Prometheus
 * registry, because they expose pre-binned histograms), and the JVM and GC binders. Nothing here
 * touches the hot threads: everything is read at scrape time. Names and meanings are listed in
 * {@code docs/operations.md}.
 */
public final class DaqMetrics implements AutoCloseable {
    /** Default for "the event builder stopped advancing": seconds behind the ring without progress. */
    public static final double DEFAULT_STALL_SECONDS = 5;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Liveness liveness;
    private final ConsumerStallDetector stall;
    private final RunEot runEot = new RunEot();
    private final DecisionLatency latency;
    private final RunMetrics runMetrics;

    /** Registers every meter for {@code c}; {@code control} feeds the run-state gauge. */
    public DaqMetrics(MonitoredComponents c, RunControl control, double stallSeconds) {
        lintCleanJvmNames(); // filters first: Micrometer applies them only to meters registered afterwards
        liveness = new Liveness(c.counters(), c.clock());
        stall = new ConsumerStallDetector(c.pipeline()::publishedSequence, c.pipeline()::consumedSequence, c.clock(),
                (long) (stallSeconds * 1e9));
        latency = new DecisionLatency(c.pipeline().decisionLatencyNanos(), c.clock());
        CounterMeters.bind(registry, c.counters(), liveness);
        PipelineMetrics.bind(registry, c, stall, runEot);
        runMetrics = new RunMetrics(registry, control);
        HardeningMetrics.bind(registry, c);
        registry.getPrometheusRegistry().register(latency);
        InfoMetrics.register(registry.getPrometheusRegistry(), c.config());
        registry.getPrometheusRegistry().register(new SpectraCollector(c.pipeline().spectra()));
        JvmGcMetrics gc = new JvmGcMetrics();
        closeables.add(gc);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics())) {
            binder.bindTo(registry);
        }
    }

    /**
     * Two Micrometer binder meters fail {@code promtool check metrics}: {@code process_cpu_time_ns_total}
     * (abbreviated unit) and {@code system_cpu_count} (a gauge ending in _count). The first is replaced
     * by the conventional {@code process_cpu_seconds_total}, the second renamed.
     */
    private void lintCleanJvmNames() {
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.logical.processors") : id;
            }
        });
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time used by the JVM process").register(registry);
        }
    }

    /** The registry, e.g. to add meters or to scrape in tests. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text format (0.0.4) of every meter, evaluated now. */
    public String scrape() {
        runMetrics.refresh();
        return registry.scrape();
    }

    /** Builder thread, once per closed spill: keeps the EOT sum of the current run. */
    public void onSpillClosed(SpillSummary summary) {
        runEot.onSpillClosed(summary);
    }

    Liveness liveness() {
        return liveness;
    }

    ConsumerStallDetector stall() {
        return stall;
    }

    RunEot runEot() {
        return runEot;
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a GC notification listener cannot fail in a way worth reporting
            }
        }
        registry.close();
    }
}
