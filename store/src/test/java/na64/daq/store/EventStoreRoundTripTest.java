package na64.daq.store;

import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;

import static na64.daq.store.StoreAssertions.assertSameEvent;
import static na64.daq.store.StoreAssertions.assertSameSpill;
import static na64.daq.store.StoreAssertions.readAll;
import static na64.daq.store.StoreAssertions.spill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void eventsReadBackWithEveryFieldAndFragmentPayloadsByteForByte() {
        Random rnd = new Random(42);
        List<TestEvent> written = new ArrayList<>();
        try (EventStore store = EventStore.open(dir, false)) {
            for (int i = 1; i <= 200; i++) {
                TestEvent e = TestEvent.random(rnd, 4242, 7, i);
                store.appendEvent(e);
                written.add(e);
            }
        }
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            List<StoredRecord> read = readAll(reader);
            assertThat(read).hasSize(written.size());
            for (int i = 0; i < read.size(); i++) {
                assertSameEvent(read.get(i), written.get(i));
            }
        }
    }

    @Test
    void extremeFieldValuesSurviveTheRoundTrip() {
        TestEvent e = new TestEvent();
        e.run = 0xFFFF_FFFFL;
        e.spill = 0x8000_0000L;
        e.event = 0xFFFF_FFFEL;
        e.triggerType = 0xFFFF;
        e.triggerTimeNs = -1L;
        e.flags = 0x8000_0001;
        e.streams = 0xFF;
        e.complete = false;
        e.misaligned = true;
        e.ePs = Double.NaN;
        e.eEcal = -0.0;
        e.eHcal = Double.MAX_VALUE;
        e.eVeto = Double.NEGATIVE_INFINITY;
        e.eSrd = Double.MIN_VALUE;
        e.missing = new int[] {1, 2, 3, 65535};
        e.fragments(new Random(1), 3, 0); // empty payloads are legal records
        try (EventStore store = EventStore.open(dir, false)) {
            store.appendEvent(e);
        }
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            assertSameEvent(reader.next(), e);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void incompleteEventKeepsItsMissingSourcesAndOnlyTheFragmentsThatArrived() {
        TestEvent e = TestEvent.random(new Random(3), 1, 2, 3).fragments(new Random(4), 2, 2400);
        e.complete = false;
        e.missing = new int[] {4, 5};
        try (EventStore store = EventStore.open(dir, false)) {
            store.appendEvent(e);
        }
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            StoredEvent read = (StoredEvent) reader.next();
            assertThat(read.complete()).isFalse();
            assertThat(read.missingSources()).containsExactly(4, 5);
            assertSameEvent(read, e);
        }
    }

    @Test
    void spillSummariesReadBackWithEveryField() {
        SpillSummary full = spill(4242, 7);
        SpillSummary bare = new SpillSummary(); // defaults: scalers -1, empty lists, null hash
        bare.run = 4242;
        bare.spill = 8;
        bare.closeReason = CloseReason.SHUTDOWN;
        SpillSummary ended = spill(4242, 9);
        ended.closeReason = CloseReason.ALL_ENDED;
        ended.triggersFromTriggerUnit = false;
        ended.configHash = "ünïcode-hash-✓";
        try (EventStore store = EventStore.open(dir, false)) {
            store.appendSpill(full);
            store.appendSpill(bare);
            store.appendSpill(ended);
        }
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            assertSameSpill(reader.next(), full);
            assertSameSpill(reader.next(), bare);
            assertSameSpill(reader.next(), ended);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void mixedEventsAndSpillsKeepTheirAppendOrder() {
        Random rnd = new Random(7);
        List<Object> written = new ArrayList<>();
        try (EventStore store = EventStore.open(dir, true)) {
            for (int spill = 1; spill <= 5; spill++) {
                for (int ev = 1; ev <= 1 + rnd.nextInt(20); ev++) {
                    TestEvent e = TestEvent.random(rnd, 10, spill, ev);
                    store.appendEvent(e);
                    written.add(e);
                }
                SpillSummary s = spill(10, spill);
                store.appendSpill(s);
                written.add(s);
            }
        }
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            List<StoredRecord> read = readAll(reader);
            assertThat(read).hasSize(written.size());
            for (int i = 0; i < read.size(); i++) {
                if (written.get(i) instanceof TestEvent e) {
                    assertSameEvent(read.get(i), e);
                } else {
                    assertSameSpill(read.get(i), (SpillSummary) written.get(i));
                }
            }
        }
    }

    @Test
    void countersAccountEveryRecordAndItsBytes() {
        Random rnd = new Random(11);
        long expectedBytes = 0;
        try (EventStore store = EventStore.open(dir, false)) {
            for (int i = 1; i <= 10; i++) {
                TestEvent e = TestEvent.random(rnd, 1, 1, i);
                store.appendEvent(e);
                expectedBytes += e.recordLength();
            }
            SpillSummary s = spill(1, 1); // 2 per-source entries, 1 not-ended source, 37-byte hash
            store.appendSpill(s);
            expectedBytes += RecordLayout.SPILL_HEADER + 2 * 10 + 2 + 2 + s.configHash.length();

            assertThat(store.eventsAppended().get()).isEqualTo(10);
            assertThat(store.spillsAppended().get()).isEqualTo(1);
            assertThat(store.bytesAppended().get()).isEqualTo(expectedBytes);
            assertThat(store.appendNanosTotal().get()).isGreaterThanOrEqualTo(store.lastAppendLatencyNanos().get());
            assertThat(store.directory()).isEqualTo(dir);
        }
    }

    @Test
    void outOfRangeValueIsRefusedAndLeavesNoPartialRecord() {
        TestEvent good = TestEvent.random(new Random(5), 1, 1, 1);
        TestEvent badRun = TestEvent.random(new Random(6), 1L << 32, 1, 2);
        TestEvent badSource = TestEvent.random(new Random(7), 1, 1, 3);
        badSource.sources[badSource.sources.length - 1] = 70_000; // fails after the header is written
        try (EventStore store = EventStore.open(dir, false)) {
            assertThatThrownBy(() -> store.appendEvent(badRun))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run");
            assertThatThrownBy(() -> store.appendEvent(badSource))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source id");
            store.appendEvent(good);
            assertThat(store.eventsAppended().get()).isEqualTo(1);
        }
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            assertSameEvent(reader.next(), good);
            assertThat(reader.next()).isNull();
        }
    }
}
