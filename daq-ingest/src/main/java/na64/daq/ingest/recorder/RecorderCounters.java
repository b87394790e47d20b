package na64.daq.ingest.recorder;

import na64.daq.pipeline.Counter;

/**
 * The raw recorder's counters, exported as {@code daq_recorder_*} (docs/operations.md). Each has one
 * writer: <b>(ingest)</b> the ingest event loop, <b>(writer)</b> the recorder's writer thread;
 * monitoring only reads. Together they say where every received byte went: into a file, or into
 * one of the counts of what could not be recorded.
 */
public final class RecorderCounters {
    /** (writer) Frames written to a file (the leading HELLOs of each file not included). */
    public final Counter frames = new Counter();
    /** (writer) Bytes written: file headers, leading HELLOs and records. */
    public final Counter bytes = new Counter();
    /** (writer) Files opened. */
    public final Counter files = new Counter();
    /** (writer) Failed opens, writes, renames and closes. */
    public final Counter errors = new Counter();
    /** (writer) Frames that were queued when recording failed, and were not written. */
    public final Counter lostFrames = new Counter();
    /** (ingest) Times ingest waited for the writer to free a buffer (backpressure). */
    public final Counter waits = new Counter();
    /** (ingest) Time ingest spent waiting for the writer (backpressure), ns. */
    public final Counter waitNanos = new Counter();
    /** (ingest) Frames received after recording failed, not recorded. */
    public final Counter skippedFrames = new Counter();
    /** (ingest) Connections whose stream stopped being frames (bad magic, length over the cap). */
    public final Counter badHeaders = new Counter();
    /** (ingest) Frames cut by the connection's close. */
    public final Counter cutFrames = new Counter();
    /** (ingest) Bytes received that are not part of a whole frame (after a bad header, or of a cut frame): not recorded. */
    public final Counter unframedBytes = new Counter();

    /** Frames received that are not in a file: lost or skipped because recording failed. */
    public long unrecordedFrames() {
        return lostFrames.get() + skippedFrames.get();
    }
}
