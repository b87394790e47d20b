package na64.daq.store;

import na64.daq.pipeline.SpillSummary;

import static na64.daq.store.StoreAssertions.assertSameEvent;
import static na64.daq.store.StoreAssertions.assertSameSpill;
import static na64.daq.store.StoreAssertions.readAll;
import static na64.daq.store.StoreAssertions.spill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import na64.daq.testkit.ManualClock;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void readerTailingALiveStoreSeesEveryRecordInOrder() throws Exception {
        int n = 5000;
        Random rnd = new Random(99);
        List<TestEvent> events = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            events.add(TestEvent.random(rnd, 3, 1 + i / 1000, i));
        }
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        try (EventStore store = EventStore.open(dir, false);
             EventStoreReader reader = EventStoreReader.open(dir)) {
            Thread writer = new Thread(() -> {
                try {
                    for (TestEvent e : events) {
                        store.appendEvent(e);
                    }
                } catch (Throwable t) {
                    writerFailure.set(t);
                }
            }, "store-writer");
            writer.start();
            List<StoredRecord> seen = new ArrayList<>();
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // guard against a hang only
            while (seen.size() < n && writerFailure.get() == null && System.nanoTime() < giveUp) {
                StoredRecord r = reader.next();
                if (r == null) {
                    Thread.onSpinWait(); // caught up with the writer: poll again
                } else {
                    seen.add(r);
                }
            }
            writer.join();
            assertThat(writerFailure.get()).isNull();
            assertThat(seen).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertSameEvent(seen.get(i), events.get(i));
            }
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void reopenedStoreAppendsAfterTheExistingRecords() {
        Random rnd = new Random(8);
        TestEvent first = TestEvent.random(rnd, 5, 1, 1);
        SpillSummary firstSpill = spill(5, 1);
        TestEvent second = TestEvent.random(rnd, 5, 2, 1);
        try (EventStore store = EventStore.open(dir, true)) {
            store.appendEvent(first);
            store.appendSpill(firstSpill);
        }
        try (EventStore store = EventStore.open(dir, true)) {
            assertThat(store.eventsAppended().get()).as("counters are per open").isZero();
            store.appendEvent(second);
        }
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            List<StoredRecord> all = readAll(reader);
            assertThat(all).hasSize(3);
            assertSameEvent(all.get(0), first);
            assertSameSpill(all.get(1), firstSpill);
            assertSameEvent(all.get(2), second);
        }
    }

    @Test
    void closeIsIdempotentAndLaterAppendsAreRefused() {
        EventStore store = EventStore.open(dir, false);
        store.appendEvent(TestEvent.random(new Random(1), 1, 1, 1));
        store.close();
        store.close();
        assertThatThrownBy(() -> store.appendEvent(TestEvent.random(new Random(2), 1, 1, 2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.appendSpill(spill(1, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            assertThat(readAll(reader)).hasSize(1);
        }
    }

    @Test
    void appendHookRunsBeforeEveryAppend() {
        List<Long> eventsAppendedAtHook = new ArrayList<>();
        EventStore[] self = new EventStore[1];
        try (EventStore store = EventStore.open(dir, false,
                () -> eventsAppendedAtHook.add(self[0].eventsAppended().get()))) {
            self[0] = store;
            store.appendEvent(TestEvent.random(new Random(1), 1, 1, 1));
            store.appendEvent(TestEvent.random(new Random(2), 1, 1, 2));
            store.appendSpill(spill(1, 1));
        }
        // One call per append, each seeing the count before its own append was made.
        assertThat(eventsAppendedAtHook).containsExactly(0L, 1L, 2L);
    }

    @Test
    void appendLatencyIsTimedOnTheStoresClock() {
        ManualClock clock = new ManualClock(5_000);
        try (EventStore store = EventStore.open(dir, false, () -> clock.advanceNanos(700), new na64.daq.pipeline.CounterRegistry(), clock)) {
            store.appendEvent(TestEvent.random(new Random(1), 1, 1, 1));
            store.appendSpill(spill(1, 1));

            assertThat(store.lastAppendLatencyNanos().get()).isEqualTo(700);
            assertThat(store.appendNanosTotal().get()).as("the hook's time, on the hand-driven clock").isEqualTo(1400);
        }
    }

    @Test
    void readerOnADirectoryThatIsNotAStoreSaysSo() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> EventStoreReader.open(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an NA64 event store").hasMessageContaining(EventStore.MARKER);

        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> EventStoreReader.open(missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");

        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertThatThrownBy(() -> EventStoreReader.open(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a directory");
        assertThatThrownBy(() -> EventStore.open(file, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a directory");
        assertThat(EventStoreReader.isStore(empty)).isFalse();
    }

    @Test
    void foreignChronicleQueueIsNeitherOpenedForWritingNorDecoded() {
        Path foreign = dir.resolve("foreign");
        writeRawDocuments(foreign, new byte[] {9, 1, 2, 3});
        assertThatThrownBy(() -> EventStore.open(foreign, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an NA64 event store");
        assertThat(EventStoreReader.isStore(foreign)).isFalse();
    }

    @Test
    void undecodableRecordGivesAClearErrorAndReadingContinuesAfterIt() {
        TestEvent before = TestEvent.random(new Random(1), 1, 1, 1);
        TestEvent after = TestEvent.random(new Random(2), 1, 1, 2);
        try (EventStore store = EventStore.open(dir, false)) {
            store.appendEvent(before);
        }
        writeRawDocuments(dir, new byte[] {RecordLayout.KIND_EVENT, 99}, new byte[] {7, 1});
        try (EventStore store = EventStore.open(dir, false)) {
            store.appendEvent(after);
        }
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            assertSameEvent(reader.next(), before);
            assertThatThrownBy(reader::next).isInstanceOf(StoreFormatException.class)
                    .hasMessageContaining("layout version 99 is not supported");
            assertThatThrownBy(reader::next).isInstanceOf(StoreFormatException.class)
                    .hasMessageContaining("unknown record kind 7");
            assertSameEvent(reader.next(), after);
        }
    }

    @Test
    void truncatedRecordIsReportedAsDamaged() {
        byte[] header = new byte[10];
        header[0] = RecordLayout.KIND_EVENT;
        header[1] = RecordLayout.VERSION;
        try (EventStore store = EventStore.open(dir, false)) {
            store.appendEvent(TestEvent.random(new Random(1), 1, 1, 1));
        }
        writeRawDocuments(dir, header);
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            assertThat(reader.next()).isInstanceOf(StoredEvent.class);
            assertThatThrownBy(reader::next).isInstanceOf(StoreFormatException.class)
                    .hasMessageContaining("damaged or truncated");
        }
    }

    /** Appends raw documents with Chronicle directly, bypassing the store's codec. */
    private static void writeRawDocuments(Path queueDir, byte[]... documents) {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(queueDir)
                .rollCycle(EventStore.ROLL_CYCLE).build();
             ExcerptAppender appender = queue.createAppender()) {
            for (byte[] doc : documents) {
                try (DocumentContext dc = appender.writingDocument()) {
                    dc.wire().bytes().write(doc);
                }
            }
        }
    }
}
