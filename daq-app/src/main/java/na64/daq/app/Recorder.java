package na64.daq.app;

import java.io.IOException;
import java.io.UncheckedIOException;

import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestServer;
import na64.daq.ingest.recorder.RawRecorder;
import na64.daq.ingest.recorder.RecorderCounters;
import na64.daq.pipeline.CounterRegistry;

/**
 * How {@link DaqService} wires the raw recorder ({@code daq serve --record}): ahead of ingest, its
 * counters allocated from the service's registry before monitoring is built, so they are exported
 * ({@code daq_recorder_*}) like every other counter.
 */
final class Recorder {
    private Recorder() {
    }

    /** Starts the recorder and puts it in front of every connection of {@code ingest}. */
    static RawRecorder start(RawRecorder.Settings settings, RunConfig config, IngestServer ingest, CounterRegistry counters) {
        RawRecorder r;
        try {
            r = RawRecorder.start(settings, id -> config.source(id) != null, new RecorderCounters(counters));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ingest.tap(r);
        return r;
    }
}
