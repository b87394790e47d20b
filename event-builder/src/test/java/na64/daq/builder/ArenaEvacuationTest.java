package na64.daq.builder;

import na64.daq.testkit.RecordingSink;

import static na64.daq.builder.TestFragments.ALL_SOURCES;
import static na64.daq.builder.TestFragments.TRIGGER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;

/**
 * A source far ahead of the others crowds its arena: the builder moves the oldest held fragments
 * into their slots and releases them, and every event is still built exactly once, complete.
 */
class ArenaEvacuationTest {
    private static final RunConfig SMALL = ConfigLoader.parse(
            "builder: {maxInFlightEvents: 64, buildTimeoutMs: 60000, spillTimeoutMs: 60000}\n", "evacuation test");

    @Test
    void aSourceRunningAheadIsEvacuatedAndEveryEventIsBuiltOnceComplete() {
        BuilderDriver d = new BuilderDriver(SMALL);
        d.beginOfSpill(ALL_SOURCES);
        int events = 60; // within the table; big trigger fragments (16,000 channels, 96 KB) fill half its 4 MiB arena
        int[] channels = new int[2 * 16_000];
        for (int c = 0; c < 16_000; c++) {
            channels[2 * c] = c;
            channels[2 * c + 1] = 1;
        }
        for (long e = 1; e <= events; e++) {
            d.fragment(TRIGGER, e, na64.daq.protocol.FragmentFlyweight.TRIGGER_RANDOM, e * BuilderDriver.TIME_STEP, channels);
        }
        for (long e = 1; e <= events; e++) {
            d.fragments(e, 2, 3, 4, 5);
        }
        d.endOfSpill(events, ALL_SOURCES);

        assertThat(d.counters().evacuatedFragments.get()).as("the trigger unit's arena was crowded").isPositive();
        assertThat(d.sink.events()).hasSize(events).allSatisfy(b -> assertThat(b.complete()).isTrue());
        assertThat(d.sink.events()).extracting(RecordingSink.Built::event).doesNotHaveDuplicates();
    }
}
