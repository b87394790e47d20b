package na64.daq.store;

import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** Field-by-field comparisons of what was appended with what was read back. */
final class StoreAssertions {
    private StoreAssertions() {
    }

    static void assertSameEvent(StoredRecord record, TestEvent e) {
        assertThat(record).isInstanceOf(StoredEvent.class);
        StoredEvent s = (StoredEvent) record;
        assertThat(s.run()).isEqualTo(e.run);
        assertThat(s.spill()).isEqualTo(e.spill);
        assertThat(s.event()).isEqualTo(e.event);
        assertThat(s.triggerType()).isEqualTo(e.triggerType);
        assertThat(s.triggerTimeNs()).isEqualTo(e.triggerTimeNs);
        assertThat(s.flags()).isEqualTo(e.flags);
        assertThat(s.streams()).isEqualTo(e.streams);
        assertThat(s.complete()).isEqualTo(e.complete);
        assertThat(s.misaligned()).isEqualTo(e.misaligned);
        assertThat(bits(s.ePs())).as("ePs").isEqualTo(bits(e.ePs));
        assertThat(bits(s.eEcal())).as("eEcal").isEqualTo(bits(e.eEcal));
        assertThat(bits(s.eHcal())).as("eHcal").isEqualTo(bits(e.eHcal));
        assertThat(bits(s.eVeto())).as("eVeto").isEqualTo(bits(e.eVeto));
        assertThat(bits(s.eSrd())).as("eSrd").isEqualTo(bits(e.eSrd));
        assertThat(s.missingSources()).containsExactly(e.missing);
        assertThat(s.fragments()).hasSize(e.sources.length);
        for (int i = 0; i < e.sources.length; i++) {
            assertThat(s.fragments().get(i).sourceId()).as("fragment %d source", i).isEqualTo(e.sources[i]);
            assertThat(s.fragments().get(i).payload()).as("fragment %d payload", i).isEqualTo(e.payload(i));
        }
    }

    /** Compares doubles bit for bit, so NaN and -0.0 count too. */
    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    static void assertSameSpill(StoredRecord record, SpillSummary expected) {
        assertThat(record).isInstanceOf(StoredSpill.class);
        SpillSummary s = ((StoredSpill) record).summary();
        assertThat(s).usingRecursiveComparison().isEqualTo(expected);
    }

    static List<StoredRecord> readAll(EventStoreReader reader) {
        List<StoredRecord> all = new ArrayList<>();
        for (StoredRecord r = reader.next(); r != null; r = reader.next()) {
            all.add(r);
        }
        return all;
    }

    static SpillSummary spill(long run, long spill) {
        SpillSummary s = new SpillSummary();
        s.run = run;
        s.spill = spill;
        s.triggers = 1000 + spill;
        s.triggersFromTriggerUnit = true;
        s.complete = 990;
        s.incomplete = 10;
        s.duplicates = 3;
        s.late = 2;
        s.misaligned = 1;
        s.protocolErrors = 4;
        s.fragmentsReceived = 4990;
        s.accepted = new long[] {7, 11, 1};
        s.eot = 123_456_789L;
        s.triggersScaler = 1001;
        s.deadTimeNs = 55_000;
        s.missingPerSource.put(3, 6L);
        s.missingPerSource.put(5, 4L);
        s.sourcesNotEnded.add(5);
        s.closeReason = CloseReason.TIMEOUT;
        s.configHash = "sha256:9f86d081884c7d659a2feaa0c55ad015";
        s.beginWallClockNs = 1_700_000_000_000_000_000L + spill;
        s.closedWallClockNs = 1_700_000_015_000_000_000L + spill;
        return s;
    }
}
