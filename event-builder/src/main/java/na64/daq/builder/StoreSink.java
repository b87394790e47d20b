package na64.daq.builder;

import na64.daq.store.EventStore;
import na64.daq.store.EventView;
import na64.daq.store.SpillSummary;

/**
 * The pipeline's last hop: writes accepted events (any stream bit set) and, when the run
 * configuration asks for them, incomplete events with their missing sources, then every spill
 * summary, to the Chronicle store.
 */
public final class StoreSink implements EventSink {
    private final EventStore store;
    private final boolean storeIncomplete;

    public StoreSink(EventStore store, boolean storeIncomplete) {
        this.store = store;
        this.storeIncomplete = storeIncomplete;
    }

    @Override
    public void onEvent(EventView event) {
        if (event.streams() != 0 || (storeIncomplete && !event.complete())) {
            store.appendEvent(event);
        }
    }

    @Override
    public void onSpillClosed(SpillSummary summary) {
        store.appendSpill(summary);
    }
}
