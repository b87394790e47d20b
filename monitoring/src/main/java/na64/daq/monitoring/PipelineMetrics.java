package na64.daq.monitoring;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import na64.daq.pipeline.Counter;
import na64.daq.pipeline.PipelineStatus;

/**
 * Meters that are not one of the stages' counters (those are {@link CounterMeters}'): the ring's
 * fill and sequences, whether the builder runs and keeps up, the EOT of the current run and the
 * last spill's figures (run control's are {@link RunMetrics}). All read at scrape time.
 */
final class PipelineMetrics {
    private PipelineMetrics() {
    }

    static void bind(MeterRegistry r, MonitoredComponents c, ConsumerStallDetector stall, RunEot runEot) {
        PipelineStatus p = c.pipeline();
        gauge(r, "daq.ring.size", p, PipelineStatus::ringSize, "Entries in the ring between ingest and the event builder");
        gauge(r, "daq.ring.remaining.capacity", p, PipelineStatus::ringRemainingCapacity,
                "Free ring entries; 0 means ingest is pausing its connections (backpressure)");
        gauge(r, "daq.ring.occupancy.ratio", p, x -> 1.0 - (double) x.ringRemainingCapacity() / x.ringSize(),
                "Fraction of the ring waiting for the event builder, 0..1");
        FunctionCounter.builder("daq.ring.published", p, x -> x.publishedSequence() + 1)
                .description("Entries ingest has published into the ring").register(r);
        FunctionCounter.builder("daq.ring.consumed", p, x -> x.consumedSequence() + 1)
                .description("Ring entries the event builder has consumed").register(r);
        gauge(r, "daq.builder.running", p, x -> x.running() ? 1 : 0, "1 while the event builder thread is alive");
        gauge(r, "daq.builder.consumer.stalled", stall, s -> s.stalled() ? 1 : 0,
                "1 when entries wait in the ring and the event builder has not advanced for "
                        + stall.thresholdSeconds() + " s");
        gauge(r, "daq.builder.consumer.seconds.without.progress", stall, ConsumerStallDetector::secondsWithoutProgress,
                "Seconds the event builder has been behind the ring without consuming anything (0 when keeping up)");

        gauge(r, "daq.eot.run", runEot.eot, Counter::doubleValue, "Electrons on target summed over the closed spills of the current run");
        gauge(r, "daq.invisible.last.spill", runEot.lastSpillInvisible, Counter::doubleValue,
                "Events accepted into the invisible stream in the last closed spill");
        gauge(r, "daq.live.time.last.spill.ratio", runEot.lastSpillLivePpm, x -> x.get() < 0 ? Double.NaN : x.get() / 1e6,
                "Live time of the last closed spill: 1 - trigger-unit scaler 3 (dead time) / spill length (NaN without scaler 3)");

    }

    private static <T> void gauge(MeterRegistry r, String name, T obj, ToDoubleFunction<T> f, String help) {
        Gauge.builder(name, obj, f).strongReference(true).description(help).register(r);
    }
}
