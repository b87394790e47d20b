package na64.daq.farm.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;

class SpillMergeTest {
    private static SpillSummary part(long complete, long incomplete, long accepted0, long dup, long errors) {
        SpillSummary s = new SpillSummary();
        s.run = 4242;
        s.spill = 1;
        s.complete = complete;
        s.incomplete = incomplete;
        s.accepted[0] = accepted0;
        s.duplicates = dup;
        s.protocolErrors = errors;
        s.fragmentsReceived = 5 * (complete + incomplete) + dup;
        s.triggers = 1000;
        s.triggersFromTriggerUnit = true;
        s.eot = 1023;
        s.triggersScaler = 1000;
        s.configHash = "abc";
        s.beginWallClockNs = 17;
        return s;
    }

    @Test
    void countsAddUpAndTheTriggerUnitsValuesAreTakenOnce() {
        SpillSummary a = part(300, 2, 4, 1, 0);
        a.missingPerSource.put(3, 2L);
        SpillSummary b = part(500, 1, 6, 0, 3);
        b.missingPerSource.put(3, 1L);
        b.missingPerSource.put(5, 1L);
        SpillSummary m = SpillMerge.merge(List.of(a, b));
        assertThat(m.complete).isEqualTo(800);
        assertThat(m.incomplete).isEqualTo(3);
        assertThat(m.accepted[0]).isEqualTo(10);
        assertThat(m.duplicates).isEqualTo(1);
        assertThat(m.protocolErrors).isEqualTo(3);
        assertThat(m.fragmentsReceived).isEqualTo(a.fragmentsReceived + b.fragmentsReceived);
        assertThat(m.triggers).isEqualTo(1000);
        assertThat(m.eot).isEqualTo(1023);
        assertThat(m.missingPerSource).containsEntry(3, 3L).containsEntry(5, 1L);
        assertThat(m.closeReason).isEqualTo(CloseReason.ALL_ENDED);
        assertThat(m.configHash).isEqualTo("abc");
        assertThat(m.beginWallClockNs).isEqualTo(17);
    }

    @Test
    void withoutTheTriggerUnitTheHighestEventOfAnyPartitionCounts() {
        SpillSummary a = part(1, 0, 0, 0, 0);
        a.triggersFromTriggerUnit = false;
        a.triggers = 998;
        SpillSummary b = part(1, 0, 0, 0, 0);
        b.triggersFromTriggerUnit = false;
        b.triggers = 1000;
        b.closeReason = CloseReason.TIMEOUT;
        b.sourcesNotEnded.add(1);
        SpillSummary m = SpillMerge.merge(List.of(a, b));
        assertThat(m.triggers).isEqualTo(1000);
        assertThat(m.triggersFromTriggerUnit).isFalse();
        assertThat(m.closeReason).as("the worst reason wins").isEqualTo(CloseReason.TIMEOUT);
        assertThat(m.sourcesNotEnded).containsExactly(1);
    }

    @Test
    void aSpillIsMergedOnceEveryPartitionReportedAndARepeatedPartialIsIgnored() {
        SpillMerge merge = new SpillMerge(15_000);
        assertThat(merge.add(new Partial(0, 3, part(1, 0, 0, 0, 0)), 0)).isEmpty();
        assertThat(merge.add(new Partial(0, 3, part(99, 0, 0, 0, 0)), 1)).as("rebuilt partial of the same partition").isEmpty();
        assertThat(merge.add(new Partial(1, 3, part(2, 0, 0, 0, 0)), 2)).isEmpty();
        List<SpillSummary> done = merge.add(new Partial(2, 3, part(3, 0, 0, 0, 0)), 3);
        assertThat(done).hasSize(1);
        assertThat(done.get(0).complete).as("the first partial of partition 0 counts").isEqualTo(6);
        assertThat(merge.add(new Partial(2, 3, part(3, 0, 0, 0, 0)), 4)).as("after the merge").isEmpty();
        assertThat(merge.repeatedPartials).isEqualTo(2);
    }

    @Test
    void aSpillMissingAPartitionIsMergedAsTimedOutAfterTheTimeout() {
        SpillMerge merge = new SpillMerge(15_000);
        merge.add(new Partial(0, 2, part(5, 0, 0, 0, 0)), 1_000);
        assertThat(merge.expire(15_999)).isEmpty();
        assertThat(merge.missingPartitions()).containsEntry("4242/1", List.of(1));
        List<SpillSummary> late = merge.expire(16_000);
        assertThat(late).hasSize(1);
        assertThat(late.get(0).closeReason).isEqualTo(CloseReason.TIMEOUT);
        assertThat(merge.pendingSpills()).isZero();
    }

    @Test
    void partialsRoundTripThroughTheirJson() {
        SpillSummary s = part(3, 1, 2, 0, 1);
        s.missingPerSource.put(4, 1L);
        s.closeReason = CloseReason.SHUTDOWN;
        Partial back = Partial.decode(new Partial(2, 6, s).encode());
        assertThat(back.partition()).isEqualTo(2);
        assertThat(back.partitions()).isEqualTo(6);
        assertThat(back.summary().toString()).isEqualTo(s.toString());
        assertThat(new Partial(2, 6, s).key()).isEqualTo("4242/1/2");
    }
}
