package na64.daq.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import na64.daq.protocol.LittleEndian;

/** The four-samples-per-load maximum agrees with a plain one-sample-at-a-time loop. */
class MaxSampleTest {
    @Test
    void wideLoadMaximumEqualsTheSampleBySampleMaximumForEveryLengthAndOffset() {
        SplittableRandom rng = new SplittableRandom(20261204L);
        for (int round = 0; round < 2000; round++) {
            int samples = 1 + rng.nextInt(64);
            int from = rng.nextInt(7);
            byte[] b = new byte[from + 2 * samples + rng.nextInt(3)];
            int expected = 0;
            for (int s = 0; s < samples; s++) {
                // Full u16 range, including values with the top bit set.
                int v = rng.nextInt(4) == 0 ? 0xFFFF - rng.nextInt(16) : rng.nextInt(1 << 14);
                LittleEndian.putU16(b, from + 2 * s, v);
                expected = Math.max(expected, v);
            }
            assertThat(Reconstructor.maxSample(b, from, samples)).as("round %d, %d samples", round, samples).isEqualTo(expected);
        }
    }
}
