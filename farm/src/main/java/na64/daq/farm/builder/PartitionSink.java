package na64.daq.farm.builder;

import java.util.Set;
import java.util.function.Consumer;

import na64.daq.pipeline.BuiltEventSink;
import na64.daq.pipeline.Counter;
import na64.daq.pipeline.EventView;
import na64.daq.pipeline.SpillSummary;

/**
 * The sink of one partition's event builder: events go to the builder's store through the
 * ordinary {@link na64.daq.store.StoreSink}, except those an earlier owner of the partition
 * already stored (their keys were read from its store when this builder took the partition over):
 * those are counted as deduplicated and not stored again. Spill summaries are this partition's
 * partial summaries and go to the merger.
 */
final class PartitionSink implements BuiltEventSink {
    private final BuiltEventSink store;
    private final Set<EventKey> alreadyStored;
    private final Consumer<SpillSummary> partials;
    /** Rebuilt events not stored because an earlier owner had stored them. */
    final Counter deduplicated;

    PartitionSink(BuiltEventSink store, Set<EventKey> alreadyStored, Consumer<SpillSummary> partials, Counter deduplicated) {
        this.store = store;
        this.alreadyStored = alreadyStored;
        this.partials = partials;
        this.deduplicated = deduplicated;
    }

    @Override
    public void onEvent(EventView e) {
        if (!alreadyStored.isEmpty() && alreadyStored.remove(new EventKey(e.run(), e.spill(), e.event()))) {
            deduplicated.increment();
            return;
        }
        store.onEvent(e);
    }

    @Override
    public void onSpillClosed(SpillSummary summary) {
        partials.accept(summary);
    }
}
