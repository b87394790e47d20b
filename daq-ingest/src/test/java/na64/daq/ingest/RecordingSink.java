package na64.daq.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import na64.daq.pipeline.BuiltEventSink;
import na64.daq.pipeline.EventView;
import na64.daq.pipeline.SpillSummary;

/** Records what the builder releases (copied, since slots are reused), for reading from the test thread. */
class RecordingSink implements BuiltEventSink {
    /** One released event. */
    record Built(long event, boolean complete, List<Integer> missing) {
    }

    private final List<Built> events = new ArrayList<>();
    private final List<SpillSummary> spills = new ArrayList<>();

    @Override
    public synchronized void onEvent(EventView e) {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < e.missingCount(); i++) {
            missing.add(e.missingSource(i));
        }
        events.add(new Built(e.event(), e.complete(), missing));
    }

    @Override
    public synchronized void onSpillClosed(SpillSummary summary) {
        spills.add(summary);
    }

    synchronized List<Built> events() {
        return new ArrayList<>(events);
    }

    synchronized List<SpillSummary> spills() {
        return new ArrayList<>(spills);
    }

    synchronized Optional<Built> event(long number) {
        return events.stream().filter(b -> b.event() == number).findFirst();
    }
}
