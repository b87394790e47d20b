package na64.daq.store;

import na64.daq.pipeline.SpillSummary;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 100_000;

    @TempDir
    Path dir;

    @Test
    void appendingEventsAllocatesNothingInSteadyState() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        long self = Thread.currentThread().getId();
        TestEvent e = TestEvent.random(new Random(17), 9, 1, 1).fragments(new Random(18), 5, 200);
        SpillSummary s = StoreAssertions.spill(9, 1);

        try (EventStore store = EventStore.open(dir, false)) {
            appendEvents(store, e, s, WARM_UP);
            long before = threads.getThreadAllocatedBytes(self);
            appendEvents(store, e, s, MEASURED);
            long allocated = threads.getThreadAllocatedBytes(self) - before;

            assertThat(store.eventsAppended().get()).isEqualTo(WARM_UP + MEASURED);
            assertThat((double) allocated / MEASURED).as("bytes allocated per append").isLessThan(64.0);
        }
    }

    /** Appends {@code n} events, changing the key each time, with a spill record every 10,000 events. */
    private static void appendEvents(EventStore store, TestEvent e, SpillSummary s, int n) {
        for (int i = 0; i < n; i++) {
            e.event = (e.event + 1) & 0xFFFF_FFFFL;
            store.appendEvent(e);
            if (e.event % 10_000 == 0) {
                s.spill++;
                store.appendSpill(s);
            }
        }
    }
}
