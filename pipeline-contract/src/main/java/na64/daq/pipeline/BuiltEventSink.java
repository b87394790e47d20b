package na64.daq.pipeline;


import na64.daq.pipeline.EventView;
import na64.daq.pipeline.SpillSummary;

/**
 * Where the builder hands what it releases: every built event (complete or not, with its trigger
 * decision already in {@link EventView#streams()}) and every closed spill. Called on the builder
 * thread only. The production sink is the store module's {@code StoreSink}; tests may record.
 */
public interface BuiltEventSink {
    /** One released event; the view is only valid during the call. */
    void onEvent(EventView event);

    /** One closed spill. */
    void onSpillClosed(SpillSummary summary);
}
