package na64.daq.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Reads a HELLO payload (spec §3).
 *
 * <pre>
 *  0  u16  board kind     1 = sampling ADC (MSADC), 2 = trigger unit
 *  2  u16  channel count  channels on the board (0 for the trigger unit)
 *  4  u16  name length    L
 *  6  L    name           UTF-8
 * </pre>
 */
public final class HelloFlyweight {
    public static final int BOARD_MSADC = 1;
    public static final int BOARD_TRIGGER_UNIT = 2;
    public static final int HEADER_LENGTH = 6;
    /**
     * Longest HELLO payload the service takes: a board name of at most 256 bytes. Before a valid HELLO
     * a connection may buffer no more than one frame of this size (issue 11: memory before HELLO).
     */
    public static final int MAX_LENGTH = HEADER_LENGTH + 256;

    private byte[] b;
    private int base;
    private int length;

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
        int kind = boardKind();
        if (kind != BOARD_MSADC && kind != BOARD_TRIGGER_UNIT) {
            return "HELLO board kind " + kind + " (must be 1 or 2)";
        }
        return null;
    }

    public int boardKind() {
        return LittleEndian.u16(b, base);
    }

    public int channelCount() {
        return LittleEndian.u16(b, base + 2);
    }

    public int nameLength() {
        return LittleEndian.u16(b, base + 4);
    }

    /** The board name; allocates, so only for the (rare) connection set-up. */
    public String name() {
        return new String(b, base + HEADER_LENGTH, nameLength(), StandardCharsets.UTF_8);
    }
}
