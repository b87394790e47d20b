package na64.daq.farm;

import java.util.Arrays;

import na64.daq.pipeline.IngestEntry;

/**
 * Fragment records bound for one partition, packed into one Kafka record so that Kafka's
 * per-record costs (producer, broker, consumer) are paid once per pack, not once per fragment.
 * Layout (little-endian):
 * <pre>
 *  offset size field
 *   0      1   kind     {@link FrameRecord#PACK}
 *   1      3   reserved 0
 *   4      4   count    fragment records that follow
 *   8      .   count x [ 4 bytes: size n ][ n bytes: one {@link FrameRecord} ]
 * </pre>
 * The readout appends fragments in ring order and sends a pack when it is full, at the end of
 * each ring batch, and before any record that goes to every partition (markers, errors, ticks),
 * so every partition still sees its records in the ring's order. One writer thread.
 */
public final class FragmentPack {
    /** A pack is sent once it holds this many bytes. */
    public static final int TARGET_BYTES = 64 * 1024;
    static final int HEADER = 8;

    private byte[] buf = new byte[TARGET_BYTES + 8 * 1024];
    private int length = HEADER;
    private int count;

    /** Appends the fragment record of {@code e} with payload {@code payload[offset, +n)}; true when the pack is full. */
    public boolean add(IngestEntry e, byte[] payload, int offset, int n) {
        int size = FrameRecord.size(e.kind, n);
        if (length + 4 + size > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + 4 + size));
        }
        FrameRecord.putInt(buf, length, size);
        FrameRecord.encodeInto(buf, length + 4, e, 0, payload, offset, n);
        length += 4 + size;
        count++;
        return length >= TARGET_BYTES;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** The pack as a new array for the producer; the pack is empty again. */
    public byte[] take() {
        buf[0] = (byte) FrameRecord.PACK;
        buf[1] = buf[2] = buf[3] = 0;
        FrameRecord.putInt(buf, 4, count);
        byte[] v = Arrays.copyOf(buf, length);
        length = HEADER;
        count = 0;
        return v;
    }

    /** Visits the records of pack {@code v}: {@code visitor.record(at, size)} for each, in order. */
    public static void forEach(byte[] v, RecordVisitor visitor) {
        int n = FrameRecord.getInt(v, 4);
        int at = HEADER;
        for (int i = 0; i < n; i++) {
            int size = FrameRecord.getInt(v, at);
            if (size < 0 || at + 4 + size > v.length) {
                throw new IllegalArgumentException("pack record " + i + " of " + n + " overruns the pack");
            }
            visitor.record(at + 4, size);
            at += 4 + size;
        }
    }

    /** Called for each record of a pack. */
    @FunctionalInterface
    public interface RecordVisitor {
        void record(int at, int size);
    }
}
