package na64.daq.farm.builder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import na64.daq.farm.FarmTopics;
import na64.daq.store.EventStoreReader;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;

/**
 * The rebuild dedupe's memory: the keys of events that earlier owners of a frames partition
 * stored, read back from their stores (the paths come with the committed offset, see
 * {@link CommitMetadata}). Only events of that partition and of spills at or after the commit
 * point's spill count: anything older will not be rebuilt. A store that is not there (another
 * machine without a shared file system) is reported, and its events may then be stored twice.
 */
public final class StoredKeys {
    private StoredKeys() {
    }

    /** Keys of events of {@code partition} (of {@code partitions}) from spill {@code from} on (null: all), in {@code stores}. */
    public static Set<EventKey> read(Iterable<String> stores, int partition, int partitions, SpillKey from,
                                     java.util.function.Consumer<String> missingStore) {
        Set<EventKey> keys = new HashSet<>();
        for (String s : stores) {
            Path dir = Path.of(s);
            if (!Files.isDirectory(dir) || !EventStoreReader.isStore(dir)) {
                missingStore.accept(s);
                continue;
            }
            try (EventStoreReader r = EventStoreReader.open(dir)) {
                StoredRecord rec;
                while ((rec = r.next()) != null) {
                    if (rec instanceof StoredEvent e
                            && (from == null || new SpillKey(e.run(), e.spill()).compareTo(from) >= 0)
                            && FarmTopics.partitionOf(e.run(), e.spill(), e.event(), partitions) == partition) {
                        keys.add(new EventKey(e.run(), e.spill(), e.event()));
                    }
                }
            }
        }
        return keys;
    }
}
