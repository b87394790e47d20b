package na64.daq.app.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import na64.daq.store.EventStoreReader;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredSpill;

/** A store read back through the public reader, in stored order (also while another process writes it). */
final class StoreFiles {
    private StoreFiles() {
    }

    static List<StoredEvent> events(Path dir) {
        List<StoredEvent> out = new ArrayList<>();
        for (StoredRecord r : records(dir)) {
            if (r instanceof StoredEvent e) {
                out.add(e);
            }
        }
        return out;
    }

    static List<StoredEvent> events(Path dir, long spill) {
        return events(dir).stream().filter(e -> e.spill() == spill).toList();
    }

    static List<SpillSummary> spills(Path dir) {
        List<SpillSummary> out = new ArrayList<>();
        for (StoredRecord r : records(dir)) {
            if (r instanceof StoredSpill s) {
                out.add(s.summary());
            }
        }
        return out;
    }

    static List<StoredRecord> records(Path dir) {
        List<StoredRecord> out = new ArrayList<>();
        if (!EventStoreReader.isStore(dir)) {
            return out;
        }
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            StoredRecord r;
            while ((r = reader.next()) != null) {
                out.add(r);
            }
        }
        return out;
    }
}
