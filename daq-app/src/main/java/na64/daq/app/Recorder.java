package na64.daq.app;

import java.io.IOException;
import java.io.UncheckedIOException;

import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestServer;
import na64.daq.ingest.recorder.RawRecorder;
import na64.daq.monitoring.DaqMonitoring;
import na64.daq.monitoring.RecorderMetrics;

/** How {@link DaqService} wires the raw recorder ({@code daq serve --record}): ahead of ingest, with its meters. */
final class Recorder {
    private Recorder() {
    }

    /** Starts the recorder, puts it in front of every connection of {@code ingest} and registers its meters. */
    static RawRecorder start(RawRecorder.Settings settings, RunConfig config, IngestServer ingest, DaqMonitoring monitoring) {
        RawRecorder r;
        try {
            r = RawRecorder.start(settings, id -> config.source(id) != null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ingest.tap(r);
        RecorderMetrics.bind(monitoring.metrics().registry(), r);
        return r;
    }
}
