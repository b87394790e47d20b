package na64.daq.app.diff;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import na64.daq.store.EventStoreReader;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;

/**
 * The trigger decisions a store holds: per event key, its streams and its energies. The store keeps
 * accepted events (and incomplete ones), not every event, so an event absent here was accepted by no
 * stream: {@link #streams} says {@code 0} for it.
 */
final class Decisions {
    /** An event's identity across two runs of one recording. */
    record Key(long run, long spill, long event) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(run, o.run);
            if (c == 0) {
                c = Long.compare(spill, o.spill);
            }
            return c != 0 ? c : Long.compare(event, o.event);
        }
    }

    /** One stored event's stream mask and reconstructed energies (MeV). */
    record Decision(int streams, double ePs, double eEcal, double eHcal, double eVeto, double eSrd) {
        Decision or(Decision other) {
            return new Decision(streams | other.streams, ePs, eEcal, eHcal, eVeto, eSrd);
        }
    }

    private final Map<Key, Decision> byKey;

    private Decisions(Map<Key, Decision> byKey) {
        this.byKey = byKey;
    }

    /** Reads every event record of the store in {@code dir}; the waveforms are not kept. */
    static Decisions read(Path dir) {
        Map<Key, Decision> byKey = new TreeMap<>();
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            StoredRecord r;
            while ((r = reader.next()) != null) {
                if (r instanceof StoredEvent e) {
                    Decision d = new Decision(e.streams(), e.ePs(), e.eEcal(), e.eHcal(), e.eVeto(), e.eSrd());
                    // One record per event is the rule; should a key come twice, no stream it entered is lost.
                    byKey.merge(new Key(e.run(), e.spill(), e.event()), d, Decision::or);
                }
            }
        }
        return new Decisions(byKey);
    }

    /** The event's streams, 0 when the store does not hold it. */
    int streams(Key key) {
        Decision d = byKey.get(key);
        return d == null ? 0 : d.streams();
    }

    /** The stored event, or null. */
    Decision get(Key key) {
        return byKey.get(key);
    }

    /** Every stored key, in (run, spill, event) order. */
    Iterable<Key> keys() {
        return byKey.keySet();
    }
}
