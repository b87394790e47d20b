package na64.daq.app;

import picocli.CommandLine.Option;

import na64.daq.export.RecordFilter;

/** The record filters shared by {@code daq dump} and {@code daq export}: {@code --run}, {@code --spill}, {@code --stream}. */
public final class FilterOptions {
    @Option(names = "--run", paramLabel = "R", description = "Only this run.")
    Long run;

    @Option(names = "--spill", paramLabel = "S", description = "Only this spill (of every run, unless --run is given).")
    Long spill;

    @Option(names = "--stream", paramLabel = "NAME",
            description = "Only events accepted into this stream: invisible, random or calibration (spill summaries are kept).")
    String stream;

    /** The filter; an unknown stream is the user's mistake (exit 2, one line). */
    public RecordFilter filter(RecordFilter.Kind kind) {
        try {
            return new RecordFilter(run, spill, stream, kind);
        } catch (IllegalArgumentException e) {
            throw new DaqMain.UserError("--stream: " + e.getMessage());
        }
    }
}
