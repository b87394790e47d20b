package na64.daq.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.parquet.hadoop.ParquetWriter;

import na64.daq.config.RunConfig;
import na64.daq.store.ConfigArchive;
import na64.daq.store.EventStoreReader;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;

/**
 * {@code daq export --format parquet}: a store (or the part a {@link RecordFilter} keeps) as
 * {@code events.parquet} and {@code spills.parquet} in an output directory (see {@link EventTable}
 * and {@link SpillTable} for the columns). Both files carry the run configuration as key-value
 * metadata: {@value #META_HASH} (the hash the spill records name; comma-separated if the export
 * spans several), {@value #META_YAML} (the effective configuration, when there is one hash and its
 * YAML is known) and {@code na64.config.yaml.<hash>} for each hash whose YAML is known. The YAML
 * comes from the store's configuration records (for older stores, its {@link ConfigArchive} files),
 * else from the given configuration if its hash matches.
 */
public final class ParquetExporter {
    public static final String META_HASH = "na64.config.hash";
    public static final String META_YAML = "na64.config.yaml";
    public static final String META_FILTER = "na64.export.filter";

    /** What was written; {@code unknownConfigs} lists hashes whose YAML could not be found. */
    public record Result(long events, long spills, Path eventsFile, Path spillsFile, List<String> hashes,
                         List<String> unknownConfigs) {
    }

    private ParquetExporter() {
    }

    /**
     * Writes the two files. {@code fallback} names the sources of configurations the store did not
     * keep and supplies the YAML when its hash matches.
     */
    public static Result export(Path store, RecordFilter filter, Path outDir, RunConfig fallback) throws IOException {
        StoreScan scan = StoreScan.of(store, filter);
        StoreConfigs configs = StoreConfigs.resolve(store, scan.hashes(), scan.storedConfigs(), fallback);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(META_HASH, String.join(",", scan.hashes()));
        configs.yamlByHash().forEach((hash, yaml) -> meta.put(META_YAML + "." + hash, yaml));
        if (scan.hashes().size() == 1 && configs.unknown().isEmpty()) {
            meta.put(META_YAML, configs.yamlByHash().values().iterator().next());
        }
        meta.put(META_FILTER, filter.describe());

        Files.createDirectories(outDir);
        EventTable events = new EventTable(sources(scan, configs.config()));
        Path eventsFile = outDir.resolve("events.parquet");
        long written = 0;
        try (ParquetWriter<StoredEvent> w = ParquetFiles.open(eventsFile, events.schema(), events::write, () -> meta);
             EventStoreReader reader = EventStoreReader.open(store)) {
            for (long i = 0; i < scan.records(); i++) {
                StoredRecord r = reader.next();
                if (r instanceof StoredEvent e && filter.test(e)) {
                    w.write(e);
                    written++;
                }
            }
        }
        SpillTable spills = new SpillTable();
        Path spillsFile = outDir.resolve("spills.parquet");
        try (ParquetWriter<SpillSummary> w = ParquetFiles.open(spillsFile, SpillTable.SCHEMA, spills::write, () -> meta)) {
            for (SpillSummary s : scan.spills()) {
                w.write(s);
            }
        }
        return new Result(written, scan.spills().size(), eventsFile, spillsFile, List.copyOf(scan.hashes()), configs.unknown());
    }

    /** Digitizer sources of the configuration, plus any other source seen in the data, ascending by id. */
    private static List<EventTable.Source> sources(StoreScan scan, RunConfig config) {
        Map<Integer, String> byId = new TreeMap<>();
        for (RunConfig.SourceConfig s : config.sources()) {
            if (s.kind() == RunConfig.SourceKind.MSADC) {
                byId.put(s.id(), s.name().replaceAll("[^A-Za-z0-9]+", "_"));
            }
        }
        for (int id : scan.sourceIds()) {
            byId.putIfAbsent(id, "source" + id);
        }
        List<EventTable.Source> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        byId.forEach((id, name) -> out.add(new EventTable.Source(id, used.add(name) ? name : name + "_" + id)));
        return out;
    }
}
