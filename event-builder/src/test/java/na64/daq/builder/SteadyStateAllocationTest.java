package na64.daq.builder;

import na64.daq.testkit.TestIntake;
import na64.daq.pipeline.BuiltEventSink;
import na64.daq.pipeline.IngestEntry;

import static na64.daq.builder.TestFragments.ALL_SOURCES;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import na64.daq.testkit.ManualClock;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.LittleEndian;
import na64.daq.pipeline.EventView;
import na64.daq.pipeline.SpillSummary;

/**
 * The builder thread handles every fragment: once warmed up it must allocate nothing per fragment
 * or event, also when every ring batch holds a single entry (a consumer that keeps up), so that
 * the batch-end housekeeping runs once per fragment.
 */
class SteadyStateAllocationTest {
    private static final int EVENTS = 20_000;
    private static final long RUN = 31;
    private static final long SPILL = 4;

    @Test
    void buildingEventsAllocatesNothingPerFragmentAfterWarmUp() {
        CountingSink sink = new CountingSink();
        RunConfig config = ConfigLoader.loadDefault();
        EventBuilder builder = new EventBuilder(config, sink, new ManualClock(0), na64.daq.pipeline.NanoClock.SYSTEM, () -> 0L,
                new na64.daq.pipeline.CounterRegistry(config));
        TestIntake intake = new TestIntake(new na64.daq.trigger.Reconstructor(config));
        // One payload per source, built before measuring; event number and trigger time are patched in the entry.
        byte[][] templates = new byte[ALL_SOURCES.length][];
        for (int s = 0; s < ALL_SOURCES.length; s++) {
            int source = ALL_SOURCES[s];
            templates[s] = source == TestFragments.TRIGGER
                    ? TestFragments.fragment(source, RUN, SPILL, 1, FragmentFlyweight.TRIGGER_RANDOM, 0)
                    : TestFragments.fragment(source, RUN, SPILL, 1, FragmentFlyweight.TRIGGER_RANDOM, 0, 0, 50, 1, 20, 8, 100);
        }
        IngestEntry entry = new IngestEntry();
        long[] sequence = {0};

        feed(builder, intake, entry, templates, 1, EVENTS, sequence);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        feed(builder, intake, entry, templates, EVENTS + 1, 2 * EVENTS, sequence);
        long after = threads.getThreadAllocatedBytes(id);

        assertThat(sink.complete).as("the loop did real work").isEqualTo(2 * EVENTS);
        assertThat(builder.counters().inFlight.get()).isZero();
        assertThat((double) (after - before) / EVENTS).as("bytes allocated per event of 5 fragments").isLessThan(8.0);
    }

    /**
     * Feeds events {@code first..last} as single-entry batches, as a consumer that keeps up sees
     * them; each fragment goes through the ingest-side intake (arena copy, checks, reconstruction).
     */
    private static void feed(EventBuilder builder, TestIntake intake, IngestEntry entry, byte[][] templates,
                             long first, long last, long[] seq) {
        for (long e = first; e <= last; e++) {
            for (int s = 0; s < ALL_SOURCES.length; s++) {
                byte[] p = templates[s];
                LittleEndian.putU32(p, 8, e);
                LittleEndian.putU64(p, 16, e * 1000);
                intake.intake(entry, builder.arenas().forSource(ALL_SOURCES[s]), p, 0, p.length);
                entry.receivedNanos = 0;
                builder.onEvent(entry, seq[0]++, true);
            }
        }
    }

    /** Counts without keeping anything. */
    private static final class CountingSink implements BuiltEventSink {
        long complete;

        @Override
        public void onEvent(EventView event) {
            if (event.complete() && event.streams() != 0) {
                complete++;
            }
        }

        @Override
        public void onSpillClosed(SpillSummary summary) {
        }
    }
}
