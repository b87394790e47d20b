package na64.daq.store;

import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the raw bytes against the offsets drawn in {@link EventStore}'s Javadoc and the README. */
class RecordLayoutBytesTest {
    @TempDir
    Path dir;

    @Test
    void eventRecordBytesSitAtTheDocumentedOffsets() {
        TestEvent e = new TestEvent();
        e.run = 0xA1A2A3A4L;
        e.spill = 5;
        e.event = 6;
        e.flags = 1;
        e.triggerType = 0x0102;
        e.triggerTimeNs = 0x1122334455667788L;
        e.streams = 0b101;
        e.complete = false;
        e.misaligned = true;
        e.ePs = 1.5;
        e.eSrd = 9.25;
        e.missing = new int[] {3, 4};
        e.sources = new int[] {2};
        e.buffers = new byte[][] {{0, 0, 10, 20, 30}};
        e.offsets = new int[] {2};
        e.lengths = new int[] {3};
        try (EventStore store = EventStore.open(dir, false)) {
            store.appendEvent(e);
        }
        ByteBuffer b = rawDocuments().get(0);
        assertThat(b.limit()).isEqualTo(76 + 2 * 2 + 8 + 3);
        assertThat(b.get(0)).isEqualTo((byte) 1);
        assertThat(b.get(1)).isEqualTo((byte) 1);
        assertThat(b.get(2)).isEqualTo((byte) 0b10);
        assertThat(b.get(3)).isEqualTo((byte) 0b101);
        assertThat(b.getInt(4)).isEqualTo(0xA1A2A3A4);
        assertThat(b.getInt(8)).isEqualTo(5);
        assertThat(b.getInt(12)).isEqualTo(6);
        assertThat(b.getInt(16)).isEqualTo(1);
        assertThat(b.getShort(20)).isEqualTo((short) 0x0102);
        assertThat(b.getShort(22)).isEqualTo((short) 2);
        assertThat(b.getLong(24)).isEqualTo(0x1122334455667788L);
        assertThat(b.getDouble(32)).isEqualTo(1.5);
        assertThat(b.getDouble(64)).isEqualTo(9.25);
        assertThat(b.getShort(72)).isEqualTo((short) 1);
        assertThat(b.getShort(76)).isEqualTo((short) 3);
        assertThat(b.getShort(78)).isEqualTo((short) 4);
        assertThat(b.getShort(80)).isEqualTo((short) 2);
        assertThat(b.getInt(84)).isEqualTo(3);
        assertThat(new byte[] {b.get(88), b.get(89), b.get(90)}).containsExactly(10, 20, 30);
    }

    @Test
    void spillRecordBytesSitAtTheDocumentedOffsets() {
        SpillSummary s = StoreAssertions.spill(4242, 7); // S = 2 entries, N = 1 source, hash ASCII
        try (EventStore store = EventStore.open(dir, false)) {
            store.appendSpill(s);
        }
        ByteBuffer b = rawDocuments().get(0);
        int hashAt = 144 + 10 * 2 + 2 * 1;
        assertThat(b.limit()).isEqualTo(hashAt + 2 + s.configHash.length());
        assertThat(b.get(0)).isEqualTo((byte) 2);
        assertThat(b.get(1)).isEqualTo((byte) 1);
        assertThat(b.get(2)).isEqualTo((byte) CloseReason.TIMEOUT.code());
        assertThat(b.get(3)).isEqualTo((byte) 1);
        assertThat(b.getInt(4)).isEqualTo(4242);
        assertThat(b.getInt(8)).isEqualTo(7);
        assertThat(b.getShort(12)).isEqualTo((short) 2);
        assertThat(b.getShort(14)).isEqualTo((short) 1);
        assertThat(b.getLong(16)).isEqualTo(s.triggers);
        assertThat(b.getLong(72)).isEqualTo(s.fragmentsReceived);
        assertThat(b.getLong(96)).isEqualTo(s.accepted[2]);
        assertThat(b.getLong(104)).isEqualTo(s.eot);
        assertThat(b.getLong(136)).isEqualTo(s.closedWallClockNs);
        assertThat(b.getShort(144)).isEqualTo((short) 3);
        assertThat(b.getLong(146)).isEqualTo(6L);
        assertThat(b.getShort(154)).isEqualTo((short) 5);
        assertThat(b.getShort(164)).isEqualTo((short) 5);
        assertThat(b.getShort(hashAt)).isEqualTo((short) s.configHash.length());
        byte[] hash = new byte[s.configHash.length()];
        b.get(hashAt + 2, hash);
        assertThat(new String(hash, StandardCharsets.UTF_8)).isEqualTo(s.configHash);
    }

    @Test
    void runAndConfigurationRecordBytesSitAtTheDocumentedOffsets() {
        StoredRun run = new StoredRun(StoredRun.Phase.END, 4243, 0x0102030405060708L, "http", "POST /run/stop",
                "abcd", 7, 2);
        try (EventStore store = EventStore.open(dir, false)) {
            store.appendRun(run);
            store.appendRun(new StoredRun(StoredRun.Phase.BEGIN, StoredRun.NO_RUN, 1, "api", "", null, 0, 0));
            store.appendConfig(new StoredConfig("abcd", 9, "beam: {}\n"));
        }
        ByteBuffer b = rawDocuments().get(0);
        assertThat(b.get(0)).isEqualTo((byte) 3);
        assertThat(b.get(1)).isEqualTo((byte) 1);
        assertThat(b.get(2)).as("end").isEqualTo((byte) 1);
        assertThat(b.getInt(4)).isEqualTo(4243);
        assertThat(b.getLong(8)).isEqualTo(0x0102030405060708L);
        assertThat(b.getLong(16)).isEqualTo(7);
        assertThat(b.getLong(24)).isEqualTo(2);
        assertThat(b.getShort(32)).isEqualTo((short) 4);
        assertThat(b.getShort(38)).isEqualTo((short) 4);
        assertThat(b.getShort(44)).isEqualTo((short) "POST /run/stop".length());
        assertThat(b.limit()).isEqualTo(46 + "POST /run/stop".length());

        ByteBuffer begin = rawDocuments().get(1);
        assertThat(begin.get(2)).as("begin").isEqualTo((byte) 0);
        assertThat(begin.getInt(4)).as("no run given").isEqualTo(0xFFFFFFFF);
        assertThat(begin.getShort(32)).as("null hash").isEqualTo((short) 0xFFFF);

        ByteBuffer c = rawDocuments().get(2);
        assertThat(c.get(0)).isEqualTo((byte) 4);
        assertThat(c.get(1)).isEqualTo((byte) 1);
        assertThat(c.getShort(2)).isEqualTo((short) 4);
        assertThat(c.getInt(4)).isEqualTo("beam: {}\n".length());
        assertThat(c.getLong(8)).isEqualTo(9);
        assertThat(c.get(16)).isEqualTo((byte) 'a');
        assertThat(c.get(20)).isEqualTo((byte) 'b');
        assertThat(c.limit()).isEqualTo(20 + "beam: {}\n".length());
    }

    /** Every document of the store as a little-endian buffer starting at the record's first byte. */
    private List<ByteBuffer> rawDocuments() {
        List<ByteBuffer> docs = new ArrayList<>();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(EventStore.ROLL_CYCLE).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return docs;
                    }
                    byte[] bytes = new byte[(int) dc.wire().bytes().readRemaining()];
                    dc.wire().bytes().read(bytes);
                    docs.add(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
                }
            }
        }
    }
}
