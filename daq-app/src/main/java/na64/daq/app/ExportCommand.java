package na64.daq.app;

import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import na64.daq.export.ParquetExporter;
import na64.daq.export.RawExporter;
import na64.daq.export.RecordFilter;

/**
 * {@code daq export}: a store (or the runs, spills, stream chosen) out for offline analysis, as
 * Parquet ({@code OUT/events.parquet} and {@code OUT/spills.parquet}) or as a recorded-spill file
 * that replays to the same stored events. See docs/data.md.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a store to Parquet (events.parquet, spills.parquet) or to a recorded-spill file (.na64raw).")
public final class ExportCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { parquet, na64raw }

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Store directory.")
    Path store;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "parquet or na64raw.")
    Format format;

    @Option(names = "--out", required = true, paramLabel = "PATH",
            description = "parquet: output directory (created); na64raw: output file.")
    Path out;

    @Mixin
    FilterOptions filters;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        DumpCommand.checkStore(store);
        try {
            return export();
        } catch (FileSystemException e) { // its message is often the bare path: say what failed
            throw new DaqMain.UserError("cannot write " + e.getFile() + ": "
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
        }
    }

    private int export() throws Exception {
        RecordFilter filter = filters.filter(null);
        if (format == Format.parquet) {
            ParquetExporter.Result r = ParquetExporter.export(store, filter, out, config.load());
            System.out.println("exported " + r.events() + " events to " + r.eventsFile() + " and " + r.spills()
                    + " spill summaries to " + r.spillsFile() + " (configuration " + String.join(",", r.hashes()) + ")");
            if (!r.unknownConfigs().isEmpty()) {
                System.err.println("daq export: the store does not keep the configuration " + String.join(",", r.unknownConfigs())
                        + " and --config does not match it: the files carry its hash but not its YAML");
            }
        } else {
            RawExporter.Result r = RawExporter.export(store, filter, out, config.load());
            System.out.println("exported " + r.events() + " events of " + r.spills() + " spills as " + r.frames()
                    + " frames to " + out + " (daq replay " + out + ")");
        }
        return 0;
    }
}
