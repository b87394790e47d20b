package na64.daq.app;

import java.util.List;
import java.util.function.Consumer;

import na64.daq.pipeline.BuiltEventSink;
import na64.daq.pipeline.EventView;
import na64.daq.pipeline.SpillSummary;

/** The service's sink: the store's, then each closed spill told to the listeners once the store has it. */
final class ListeningSink implements BuiltEventSink {
    private final BuiltEventSink delegate;
    private final List<Consumer<SpillSummary>> listeners;

    /** {@code listeners} is read on the builder thread: a concurrent list, added to from any thread. */
    ListeningSink(BuiltEventSink delegate, List<Consumer<SpillSummary>> listeners) {
        this.delegate = delegate;
        this.listeners = listeners;
    }

    @Override
    public void onEvent(EventView event) {
        delegate.onEvent(event);
    }

    @Override
    public void onSpillClosed(SpillSummary summary) {
        delegate.onSpillClosed(summary);
        for (Consumer<SpillSummary> l : listeners) {
            l.accept(summary);
        }
    }
}
