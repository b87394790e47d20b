package na64.daq.app.bench;

/**
 * Combines CRC-32C values the way zlib's {@code crc32_combine} does: for byte strings A and B,
 * {@code crc(A ‖ B) = shift(crc(A)) ^ crc(B)}, where {@code shift} is the (linear) effect on the CRC
 * register of running through {@code |B|} zero bytes. The pre- and post-conditioning with all ones
 * cancels in that formula. One instance holds {@code shift} for one length as four 256-entry
 * tables, so applying it costs four lookups.
 *
 * <p>The load generator uses it to re-sign a pooled FRAGMENT after rewriting its first 24 payload
 * bytes (run, spill, event, flags, trigger time): CRC of the new 24 bytes, shifted over the
 * unchanged rest, xor the rest's precomputed CRC — instead of a CRC over the whole payload per frame.
 */
final class Crc32cShift {
    /** CRC-32C (Castagnoli) polynomial, bit-reflected. */
    private static final int POLY = 0x82F63B78;
    private static final int[] BYTE_TABLE = byteTable();

    private final int[] table = new int[4 * 256];

    /** The shift over {@code zeroBytes} zero bytes. */
    Crc32cShift(int zeroBytes) {
        int[] basis = new int[32];
        for (int bit = 0; bit < 32; bit++) {
            int r = 1 << bit;
            for (int k = 0; k < zeroBytes; k++) {
                r = BYTE_TABLE[r & 0xFF] ^ (r >>> 8);
            }
            basis[bit] = r;
        }
        for (int lane = 0; lane < 4; lane++) {
            for (int v = 0; v < 256; v++) {
                int x = 0;
                for (int b = 0; b < 8; b++) {
                    if ((v & (1 << b)) != 0) {
                        x ^= basis[lane * 8 + b];
                    }
                }
                table[lane * 256 + v] = x;
            }
        }
    }

    /** {@code crc} advanced over this shift's zero bytes (a CRC-32C value, as {@code CRC32C.getValue()} gives it). */
    int apply(int crc) {
        return table[crc & 0xFF] ^ table[256 + ((crc >>> 8) & 0xFF)] ^ table[512 + ((crc >>> 16) & 0xFF)]
                ^ table[768 + (crc >>> 24)];
    }

    private static int[] byteTable() {
        int[] t = new int[256];
        for (int v = 0; v < 256; v++) {
            int r = v;
            for (int k = 0; k < 8; k++) {
                r = (r & 1) != 0 ? (r >>> 1) ^ POLY : r >>> 1;
            }
            t[v] = r;
        }
        return t;
    }
}
