package na64.daq.testkit;

import na64.daq.pipeline.BuiltEventSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import na64.daq.pipeline.EventView;
import na64.daq.pipeline.SpillSummary;

/**
 * An {@link BuiltEventSink} that copies what the builder releases, so tests can inspect it after the
 * slot was reused. Synchronized, because pipeline tests read it from the test thread. Used by the
 * builder's tests and by whole-pipeline tests that want the built events without a store.
 */
public class RecordingSink implements BuiltEventSink {
    /** One released event, copied out of its slot. */
    public record Built(long run, long spill, long event, boolean complete, boolean misaligned, int streams,
                 int triggerType, List<Integer> missing, List<Integer> fragmentSources,
                 double ePs, double eEcal, double eHcal, double eVeto, double eSrd) {
    }

    private final List<Built> events = new ArrayList<>();
    private final List<SpillSummary> spills = new ArrayList<>();

    @Override
    public synchronized void onEvent(EventView e) {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < e.missingCount(); i++) {
            missing.add(e.missingSource(i));
        }
        List<Integer> present = new ArrayList<>();
        for (int i = 0; i < e.fragmentCount(); i++) {
            present.add(e.fragmentSource(i));
        }
        events.add(new Built(e.run(), e.spill(), e.event(), e.complete(), e.misaligned(), e.streams(),
                e.triggerType(), missing, present, e.ePs(), e.eEcal(), e.eHcal(), e.eVeto(), e.eSrd()));
    }

    @Override
    public synchronized void onSpillClosed(SpillSummary summary) {
        spills.add(summary);
    }

    public synchronized List<Built> events() {
        return new ArrayList<>(events);
    }

    public synchronized List<SpillSummary> spills() {
        return new ArrayList<>(spills);
    }

    /** The released event with this number, if any (tests use one spill at a time). */
    public synchronized Optional<Built> event(long number) {
        return events.stream().filter(b -> b.event() == number).findFirst();
    }

    /** The only spill summary; fails if there is not exactly one. */
    public synchronized SpillSummary onlySpill() {
        if (spills.size() != 1) {
            throw new AssertionError("expected exactly one closed spill, got " + spills);
        }
        return spills.get(0);
    }
}
