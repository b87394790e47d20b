package na64.daq.app.dataout;

import na64.daq.testkit.Samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqMain;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredSpill;

/**
 * Acceptance 2 of issue 13: the stored events of the replayed faulty sample, exported with
 * {@code daq export --format na64raw} and replayed into a second service, are stored again the
 * same: keys, streams, energies, completeness, missing sources and every fragment byte for byte;
 * the spills keep their accepted counts, missing fragments per source, triggers and EOT.
 */
class RawExportReplayTest {
    @TempDir
    Path dir;

    @Test
    void theExportedRecordingReplaysToTheSameStoredEvents() throws Exception {
        Path first = dir.resolve("first");
        ReplayedStores.replay(Samples.dir().resolve("faulty-spill.na64raw"), first);
        Path raw = dir.resolve("accepted.na64raw");
        assertThat(DaqMain.run("export", "--store", first.toString(), "--format", "na64raw", "--out", raw.toString())).isZero();

        Path second = dir.resolve("second");
        ReplayedStores.replay(raw, second);

        List<StoredEvent> before = events(ReplayedStores.records(first));
        List<StoredEvent> after = events(ReplayedStores.records(second));
        assertThat(before).hasSizeGreaterThan(100).anyMatch(e -> !e.complete());
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            StoredEvent b = before.get(i);
            StoredEvent a = after.stream().filter(e -> e.run() == b.run() && e.spill() == b.spill() && e.event() == b.event())
                    .findFirst().orElseThrow(() -> new AssertionError("event " + b.spill() + "/" + b.event() + " not replayed"));
            assertThat(a.streams()).isEqualTo(b.streams());
            assertThat(a.complete()).isEqualTo(b.complete());
            assertThat(a.missingSources()).isEqualTo(b.missingSources());
            assertThat(new double[] {a.ePs(), a.eEcal(), a.eHcal(), a.eVeto(), a.eSrd()})
                    .isEqualTo(new double[] {b.ePs(), b.eEcal(), b.eHcal(), b.eVeto(), b.eSrd()});
            assertThat(a.triggerType()).isEqualTo(b.triggerType());
            assertThat(a.triggerTimeNs()).isEqualTo(b.triggerTimeNs());
            assertThat(a.fragments()).hasSameSizeAs(b.fragments());
            for (int k = 0; k < b.fragments().size(); k++) {
                StoredEvent.Fragment fb = b.fragments().get(k);
                assertThat(a.fragments()).anySatisfy(fa -> {
                    assertThat(fa.sourceId()).isEqualTo(fb.sourceId());
                    assertThat(fa.payload()).isEqualTo(fb.payload());
                });
            }
        }

        List<JsonNode> spillsBefore = ParquetExportTest.kind(ReplayedStores.dump(first), "spill");
        List<JsonNode> spillsAfter = ParquetExportTest.kind(ReplayedStores.dump(second), "spill");
        assertThat(spillsAfter).hasSameSizeAs(spillsBefore).hasSize(2);
        for (int i = 0; i < spillsBefore.size(); i++) {
            for (String f : List.of("run", "spill", "accepted", "incomplete", "missing_per_source", "triggers", "eot",
                    "triggers_scaler", "begin_wall_clock_ns", "config_hash", "closed_by")) {
                assertThat(spillsAfter.get(i).get(f)).as(f).isEqualTo(spillsBefore.get(i).get(f));
            }
        }
    }

    private static List<StoredEvent> events(List<StoredRecord> records) {
        assertThat(records).anyMatch(StoredSpill.class::isInstance);
        return records.stream().filter(StoredEvent.class::isInstance).map(StoredEvent.class::cast).toList();
    }
}
