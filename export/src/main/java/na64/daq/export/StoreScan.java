package na64.daq.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import na64.daq.protocol.FragmentFlyweight;
import na64.daq.store.EventStoreReader;
import na64.daq.store.StoredConfig;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredSpill;
import na64.daq.pipeline.SpillSummary;

/**
 * A first pass over a store: how many records it holds now (the export then reads exactly that
 * many, so a store that a service is still writing gives a consistent snapshot), the spill
 * summaries the filter keeps, the configuration hashes they name, and the sources whose fragments
 * appear in the kept events.
 *
 * @param records     records in the store when it was scanned
 * @param events      events the filter keeps
 * @param spills      spill summaries the filter keeps, in stored order
 * @param hashes      configuration hashes of those spills, in stored order
 * @param sourceIds   source ids of fragments with channels in the kept events, ascending
 * @param storedConfigs the configuration records of the store, hash to YAML, in stored order
 */
record StoreScan(long records, long events, List<SpillSummary> spills, Set<String> hashes, Set<Integer> sourceIds,
                 Map<String, String> storedConfigs) {
    static StoreScan of(Path store, RecordFilter filter) {
        long records = 0;
        long events = 0;
        List<SpillSummary> spills = new ArrayList<>();
        Set<String> hashes = new LinkedHashSet<>();
        Set<Integer> sources = new TreeSet<>();
        Map<String, String> configs = new LinkedHashMap<>();
        try (EventStoreReader reader = EventStoreReader.open(store)) {
            StoredRecord r;
            while ((r = reader.next()) != null) {
                records++;
                if (r instanceof StoredConfig c) { // whatever the filter: the spills kept may name it
                    configs.putIfAbsent(c.hash(), c.yaml());
                }
                if (!filter.test(r)) {
                    continue;
                }
                if (r instanceof StoredEvent e) {
                    events++;
                    for (StoredEvent.Fragment f : e.fragments()) {
                        if (f.payload().length > FragmentFlyweight.HEADER_LENGTH) { // has channels (the trigger unit's has none)
                            sources.add(f.sourceId());
                        }
                    }
                } else if (r instanceof StoredSpill sp) {
                    SpillSummary s = sp.summary();
                    spills.add(s);
                    if (s.configHash != null) {
                        hashes.add(s.configHash);
                    }
                }
            }
        }
        return new StoreScan(records, events, spills, hashes, sources, configs);
    }
}
