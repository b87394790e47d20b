package na64.daq.farm;

import na64.daq.builder.IngestEntry;

/**
 * The value of one record of the frames topic: one ring entry of the readout, as the builder's
 * ring entry will be again. Little-endian, like the wire format.
 *
 * <pre>
 *  offset size field
 *   0      1   kind          IngestEntry kind (1 FRAGMENT .. 5 TICK) or {@link #SHUTDOWN}
 *   1      1   flags         bit 0 {@link #FLAG_COUNTED}: this copy of a PROTOCOL_ERROR is the one that counts
 *   2      2   sourceId      u16
 *   4      2   errorReason   ProtocolError ordinal (PROTOCOL_ERROR only)
 *   6      2   reserved      0
 *   8      8   receivedNanos the readout's pipeline clock when the frame was decoded (it stands
 *                            still while the readout applies backpressure)
 *  16      n   payload       the frame payload exactly as received (FRAGMENT, BEGIN/END_OF_SPILL)
 * </pre>
 */
public final class FrameRecord {
    /** Readout stopped: every open spill of the partition closes as closed by shutdown. */
    public static final int SHUTDOWN = 6;
    public static final int FLAG_COUNTED = 1;
    static final int KIND = 0;
    static final int FLAGS = 1;
    static final int SOURCE_ID = 2;
    static final int ERROR_REASON = 4;
    static final int RECEIVED_NANOS = 8;
    public static final int HEADER = 16;

    private FrameRecord() {
    }

    /** Encodes {@code e} (any kind) with {@code flags}; a new array, handed to the producer. */
    public static byte[] encode(IngestEntry e, int flags) {
        byte[] v = new byte[HEADER + e.length];
        v[KIND] = (byte) e.kind;
        v[FLAGS] = (byte) flags;
        putShort(v, SOURCE_ID, e.sourceId);
        putShort(v, ERROR_REASON, e.errorReason);
        putLong(v, RECEIVED_NANOS, e.receivedNanos);
        System.arraycopy(e.payload, 0, v, HEADER, e.length);
        return v;
    }

    /** A control record without payload (TICK, SHUTDOWN) at pipeline time {@code nanos}. */
    public static byte[] control(int kind, long nanos) {
        byte[] v = new byte[HEADER];
        v[KIND] = (byte) kind;
        putLong(v, RECEIVED_NANOS, nanos);
        return v;
    }

    /** Decodes {@code v} into the reusable {@code e}; returns the record's flags. */
    public static int decode(byte[] v, IngestEntry e) {
        if (v.length < HEADER) {
            throw new IllegalArgumentException("frame record of " + v.length + " bytes, shorter than its header");
        }
        e.kind = v[KIND];
        e.sourceId = getShort(v, SOURCE_ID);
        e.errorReason = getShort(v, ERROR_REASON);
        e.receivedNanos = getLong(v, RECEIVED_NANOS);
        e.length = v.length - HEADER;
        System.arraycopy(v, HEADER, e.ensureCapacity(e.length), 0, e.length);
        return v[FLAGS];
    }

    /** The kind of an encoded record. */
    public static int kind(byte[] v) {
        return v[KIND];
    }

    private static void putShort(byte[] b, int at, int x) {
        b[at] = (byte) x;
        b[at + 1] = (byte) (x >>> 8);
    }

    private static int getShort(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static void putLong(byte[] b, int at, long x) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (x >>> (8 * i));
        }
    }

    private static long getLong(byte[] b, int at) {
        long x = 0;
        for (int i = 7; i >= 0; i--) {
            x = x << 8 | (b[at + i] & 0xFF);
        }
        return x;
    }
}
