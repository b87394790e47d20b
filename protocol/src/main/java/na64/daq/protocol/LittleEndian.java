package na64.daq.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian reads and writes on a {@code byte[]}, the byte order of the whole protocol.
 * Backed by byte-array view {@link VarHandle}s, so each access is one bounds check and one load.
 */
public final class LittleEndian {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    /** Unsigned 8-bit value at {@code offset}. */
    public static int u8(byte[] b, int offset) {
        return b[offset] & 0xFF;
    }

    /** Unsigned 16-bit value at {@code offset}. */
    public static int u16(byte[] b, int offset) {
        return ((short) SHORT.get(b, offset)) & 0xFFFF;
    }

    /** Unsigned 32-bit value at {@code offset}, widened to a long. */
    public static long u32(byte[] b, int offset) {
        return ((int) INT.get(b, offset)) & 0xFFFF_FFFFL;
    }

    /** The 32 bits at {@code offset} as a Java int (for values known to fit, or raw bit patterns). */
    public static int i32(byte[] b, int offset) {
        return (int) INT.get(b, offset);
    }

    /** 64-bit value at {@code offset}. */
    public static long u64(byte[] b, int offset) {
        return (long) LONG.get(b, offset);
    }

    public static void putU8(byte[] b, int offset, int v) {
        b[offset] = (byte) v;
    }

    public static void putU16(byte[] b, int offset, int v) {
        SHORT.set(b, offset, (short) v);
    }

    public static void putU32(byte[] b, int offset, long v) {
        INT.set(b, offset, (int) v);
    }

    public static void putU64(byte[] b, int offset, long v) {
        LONG.set(b, offset, v);
    }
}
