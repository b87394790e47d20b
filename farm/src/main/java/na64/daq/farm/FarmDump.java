package na64.daq.farm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import na64.daq.store.EventStoreReader;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredSpill;

/**
 * The result of a farm directory ({@link FarmLayout}): every event of every builder store, in
 * (run, spill, event) order, then the merged spill summaries in the order they were merged.
 * Builder stores hold no spill records (their partial summaries go through Kafka).
 */
public final class FarmDump {
    private FarmDump() {
    }

    /** The records of the farm in {@code dir}. */
    public static List<StoredRecord> read(Path dir) throws IOException {
        List<StoredEvent> events = new ArrayList<>();
        for (Path store : FarmLayout.builderStores(dir)) {
            try (EventStoreReader r = EventStoreReader.open(store)) {
                StoredRecord rec;
                while ((rec = r.next()) != null) {
                    if (rec instanceof StoredEvent e) {
                        events.add(e);
                    }
                }
            }
        }
        events.sort(Comparator.comparingLong(StoredEvent::run).thenComparingLong(StoredEvent::spill)
                .thenComparingLong(StoredEvent::event));
        List<StoredRecord> out = new ArrayList<>(events);
        Path merged = FarmLayout.mergedStore(dir);
        if (Files.isDirectory(merged) && EventStoreReader.isStore(merged)) {
            try (EventStoreReader r = EventStoreReader.open(merged)) {
                StoredRecord rec;
                while ((rec = r.next()) != null) {
                    if (rec instanceof StoredSpill) {
                        out.add(rec);
                    }
                }
            }
        }
        return out;
    }

    /** Whether {@code dir} looks like a farm directory (it has builder stores or merged summaries). */
    public static boolean isFarm(Path dir) throws IOException {
        return !FarmLayout.builderStores(dir).isEmpty() || Files.isDirectory(FarmLayout.mergedStore(dir));
    }
}
