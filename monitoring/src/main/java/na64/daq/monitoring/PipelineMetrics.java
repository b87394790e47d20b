package na64.daq.monitoring;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import com.lmax.disruptor.RingBuffer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import na64.daq.builder.BuilderCounters;
import na64.daq.builder.BuilderPipeline;
import na64.daq.pipeline.IngestEntry;
import na64.daq.pipeline.Counter;
import na64.daq.store.EventStore;
import na64.daq.trigger.Streams;

/**
 * Meters of the ring, the event builder, the trigger streams, spills and EOT, and the store (run
 * control's are {@link RunMetrics}). All are Micrometer function meters over single-writer counters or over the
 * Disruptor's sequences, read at scrape time.
 */
final class PipelineMetrics {
    private PipelineMetrics() {
    }

    static void bind(MeterRegistry r, MonitoredComponents c, ConsumerStallDetector stall, RunEot runEot) {
        BuilderPipeline p = c.pipeline();
        RingBuffer<IngestEntry> ring = p.ring();
        BuilderCounters b = p.counters();

        gauge(r, "daq.ring.size", ring, RingBuffer::getBufferSize, "Entries in the ring between ingest and the event builder");
        gauge(r, "daq.ring.remaining.capacity", ring, RingBuffer::remainingCapacity,
                "Free ring entries; 0 means ingest is pausing its connections (backpressure)");
        gauge(r, "daq.ring.occupancy.ratio", ring, rb -> 1.0 - (double) rb.remainingCapacity() / rb.getBufferSize(),
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

        gauge(r, "daq.events.in.flight", b.inFlight, Counter::doubleValue, "Events being assembled (waiting for fragments)");
        counter(r, "daq.events.complete", b.completeEvents, "Events built with every expected fragment");
        counter(r, "daq.events.incomplete", b.incompleteEvents, "Events released with at least one fragment missing");
        counter(r, "daq.events.misaligned", b.misalignedEvents,
                "Events whose digitizer trigger time or type differs from the trigger unit's (never accepted)");
        counter(r, "daq.events.evicted", b.evictedEvents, "Events released early because the in-flight table was full");
        counter(r, "daq.fragments.duplicate", b.duplicates, "Fragments dropped because the same source and key came before");
        counter(r, "daq.fragments.late", b.lateFragments, "Fragments that arrived after their event was released");
        counter(r, "daq.fragments.after.spill.close", b.fragmentsAfterSpillClose, "Fragments for a spill already closed");
        counter(r, "daq.builder.errors", b.consumerErrors, "Ring entries whose processing threw (logged, skipped)");
        String attributedHelp = "Protocol errors the builder saw, attributed to the spill open on the connection or not";
        FunctionCounter.builder("daq.builder.protocol.errors", b.protocolErrorsAttributed, Counter::doubleValue)
                .tag("attribution", "spill").description(attributedHelp).register(r);
        FunctionCounter.builder("daq.builder.protocol.errors", b.protocolErrorsUnattributed, Counter::doubleValue)
                .tag("attribution", "none").description(attributedHelp).register(r);
        for (int s = 0; s < Streams.COUNT; s++) {
            FunctionCounter.builder("daq.decisions", b.acceptedPerStream[s], Counter::doubleValue)
                    .tag("stream", Streams.name(s)).description("Events accepted into each output stream").register(r);
        }

        counter(r, "daq.spills.closed", b.spillsClosed, "Spills closed (all sources ended, timeout or shutdown)");
        counter(r, "daq.spills.timed.out", b.spillsTimedOut, "Spills closed by the spill timeout, some source never ended them");
        gauge(r, "daq.spills.open", b.openSpills, Counter::doubleValue, "Spills open now; > 0 means a spill is being taken");
        gauge(r, "daq.run.number", b.currentRun, Counter::doubleValue, "Run number of the latest BEGIN_OF_SPILL");
        gauge(r, "daq.spill.number", b.currentSpill, Counter::doubleValue, "Spill number of the latest BEGIN_OF_SPILL");
        counter(r, "daq.eot", b.eotTotal, "Electrons on target (trigger-unit scaler 1), summed over closed spills since start");
        gauge(r, "daq.eot.last.spill", b.lastSpillEot, Counter::doubleValue, "Electrons on target of the last closed spill");
        gauge(r, "daq.eot.run", runEot.eot, Counter::doubleValue, "Electrons on target summed over the closed spills of the current run");
        gauge(r, "daq.invisible.last.spill", runEot.lastSpillInvisible, Counter::doubleValue,
                "Events accepted into the invisible stream in the last closed spill");
        gauge(r, "daq.live.time.last.spill.ratio", runEot.lastSpillLivePpm, x -> x.get() < 0 ? Double.NaN : x.get() / 1e6,
                "Live time of the last closed spill: 1 - trigger-unit scaler 3 (dead time) / spill length (NaN without scaler 3)");

        EventStore st = c.store();
        counter(r, "daq.store.events.appended", st.eventsAppended(), "Event records appended to the store");
        counter(r, "daq.store.spills.appended", st.spillsAppended(), "Spill summary records appended to the store");
        FunctionCounter.builder("daq.store.appended", st.bytesAppended(), Counter::doubleValue).baseUnit("bytes")
                .description("Record bytes appended to the store").register(r);
        FunctionTimer.builder("daq.store.append", st,
                        s -> s.eventsAppended().get() + s.spillsAppended().get(),
                        s -> s.appendNanosTotal().get(), TimeUnit.NANOSECONDS)
                .description("Store appends: count and total time (mean = rate of sum / rate of count)").register(r);
        gauge(r, "daq.store.last.append.seconds", st.lastAppendLatencyNanos(), x -> x.get() / 1e9,
                "Duration of the most recent store append, seconds");
    }

    private static <T> void gauge(MeterRegistry r, String name, T obj, ToDoubleFunction<T> f, String help) {
        Gauge.builder(name, obj, f).strongReference(true).description(help).register(r);
    }

    private static void counter(MeterRegistry r, String name, Counter counter, String help) {
        FunctionCounter.builder(name, counter, Counter::doubleValue).description(help).register(r);
    }
}
