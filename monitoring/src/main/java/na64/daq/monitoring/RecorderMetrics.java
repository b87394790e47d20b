package na64.daq.monitoring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import na64.daq.ingest.recorder.RawRecorder;
import na64.daq.ingest.recorder.RecorderCounters;
import na64.daq.pipeline.Counter;

/**
 * The raw recorder's meters, {@code daq_recorder_*} ({@code daq serve --record}, docs/operations.md
 * section 2.8): what it wrote, how long ingest waited for its disk, and everything it could not
 * record, counted. Registered only when recording; read at scrape time like every other meter.
 */
public final class RecorderMetrics {
    private RecorderMetrics() {
    }

    /** Registers the meters of {@code recorder} on {@code r}. */
    public static void bind(MeterRegistry r, RawRecorder recorder) {
        RecorderCounters c = recorder.counters();
        counter(r, "daq.recorder.frames", c.frames, "Frames written to the raw recording (each file's leading HELLOs not counted)");
        FunctionCounter.builder("daq.recorder.written", c.bytes, Counter::doubleValue).baseUnit("bytes")
                .description("Bytes written to the raw recording: file headers, leading HELLOs, records").register(r);
        counter(r, "daq.recorder.files", c.files, "Raw recording files opened (one per spill, and per size part)");
        FunctionCounter.builder("daq.recorder.backpressure", c.waitNanos, ct -> ct.get() / 1e9).baseUnit("seconds")
                .description("Time ingest waited for the recorder's disk (backpressure on every front-end)").register(r);
        counter(r, "daq.recorder.waits", c.waits, "Times ingest waited for the recorder's disk to free a buffer");
        counter(r, "daq.recorder.errors", c.errors, "Failed opens, writes, renames and closes of raw recording files");
        Gauge.builder("daq.recorder.failed", recorder, x -> x.failure() == null ? 0 : 1).strongReference(true)
                .description("1 once the raw recording stopped (a write failed, or its disk froze): frames are no longer "
                        + "recorded; the run goes on").register(r);
        FunctionCounter.builder("daq.recorder.unrecorded.frames", c, RecorderCounters::unrecordedFrames)
                .description("Frames received but not recorded because the recording had failed").register(r);
        FunctionCounter.builder("daq.recorder.unframed", c.unframedBytes, Counter::doubleValue).baseUnit("bytes")
                .description("Bytes received that are not a whole frame (after a header that is not one, or of a frame "
                        + "cut by the close): not recordable").register(r);
        counter(r, "daq.recorder.bad.headers", c.badHeaders, "Connections whose bytes stopped being frames (bad magic, "
                + "length over the cap): nothing more recorded from them");
        counter(r, "daq.recorder.cut.frames", c.cutFrames, "Frames cut by their connection's close: not recorded");
        Gauge.builder("daq.recorder.queued.buffers", recorder, RawRecorder::queuedBuffers).strongReference(true)
                .description("Record buffers (2 MiB each) waiting for the recorder's disk").register(r);
    }

    private static void counter(MeterRegistry r, String name, Counter counter, String help) {
        FunctionCounter.builder(name, counter, Counter::doubleValue).description(help).register(r);
    }
}
