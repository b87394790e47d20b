package na64.daq.store;

import na64.daq.pipeline.BuiltEventSink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.store.EventStore;
import na64.daq.pipeline.EventView;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoreGuard;

/**
 * The pipeline's last hop: writes accepted events (any stream bit set) and, when the run
 * configuration asks for them, incomplete events with their missing sources, then every spill
 * summary, to the Chronicle store. A store that cannot write ({@link StoreGuard}) holds the builder
 * here, which is backpressure all the way to the front-ends; once the service stops, what could not
 * be stored is counted, and each spill summary that could not be stored is written to the log in full.
 */
public final class StoreSink implements BuiltEventSink {
    private static final Logger LOG = LoggerFactory.getLogger(StoreSink.class);

    private final EventStore store;
    private final boolean storeIncomplete;
    private final StoreGuard guard;

    public StoreSink(EventStore store, boolean storeIncomplete) {
        this.store = store;
        this.storeIncomplete = storeIncomplete;
        this.guard = store.guard();
    }

    @Override
    public void onEvent(EventView event) {
        if (event.streams() != 0 || (storeIncomplete && !event.complete())) {
            if (guard.beforeAppend(store.bytesAppended().get()) && append(event, null)) {
                return;
            }
            guard.eventsNotStored.increment();
        }
    }

    @Override
    public void onSpillClosed(SpillSummary summary) {
        if (guard.beforeAppend(store.bytesAppended().get()) && append(null, summary)) {
            return;
        }
        guard.spillsNotStored.increment();
        LOG.error("spill summary NOT stored (store failed: {}): {}", guard.failure(), summary);
    }

    /** True when stored; false when the append failed, after the guard has held the builder until the stop. */
    private boolean append(EventView event, SpillSummary summary) {
        try {
            if (event != null) {
                store.appendEvent(event);
            } else {
                store.appendSpill(summary);
            }
            return true;
        } catch (IllegalArgumentException badValue) {
            throw badValue; // a bad record, not a bad store: counted by the builder's exception handler
        } catch (RuntimeException | InternalError e) {
            // A full disk under the memory-mapped queue surfaces as InternalError (an unsafe access fault).
            guard.appendFailed(e);
            return false;
        }
    }
}
