package na64.daq.protocol;

/**
 * Reads BEGIN_OF_SPILL (spec §2) and END_OF_SPILL (spec §5) payloads, which share their first 8 bytes.
 *
 * <pre>
 * BEGIN_OF_SPILL (16 bytes)        END_OF_SPILL (16 + 16K bytes)
 *  0  u32  run                      0  u32  run
 *  4  u32  spill                    4  u32  spill
 *  8  u64  wall-clock ns            8  u32  triggers
 *                                  12  u16  scaler count K
 *                                  14  u16  reserved
 *                                  16  K x { u16 id, u16 reserved, u32 reserved, u64 value }
 * </pre>
 */
public final class SpillMarkerFlyweight {
    public static final int BEGIN_LENGTH = 16;
    public static final int END_HEADER_LENGTH = 16;
    public static final int SCALER_LENGTH = 16;

    public static final int SCALER_EOT = 1;
    public static final int SCALER_TRIGGERS = 2;
    public static final int SCALER_DEAD_TIME_NS = 3;

    private byte[] b;
    private int base;
    private int length;

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
        return LittleEndian.u32(b, base);
    }

    public long spill() {
        return LittleEndian.u32(b, base + 4);
    }

    /** BEGIN_OF_SPILL only: wall-clock time in ns since the Unix epoch. */
    public long wallClockNs() {
        return LittleEndian.u64(b, base + 8);
    }

    /** END_OF_SPILL only: triggers counted by the source. */
    public long triggers() {
        return LittleEndian.u32(b, base + 8);
    }

    /** END_OF_SPILL only. */
    public int scalerCount() {
        return LittleEndian.u16(b, base + 12);
    }

    public int scalerId(int i) {
        return LittleEndian.u16(b, base + END_HEADER_LENGTH + i * SCALER_LENGTH);
    }

    public long scalerValue(int i) {
        return LittleEndian.u64(b, base + END_HEADER_LENGTH + i * SCALER_LENGTH + 8);
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
}
