package na64.daq.farm.builder;

import java.util.Set;
import java.util.function.Consumer;

import na64.daq.builder.EventSink;
import na64.daq.common.Counter;
import na64.daq.store.EventView;
import na64.daq.store.SpillSummary;

/**
 * The sink of one partition's event builder: events go to the builder's store through the
 * ordinary {@link na64.daq.builder.StoreSink}, except those an earlier owner of the partition
 * already stored (their keys were read from its store when this builder took the partition over):
 * those are counted as deduplicated and not stored again. Spill summaries are this partition's
 * partial summaries and go to the merger.
 */
final class PartitionSink implements EventSink {
    private final EventSink store;
    private final Set<EventKey> alreadyStored;
    private final Consumer<SpillSummary> partials;
    /** Rebuilt events not stored because an earlier owner had stored them. */
    final Counter deduplicated;

    PartitionSink(EventSink store, Set<EventKey> alreadyStored, Consumer<SpillSummary> partials, Counter deduplicated) {
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
