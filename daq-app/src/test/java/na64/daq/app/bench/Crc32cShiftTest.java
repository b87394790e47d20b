package na64.daq.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

/** The CRC-32C combination the load generator re-signs fragments with, against the JDK's CRC-32C. */
class Crc32cShiftTest {
    @Test
    void shiftingTheHeadsCrcOverTheRestAndXoringTheRestsCrcGivesTheWholeCrc() {
        Random rnd = new Random(20261204);
        for (int trial = 0; trial < 200; trial++) {
            byte[] b = new byte[1 + rnd.nextInt(3000)];
            rnd.nextBytes(b);
            int split = rnd.nextInt(b.length + 1);
            int rest = b.length - split;

            int combined = new Crc32cShift(rest).apply(crc(b, 0, split)) ^ crc(b, split, rest);

            assertThat(combined).as("length %d split at %d", b.length, split).isEqualTo(crc(b, 0, b.length));
        }
    }

    private static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }
}
