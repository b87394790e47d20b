package na64.daq.protocol;

/**
 * BEGIN_OF_SPILL (spec §2) and END_OF_SPILL (spec §5) payloads, read and written in place. They
 * share their first 8 bytes.
 *
 * <pre>
 * BEGIN_OF_SPILL (16 bytes, BEGIN_LENGTH)
 *  offset size  field            constant
 *       0  u32  run              RUN_OFFSET
 *       4  u32  spill            SPILL_OFFSET
 *       8  u64  wall-clock ns    WALL_CLOCK_OFFSET       since the Unix epoch
 *
 * END_OF_SPILL (16 + 16K bytes)
 *       0  u32  run              RUN_OFFSET
 *       4  u32  spill            SPILL_OFFSET
 *       8  u32  triggers         TRIGGERS_OFFSET
 *      12  u16  scaler count K   SCALER_COUNT_OFFSET
 *      14  u16  reserved         END_RESERVED_OFFSET
 *      16       K scalers (END_HEADER_LENGTH), SCALER_LENGTH = 16 bytes each:
 *         0  u16  id             SCALER_ID_OFFSET        1 EOT, 2 triggers, 3 dead time (ns)
 *         2  u16  reserved
 *         4  u32  reserved
 *         8  u64  value          SCALER_VALUE_OFFSET
 * </pre>
 */
public final class SpillMarkerFlyweight {
    public static final int RUN_OFFSET = 0;
    public static final int SPILL_OFFSET = 4;
    public static final int WALL_CLOCK_OFFSET = 8;
    public static final int BEGIN_LENGTH = 16;

    public static final int TRIGGERS_OFFSET = 8;
    public static final int SCALER_COUNT_OFFSET = 12;
    public static final int END_RESERVED_OFFSET = 14;
    public static final int END_HEADER_LENGTH = 16;
    public static final int SCALER_ID_OFFSET = 0;
    public static final int SCALER_VALUE_OFFSET = 8;
    public static final int SCALER_LENGTH = 16;

    public static final int SCALER_EOT = 1;
    public static final int SCALER_TRIGGERS = 2;
    public static final int SCALER_DEAD_TIME_NS = 3;

    private byte[] b;
    private int base;
    private int length;

    /** Points at a payload of {@code length} bytes at {@code offset}; validate before reading fields. */
    public SpillMarkerFlyweight wrap(byte[] buffer, int offset, int length) {
        this.b = buffer;
        this.base = offset;
        this.length = length;
        return this;
    }

    /** {@code null} when this is a well-formed BEGIN_OF_SPILL payload, else the reason. */
    public String validateBegin() {
        return length == BEGIN_LENGTH ? null : "BEGIN_OF_SPILL payload of " + length + " bytes (must be 16)";
    }

    /** {@code null} when this is a well-formed END_OF_SPILL payload, else the reason. */
    public String validateEnd() {
        if (length < END_HEADER_LENGTH) {
            return "END_OF_SPILL payload of " + length + " bytes is shorter than 16";
        }
        int expected = END_HEADER_LENGTH + SCALER_LENGTH * scalerCount();
        return expected == length ? null
                : "END_OF_SPILL with " + scalerCount() + " scalers needs " + expected + " bytes, payload has " + length;
    }

    public long run() {
        return LittleEndian.u32(b, base + RUN_OFFSET);
    }

    public long spill() {
        return LittleEndian.u32(b, base + SPILL_OFFSET);
    }

    /** BEGIN_OF_SPILL only: wall-clock time in ns since the Unix epoch. */
    public long wallClockNs() {
        return LittleEndian.u64(b, base + WALL_CLOCK_OFFSET);
    }

    /** END_OF_SPILL only: triggers counted by the source. */
    public long triggers() {
        return LittleEndian.u32(b, base + TRIGGERS_OFFSET);
    }

    /** END_OF_SPILL only. */
    public int scalerCount() {
        return LittleEndian.u16(b, base + SCALER_COUNT_OFFSET);
    }

    public int scalerId(int i) {
        return LittleEndian.u16(b, scalerOffset(base, i) + SCALER_ID_OFFSET);
    }

    public long scalerValue(int i) {
        return LittleEndian.u64(b, scalerOffset(base, i) + SCALER_VALUE_OFFSET);
    }

    /** Value of scaler {@code id}, or {@code missing} if the source did not send it. */
    public long scaler(int id, long missing) {
        for (int i = 0, n = scalerCount(); i < n; i++) {
            if (scalerId(i) == id) {
                return scalerValue(i);
            }
        }
        return missing;
    }

    private static int scalerOffset(int payload, int i) {
        return payload + END_HEADER_LENGTH + i * SCALER_LENGTH;
    }

    /** Writes a whole BEGIN_OF_SPILL payload at {@code b[offset..]}. */
    public static void writeBegin(byte[] b, int offset, long run, long spill, long wallClockNs) {
        LittleEndian.putU32(b, offset + RUN_OFFSET, run);
        LittleEndian.putU32(b, offset + SPILL_OFFSET, spill);
        LittleEndian.putU64(b, offset + WALL_CLOCK_OFFSET, wallClockNs);
    }

    /** Writes the 16-byte END_OF_SPILL header at {@code b[offset..]}; {@link #writeScaler} fills the K scalers. */
    public static void writeEndHeader(byte[] b, int offset, long run, long spill, long triggers, int scalerCount) {
        LittleEndian.putU32(b, offset + RUN_OFFSET, run);
        LittleEndian.putU32(b, offset + SPILL_OFFSET, spill);
        LittleEndian.putU32(b, offset + TRIGGERS_OFFSET, triggers);
        LittleEndian.putU16(b, offset + SCALER_COUNT_OFFSET, scalerCount);
        LittleEndian.putU16(b, offset + END_RESERVED_OFFSET, 0);
    }

    /** Writes scaler {@code i} of the END_OF_SPILL payload at {@code b[offset..]} (reserved fields 0). */
    public static void writeScaler(byte[] b, int offset, int i, int id, long value) {
        int s = scalerOffset(offset, i);
        LittleEndian.putU64(b, s, 0);
        LittleEndian.putU16(b, s + SCALER_ID_OFFSET, id);
        LittleEndian.putU64(b, s + SCALER_VALUE_OFFSET, value);
    }
}
