package na64.daq.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredSpill;

/** What each {@code dump} / {@code export} criterion keeps. */
class RecordFilterTest {
    private static StoredEvent event(long run, long spill, int streams) {
        return new StoredEvent(run, spill, 7, 1, 100, 0, streams, true, false, 0, 0, 0, 0, 0, new int[0], List.of());
    }

    private static StoredSpill spill(long run, long spill) {
        SpillSummary s = new SpillSummary();
        s.run = run;
        s.spill = spill;
        return new StoredSpill(s);
    }

    @Test
    void runAndSpillSelectEventsAndSummariesAlike() {
        RecordFilter f = new RecordFilter(4243L, 2L, null, null);
        assertThat(f.test(event(4243, 2, 0))).isTrue();
        assertThat(f.test(spill(4243, 2))).isTrue();
        assertThat(f.test(event(4243, 1, 0))).isFalse();
        assertThat(f.test(spill(4244, 2))).isFalse();
        assertThat(new RecordFilter(null, 2L, null, null).test(event(9, 2, 0))).as("spill of any run").isTrue();
    }

    @Test
    void aStreamKeepsItsEventsAndEverySpillSummary() {
        RecordFilter random = new RecordFilter(null, null, "random", null);
        assertThat(random.test(event(1, 1, 0b010))).isTrue();
        assertThat(random.test(event(1, 1, 0b101))).isFalse();
        assertThat(random.test(spill(1, 1))).isTrue();
        assertThat(random.describe()).isEqualTo("stream=random");
    }

    @Test
    void aKindKeepsOnlyThatKind() {
        assertThat(new RecordFilter(null, null, null, RecordFilter.Kind.SPILL).test(event(1, 1, 1))).isFalse();
        assertThat(new RecordFilter(null, null, null, RecordFilter.Kind.EVENT).test(spill(1, 1))).isFalse();
        assertThat(RecordFilter.ALL.describe()).isEqualTo("all");
    }

    @Test
    void anUnknownStreamIsRefused() {
        assertThatThrownBy(() -> new RecordFilter(null, null, "physics", null)).hasMessageContaining("unknown stream 'physics'");
    }
}
