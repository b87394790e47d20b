package na64.daq.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A HELLO payload (spec §3), read and written in place.
 *
 * <pre>
 *  offset size  field            constant
 *       0  u16  board kind       BOARD_KIND_OFFSET       1 = sampling ADC (MSADC), 2 = trigger unit
 *       2  u16  channel count    CHANNEL_COUNT_OFFSET    channels on the board (0 for the trigger unit)
 *       4  u16  name length L    NAME_LENGTH_OFFSET      at most MAX_NAME_LENGTH (256)
 *       6  L    name             NAME_OFFSET             UTF-8
 * </pre>
 */
public final class HelloFlyweight {
    public static final int BOARD_KIND_OFFSET = 0;
    public static final int CHANNEL_COUNT_OFFSET = 2;
    public static final int NAME_LENGTH_OFFSET = 4;
    public static final int NAME_OFFSET = 6;
    public static final int HEADER_LENGTH = NAME_OFFSET;
    public static final int MAX_NAME_LENGTH = 256;
    /**
     * Longest HELLO payload the service takes. Before a valid HELLO a connection may buffer no more
     * than one frame of this size (issue 11: memory before HELLO).
     */
    public static final int MAX_LENGTH = HEADER_LENGTH + MAX_NAME_LENGTH;

    public static final int BOARD_MSADC = 1;
    public static final int BOARD_TRIGGER_UNIT = 2;

    private byte[] b;
    private int base;
    private int length;

    /** Points at a payload of {@code length} bytes at {@code offset}; validate before reading fields. */
    public HelloFlyweight wrap(byte[] buffer, int offset, int length) {
        this.b = buffer;
        this.base = offset;
        this.length = length;
        return this;
    }

    /** {@code null} when consistent, else the reason. */
    public String validate() {
        if (length < HEADER_LENGTH) {
            return "HELLO payload of " + length + " bytes is shorter than 6";
        }
        if (HEADER_LENGTH + nameLength() != length) {
            return "HELLO name length " + nameLength() + " does not match payload of " + length + " bytes";
        }
        if (nameLength() > MAX_NAME_LENGTH) {
            return "HELLO name of " + nameLength() + " bytes (at most " + MAX_NAME_LENGTH + ")";
        }
        int kind = boardKind();
        if (kind != BOARD_MSADC && kind != BOARD_TRIGGER_UNIT) {
            return "HELLO board kind " + kind + " (must be 1 or 2)";
        }
        return null;
    }

    public int boardKind() {
        return LittleEndian.u16(b, base + BOARD_KIND_OFFSET);
    }

    public int channelCount() {
        return LittleEndian.u16(b, base + CHANNEL_COUNT_OFFSET);
    }

    public int nameLength() {
        return LittleEndian.u16(b, base + NAME_LENGTH_OFFSET);
    }

    /** The board name; allocates, so only for the (rare) connection set-up. */
    public String name() {
        return new String(b, base + NAME_OFFSET, nameLength(), StandardCharsets.UTF_8);
    }

    /** Writes the 6-byte header at {@code b[offset..]}; the {@code nameLength} name bytes follow it. */
    public static void writeHeader(byte[] b, int offset, int boardKind, int channelCount, int nameLength) {
        LittleEndian.putU16(b, offset + BOARD_KIND_OFFSET, boardKind);
        LittleEndian.putU16(b, offset + CHANNEL_COUNT_OFFSET, channelCount);
        LittleEndian.putU16(b, offset + NAME_LENGTH_OFFSET, nameLength);
    }
}
