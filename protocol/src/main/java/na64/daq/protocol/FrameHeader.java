package na64.daq.protocol;

/**
 * The 16-byte frame header of protocol v1 (spec §2), and a flyweight that reads it over a byte array.
 *
 * <pre>
 *  offset size  field            constant
 *       0  u32  magic            MAGIC_OFFSET    ASCII "NA64" = 4E 41 36 34 (MAGIC)
 *       4  u8   version          VERSION_OFFSET  1 (VERSION)
 *       5  u8   type             TYPE_OFFSET     0x01 HELLO .. 0x05 HEARTBEAT, 0x7F ERROR
 *       6  u16  source id        SOURCE_OFFSET   1..65534
 *       8  u32  payload length   LENGTH_OFFSET   N, 0 &lt;= N &lt;= 1,048,576 (MAX_PAYLOAD)
 *      12  u32  payload CRC      CRC_OFFSET      CRC-32C of the N payload bytes
 *      16       payload          LENGTH
 * </pre>
 *
 * <p>The service reads these offsets straight from Netty's buffer (it checks magic, version and
 * length before any payload is buffered); everything else reads through this flyweight.
 */
public final class FrameHeader {
    public static final int LENGTH = 16;
    /** "NA64" read as a little-endian int. */
    public static final int MAGIC = 0x3436414E;
    public static final int VERSION = 1;
    public static final int MAX_PAYLOAD = 1 << 20;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int TYPE_OFFSET = 5;
    public static final int SOURCE_OFFSET = 6;
    public static final int LENGTH_OFFSET = 8;
    public static final int CRC_OFFSET = 12;

    public static final int TYPE_HELLO = 0x01;
    public static final int TYPE_BEGIN_OF_SPILL = 0x02;
    public static final int TYPE_FRAGMENT = 0x03;
    public static final int TYPE_END_OF_SPILL = 0x04;
    public static final int TYPE_HEARTBEAT = 0x05;
    public static final int TYPE_ERROR = 0x7F;

    public static final int MIN_SOURCE_ID = 1;
    public static final int MAX_SOURCE_ID = 65534;

    private byte[] buffer;
    private int offset;

    /** Points this flyweight at a header starting at {@code offset}; at least 16 bytes must follow. */
    public FrameHeader wrap(byte[] buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public int magic() {
        return LittleEndian.i32(buffer, offset + MAGIC_OFFSET);
    }

    public int version() {
        return LittleEndian.u8(buffer, offset + VERSION_OFFSET);
    }

    public int type() {
        return LittleEndian.u8(buffer, offset + TYPE_OFFSET);
    }

    public int sourceId() {
        return LittleEndian.u16(buffer, offset + SOURCE_OFFSET);
    }

    /** The declared payload length, unsigned; may exceed {@link #MAX_PAYLOAD} on a bad frame. */
    public long payloadLength() {
        return LittleEndian.u32(buffer, offset + LENGTH_OFFSET);
    }

    public int crc() {
        return LittleEndian.i32(buffer, offset + CRC_OFFSET);
    }

    /** True for the types a front-end may send (everything but ERROR). */
    public static boolean isFrontEndType(int type) {
        return type >= TYPE_HELLO && type <= TYPE_HEARTBEAT;
    }

    /** Human-readable name of a frame type, for logs and errors. */
    public static String typeName(int type) {
        return switch (type) {
            case TYPE_HELLO -> "HELLO";
            case TYPE_BEGIN_OF_SPILL -> "BEGIN_OF_SPILL";
            case TYPE_FRAGMENT -> "FRAGMENT";
            case TYPE_END_OF_SPILL -> "END_OF_SPILL";
            case TYPE_HEARTBEAT -> "HEARTBEAT";
            case TYPE_ERROR -> "ERROR";
            default -> "0x" + Integer.toHexString(type);
        };
    }

    /** Writes a complete header (magic, version, type, source, length, CRC) at {@code offset}. */
    public static void write(byte[] b, int offset, int type, int sourceId, int payloadLength, int crc) {
        LittleEndian.putU32(b, offset + MAGIC_OFFSET, MAGIC);
        LittleEndian.putU8(b, offset + VERSION_OFFSET, VERSION);
        LittleEndian.putU8(b, offset + TYPE_OFFSET, type);
        LittleEndian.putU16(b, offset + SOURCE_OFFSET, sourceId);
        LittleEndian.putU32(b, offset + LENGTH_OFFSET, payloadLength);
        LittleEndian.putU32(b, offset + CRC_OFFSET, crc);
    }
}
