package na64.daq.pipeline;

import org.HdrHistogram.SingleWriterRecorder;

/**
 * What monitoring reads of the ring and the event builder besides their counters: the ring's
 * fill and sequences, whether the builder thread runs, its decision-latency recorder and its
 * online-monitor spectra. Implemented by the event builder's pipeline; any stage set that has a
 * ring and a builder can offer it. Every method may be called from any thread.
 */
public interface PipelineStatus {
    /** Entries in the ring. */
    int ringSize();

    /** Free ring entries now; 0 means ingest is pausing its connections. */
    long ringRemainingCapacity();

    /** Sequence published up to (-1 before the first). */
    long publishedSequence();

    /** Sequence the builder has consumed up to (-1 before the first). */
    long consumedSequence();

    /** Whether the builder thread is alive. */
    boolean running();

    /**
     * Decision latency in ns of events released complete. The builder records; monitoring is its
     * single reader (interval histograms).
     */
    SingleWriterRecorder decisionLatencyNanos();

    /** Energy spectra of complete events, bumped by the builder thread. */
    EnergySpectra spectra();

    /** The hash of the configuration the latest spill was built with (reloads apply per spill). */
    String configHashInUse();

    /** BEGIN_OF_SPILL frames naming another run than the one run control started, in the current run. */
    long otherRunBeginsInRun();

    /** The run number of the latest such BEGIN_OF_SPILL in the current run, or -1. */
    long lastOtherRun();
}
