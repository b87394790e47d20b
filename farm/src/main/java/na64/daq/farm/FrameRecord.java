package na64.daq.farm;

import na64.daq.pipeline.IngestEntry;

/**
 * The value of one record of the frames topic: one ring entry of the readout, as the builder's
 * ring entry will be again. Little-endian, like the wire format.
 *
 * <pre>
 *  offset size field
 *   0      1   kind          IngestEntry kind (1 FRAGMENT .. 4 PROTOCOL_ERROR), {@link #TICK}, {@link #SHUTDOWN} or {@link #PACK}
 *   1      1   flags         bit 0 {@link #FLAG_COUNTED}: this copy of a PROTOCOL_ERROR is the one that counts
 *   2      2   sourceId      u16
 *   4      4   reserved      0
 *   8      8   receivedNanos the readout's pipeline clock when the frame was decoded (it stands
 *                            still while the readout applies backpressure)
 *  FRAGMENT only, the energies the readout's ingest reconstructed (spec §7, MeV, IEEE double):
 *  16      8   ps           24  8  ecalMain    32  8  hcal    40  8  veto    48  8  srd
 *  H       n   payload       the frame payload exactly as received (FRAGMENT: H = 56;
 *                            BEGIN/END_OF_SPILL: H = 16; none for the other kinds)
 * </pre>
 * Fragments travel packed: a Kafka record of kind {@link #PACK} holds several fragment records
 * of one partition ({@link FragmentPack}).
 * The builder trusts the readout's checks (CRC, shape, channel count) and its reconstruction: the
 * fragment's header fields are read from the payload, the energies from the record.
 */
public final class FrameRecord {
    /**
     * The readout's pipeline time moved on with nothing to send: a builder's ring entry of this kind
     * carries only its time (the builder ignores the kind and polls its timeouts).
     */
    public static final int TICK = 5;
    /** Readout stopped: every open spill of the partition closes as closed by shutdown. */
    public static final int SHUTDOWN = 6;
    /** Several FRAGMENT records for one partition in one Kafka record, in ring order (see {@link FragmentPack}). */
    public static final int PACK = 7;
    public static final int FLAG_COUNTED = 1;
    static final int KIND = 0;
    static final int FLAGS = 1;
    static final int SOURCE_ID = 2;
    static final int RECEIVED_NANOS = 8;
    static final int ENERGIES = 16;
    public static final int HEADER = 16;
    public static final int FRAGMENT_HEADER = 56;

    private FrameRecord() {
    }

    /**
     * Encodes {@code e} with {@code flags}; {@code payload[offset, +length)} is the frame payload
     * (the arena copy for a FRAGMENT, {@code e.payload} for a marker). A new array, for the producer.
     */
    public static byte[] encode(IngestEntry e, int flags, byte[] payload, int offset, int length) {
        byte[] v = new byte[size(e.kind, length)];
        encodeInto(v, 0, e, flags, payload, offset, length);
        return v;
    }

    /** Bytes of the record of an entry of {@code kind} with a payload of {@code length}. */
    public static int size(int kind, int length) {
        return (kind == IngestEntry.FRAGMENT ? FRAGMENT_HEADER : HEADER) + length;
    }

    /** As {@link #encode}, into {@code v} at {@code at} (room for {@link #size} bytes); returns the size. */
    public static int encodeInto(byte[] v, int at, IngestEntry e, int flags, byte[] payload, int offset, int length) {
        int header = e.kind == IngestEntry.FRAGMENT ? FRAGMENT_HEADER : HEADER;
        v[at + KIND] = (byte) e.kind;
        v[at + FLAGS] = (byte) flags;
        putShort(v, at + SOURCE_ID, e.sourceId);
        v[at + 4] = 0; // reserved
        v[at + 5] = 0;
        v[at + 6] = 0;
        v[at + 7] = 0;
        putLong(v, at + RECEIVED_NANOS, e.receivedNanos);
        if (e.kind == IngestEntry.FRAGMENT) {
            putLong(v, at + ENERGIES, Double.doubleToRawLongBits(e.ps));
            putLong(v, at + ENERGIES + 8, Double.doubleToRawLongBits(e.ecalMain));
            putLong(v, at + ENERGIES + 16, Double.doubleToRawLongBits(e.hcal));
            putLong(v, at + ENERGIES + 24, Double.doubleToRawLongBits(e.veto));
            putLong(v, at + ENERGIES + 32, Double.doubleToRawLongBits(e.srd));
        }
        System.arraycopy(payload, offset, v, at + header, length);
        return header + length;
    }

    /** A control record without payload (TICK, SHUTDOWN) at pipeline time {@code nanos}. */
    public static byte[] control(int kind, long nanos) {
        byte[] v = new byte[HEADER];
        v[KIND] = (byte) kind;
        putLong(v, RECEIVED_NANOS, nanos);
        return v;
    }

    /**
     * Decodes the common fields of {@code v} into the reusable {@code e}: kind, source, times,
     * error reason, and for a FRAGMENT its energies; a marker's payload is copied into
     * {@code e.payload}, a fragment's is left in {@code v} at {@link #payloadOffset}. Returns the flags.
     */
    public static int decode(byte[] v, IngestEntry e) {
        return decode(v, 0, v.length, e);
    }

    /** As {@link #decode(byte[], IngestEntry)} for the record at {@code v[at, +size)} (inside a {@link #PACK}). */
    public static int decode(byte[] v, int at, int size, IngestEntry e) {
        if (size < HEADER) {
            throw new IllegalArgumentException("frame record of " + size + " bytes, shorter than its header");
        }
        e.kind = v[at + KIND];
        e.sourceId = getShort(v, at + SOURCE_ID);
        e.receivedNanos = getLong(v, at + RECEIVED_NANOS);
        if (e.kind == IngestEntry.FRAGMENT) {
            if (size < FRAGMENT_HEADER) {
                throw new IllegalArgumentException("fragment record of " + size + " bytes, shorter than its header");
            }
            e.ps = Double.longBitsToDouble(getLong(v, at + ENERGIES));
            e.ecalMain = Double.longBitsToDouble(getLong(v, at + ENERGIES + 8));
            e.hcal = Double.longBitsToDouble(getLong(v, at + ENERGIES + 16));
            e.veto = Double.longBitsToDouble(getLong(v, at + ENERGIES + 24));
            e.srd = Double.longBitsToDouble(getLong(v, at + ENERGIES + 32));
            e.length = size - FRAGMENT_HEADER;
        } else {
            e.length = size - HEADER;
            System.arraycopy(v, at + HEADER, e.ensureCapacity(e.length), 0, e.length);
        }
        return v[at + FLAGS];
    }

    /** Where the frame payload starts in a record of {@code kind}. */
    public static int payloadOffset(int kind) {
        return kind == IngestEntry.FRAGMENT ? FRAGMENT_HEADER : HEADER;
    }

    /** The kind of an encoded record. */
    public static int kind(byte[] v) {
        return v[KIND];
    }

    static void putInt(byte[] b, int at, int x) {
        putShort(b, at, x & 0xFFFF);
        putShort(b, at + 2, x >>> 16);
    }

    static int getInt(byte[] b, int at) {
        return getShort(b, at) | getShort(b, at + 2) << 16;
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
