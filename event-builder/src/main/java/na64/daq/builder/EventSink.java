package na64.daq.builder;

import na64.daq.store.EventView;
import na64.daq.store.SpillSummary;

/**
 * Where the builder hands what it releases: every built event (complete or not, with its trigger
 * decision already in {@link EventView#streams()}) and every closed spill. Called on the builder
 * thread only. The production sink is {@link StoreSink}; tests may record.
 */
public interface EventSink {
    /** One released event; the view is only valid during the call. */
    void onEvent(EventView event);

    /** One closed spill. */
    void onSpillClosed(SpillSummary summary);

    /** Called at the end of each ring batch, so a sink may batch its own I/O. */
    default void onBatchEnd() {
    }
}
