package na64.daq.ingest.recorder;

import na64.daq.pipeline.Counter;
import na64.daq.pipeline.CounterDescriptor;
import na64.daq.pipeline.CounterRegistry;

/**
 * The raw recorder's counters, exported as {@code daq_recorder_*} (docs/operations.md). Each has one
 * writer: <b>(ingest)</b> the ingest event loop, <b>(writer)</b> the recorder's writer thread;
 * monitoring only reads. Allocated from the service's {@link CounterRegistry}, described there by
 * the {@code RECORDER_*} descriptors. Together they say where every received byte went: into a file, or into
 * one of the counts of what could not be recorded.
 */
public final class RecorderCounters {
    /** (writer) Frames written to a file (the leading HELLOs of each file not included). */
    public final Counter frames;
    /** (writer) Bytes written: file headers, leading HELLOs and records. */
    public final Counter bytes;
    /** (writer) Files opened. */
    public final Counter files;
    /** (writer) Failed opens, writes, renames and closes. */
    public final Counter errors;
    /** (writer) 1 once the recording stopped. */
    public final Counter failed;
    /** (writer) Frames that were queued when recording failed, and were not written. */
    public final Counter lostFrames;
    /** (ingest) Times ingest waited for the writer to free a buffer (backpressure). */
    public final Counter waits;
    /** (ingest) Time ingest spent waiting for the writer (backpressure), ns. */
    public final Counter waitNanos;
    /** (ingest) Frames received after recording failed, not recorded. */
    public final Counter skippedFrames;
    /** (ingest) Connections whose stream stopped being frames (bad magic, length over the cap). */
    public final Counter badHeaders;
    /** (ingest) Frames cut by the connection's close. */
    public final Counter cutFrames;
    /** (ingest) Bytes received that are not part of a whole frame (after a bad header, or of a cut frame): not recorded. */
    public final Counter unframedBytes;

    /** The recorder's counters, allocated from {@code registry} (so they are exported). */
    public RecorderCounters(CounterRegistry registry) {
        frames = registry.counter(CounterDescriptor.RECORDER_FRAMES);
        bytes = registry.counter(CounterDescriptor.RECORDER_WRITTEN);
        files = registry.counter(CounterDescriptor.RECORDER_FILES);
        errors = registry.counter(CounterDescriptor.RECORDER_ERRORS);
        failed = registry.counter(CounterDescriptor.RECORDER_FAILED);
        Counter[] unrecorded = registry.labelled(CounterDescriptor.RECORDER_UNRECORDED_FRAMES, "lost", "skipped");
        lostFrames = unrecorded[0];
        skippedFrames = unrecorded[1];
        waits = registry.counter(CounterDescriptor.RECORDER_WAITS);
        waitNanos = registry.counter(CounterDescriptor.RECORDER_BACKPRESSURE);
        badHeaders = registry.counter(CounterDescriptor.RECORDER_BAD_HEADERS);
        cutFrames = registry.counter(CounterDescriptor.RECORDER_CUT_FRAMES);
        unframedBytes = registry.counter(CounterDescriptor.RECORDER_UNFRAMED);
    }

    /** Counters of a recorder nobody exports (tests). */
    public RecorderCounters() {
        this(new CounterRegistry());
    }

    /** Frames received that are not in a file: lost or skipped because recording failed. */
    public long unrecordedFrames() {
        return lostFrames.get() + skippedFrames.get();
    }
}
