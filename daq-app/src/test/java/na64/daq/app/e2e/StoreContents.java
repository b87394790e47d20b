package na64.daq.app.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import na64.daq.store.EventStoreReader;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredSpill;

/** Everything a store holds, read back through the public {@link EventStoreReader}, in stored order (run-control records apart). */
record StoreContents(List<StoredEvent> events, List<SpillSummary> spills, List<StoredRecord> runRecords) {

    static StoreContents read(Path dir) {
        List<StoredEvent> events = new ArrayList<>();
        List<SpillSummary> spills = new ArrayList<>();
        List<StoredRecord> runRecords = new ArrayList<>();
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            StoredRecord r;
            while ((r = reader.next()) != null) {
                if (r instanceof StoredEvent e) {
                    events.add(e);
                } else if (r instanceof StoredSpill s) {
                    spills.add(s.summary());
                } else {
                    runRecords.add(r);
                }
            }
        }
        return new StoreContents(events, spills, runRecords);
    }

    /** Number of events stored so far, without keeping them (for polling a live store). */
    static long countEvents(Path dir) {
        if (!EventStoreReader.isStore(dir)) {
            return 0;
        }
        long n = 0;
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            StoredRecord r;
            while ((r = reader.next()) != null) {
                if (r instanceof StoredEvent) {
                    n++;
                }
            }
        }
        return n;
    }

    SpillSummary onlySpill() {
        if (spills.size() != 1) {
            throw new AssertionError("expected exactly one spill summary in the store, got " + spills);
        }
        return spills.get(0);
    }

    List<StoredEvent> incompleteEvents() {
        return events.stream().filter(e -> !e.complete()).toList();
    }

    List<StoredEvent> completeEvents() {
        return events.stream().filter(StoredEvent::complete).toList();
    }
}
