package na64.daq.farm.builder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpillTrackerTest {
    private static final SpillKey S1 = new SpillKey(7, 1);
    private static final SpillKey S2 = new SpillKey(7, 2);

    @Test
    void commitPointStaysAtTheFirstRecordOfTheOldestOpenSpill() {
        SpillTracker t = new SpillTracker(100, null);
        t.seen(S1, 100);
        t.consumed(100);
        t.seen(S1, 101);
        t.consumed(101);
        assertThat(t.commitOffset()).isEqualTo(100);
        t.seen(S2, 102);
        t.consumed(102);
        t.closed(S1);
        assertThat(t.commitOffset()).as("S1 summarised, S2 still needs its records").isEqualTo(102);
        assertThat(t.below()).isEqualTo(S2);
        t.closed(S2);
        assertThat(t.commitOffset()).as("nothing open: everything read may be committed").isEqualTo(103);
        assertThat(t.below()).as("after both: spills up to S2 are done").isEqualTo(new SpillKey(7, 3));
    }

    @Test
    void aRecordOfAClosedSpillDoesNotReopenIt() {
        SpillTracker t = new SpillTracker(0, null);
        t.seen(S1, 0);
        t.consumed(0);
        t.closed(S1);
        t.seen(S1, 1); // a straggler after the close: counted by the builder, needs no commit hold
        t.consumed(1);
        assertThat(t.openSpills()).isZero();
        assertThat(t.commitOffset()).isEqualTo(2);
    }

    @Test
    void aRebuildSkipsSpillsBeforeTheCommittedOne() {
        SpillTracker t = new SpillTracker(50, S2);
        assertThat(t.skips(S1)).isTrue();
        assertThat(t.skips(S2)).isFalse();
        assertThat(t.skips(new SpillKey(8, 0))).isFalse();
        t.seen(S1, 50);
        assertThat(t.openSpills()).as("a skipped spill is not opened").isZero();
    }
}
