package na64.daq.builder;

import static na64.daq.builder.TestFragments.ALL_SOURCES;
import static na64.daq.builder.TestFragments.ECAL_MAIN;
import static na64.daq.builder.TestFragments.ECAL_PS;
import static na64.daq.builder.TestFragments.HCAL;
import static na64.daq.builder.TestFragments.TRIGGER;
import static na64.daq.builder.TestFragments.VETO_SRD;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;

import org.junit.jupiter.api.Test;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;

/**
 * Memory for events being assembled is bounded by {@code builder.maxInFlightEvents}: when a new
 * event needs room, the oldest one is released early (incomplete), and the eviction is counted.
 */
class InFlightBoundTest {
    private static final RunConfig SMALL_TABLE = ConfigLoader.parse("builder:\n  maxInFlightEvents: 64\n", "test overlay");

    @Test
    void eventBeyondTheInFlightBoundEvictsTheOldestEventAsIncompleteAndCountsIt() {
        BuilderDriver d = new BuilderDriver(SMALL_TABLE);
        d.beginOfSpill(ALL_SOURCES);
        // Only the trigger unit runs ahead; the digitizers could still send every one of these events.
        for (long e = 1; e <= 64; e++) {
            d.fragments(e, TRIGGER);
        }
        assertThat(d.sink.events()).isEmpty();
        assertThat(d.counters().inFlight.get()).isEqualTo(64);

        d.fragments(65, TRIGGER);

        assertThat(d.sink.events()).singleElement().satisfies(e -> {
            assertThat(e.event()).as("the oldest event goes first").isEqualTo(1);
            assertThat(e.complete()).isFalse();
            assertThat(e.missing()).containsExactly(ECAL_PS, ECAL_MAIN, HCAL, VETO_SRD);
        });
        assertThat(d.counters().evictedEvents.get()).isEqualTo(1);
        assertThat(d.counters().inFlight.get()).isEqualTo(64);
    }

    @Test
    void eventsWithinTheBoundAreNotEvictedAndCompleteNormally() {
        BuilderDriver d = new BuilderDriver(SMALL_TABLE);
        d.beginOfSpill(ALL_SOURCES);
        for (long e = 1; e <= 64; e++) {
            d.fragments(e, TRIGGER, ECAL_PS, ECAL_MAIN, HCAL);
        }
        for (long e = 1; e <= 64; e++) {
            d.fragments(e, VETO_SRD);
        }
        for (long e = 65; e <= 200; e++) {
            d.fragments(e, ALL_SOURCES);
        }

        assertThat(d.sink.events()).hasSize(200).allSatisfy(e -> assertThat(e.complete()).isTrue());
        assertThat(d.counters().evictedEvents.get()).isZero();
        assertThat(d.counters().inFlight.get()).isZero();
    }

    @Test
    void evictingTheOnlyWaitingEventWhenTheActivationQueueHoldsOnlyReleasedEventsDoesNotFail() throws Exception {
        BuilderDriver d = new BuilderDriver(SMALL_TABLE);
        long spillA = BuilderDriver.SPILL;
        long spillB = spillA + 1;
        // Spill A: event 1 waits for VETO-SRD, which never joins spill A (it was reconnecting) but does join spill B.
        d.beginOfSpill(TRIGGER, ECAL_PS, ECAL_MAIN, HCAL);
        d.fragments(1, TRIGGER, ECAL_PS, ECAL_MAIN, HCAL);
        EventTable table = tableOf(d.builder);
        EventSlot waiting = table.slotFor(BuilderDriver.RUN, spillA, 1);
        // Spill B: events complete one after the other behind the waiting one, leaving released entries in the
        // activation FIFO (twice the table's 64 slots); they avoid the waiting event's slot until the FIFO is full.
        int completed = 0;
        long e = 0;
        while (completed < 2 * 64 - 1) {
            e++;
            if (table.slotFor(BuilderDriver.RUN, spillB, e) != waiting) {
                d.fragmentsOfSpill(spillB, e, ALL_SOURCES);
                completed++;
            }
        }
        do {
            e++;
        } while (table.slotFor(BuilderDriver.RUN, spillB, e) != waiting);

        d.fragmentsOfSpill(spillB, e, ALL_SOURCES);

        assertThat(d.sink.events()).hasSize(completed + 2);
        assertThat(d.sink.events()).filteredOn(b -> b.spill() == spillA).singleElement().satisfies(b -> {
            assertThat(b.complete()).isFalse();
            assertThat(b.missing()).containsExactly(VETO_SRD);
        });
        assertThat(d.sink.events()).filteredOn(b -> b.spill() == spillB)
                .hasSize(completed + 1).allSatisfy(b -> assertThat(b.complete()).isTrue());
        assertThat(d.counters().evictedEvents.get()).isEqualTo(1);
        assertThat(d.counters().inFlight.get()).isZero();
    }

    private static EventTable tableOf(EventBuilder builder) throws ReflectiveOperationException {
        Field f = EventBuilder.class.getDeclaredField("table");
        f.setAccessible(true);
        return (EventTable) f.get(builder);
    }
}
