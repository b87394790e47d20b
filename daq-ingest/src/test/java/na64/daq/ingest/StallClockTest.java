package na64.daq.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import na64.daq.testkit.ManualClock;

/**
 * The pipeline clock stands still while ingest cannot publish (ring full), so backpressure time
 * never counts toward the builder's timeouts; between stalls it runs like the real clock.
 */
class StallClockTest {
    private final ManualClock real = new ManualClock(1_000_000_000L);
    private final StallClock clock = new StallClock(real);

    @Test
    void followsTheRealClockWhileNothingStalls() {
        long t0 = clock.nanoTime();
        real.advanceMillis(250);
        assertThat(clock.nanoTime() - t0).isEqualTo(250_000_000L);
        assertThat(clock.toPipeline(real.nanoTime())).isEqualTo(clock.nanoTime());
    }

    @Test
    void standsStillDuringAStallAndResumesWithoutJumpingWhenClaimsSucceedAgain() {
        real.advanceMillis(100);
        long before = clock.nanoTime();
        clock.stalled();
        real.advanceMillis(5_000); // a store stalled for 5 s with the ring full
        clock.stalled();           // repeated failed claims do not restart the stall
        assertThat(clock.nanoTime()).as("frozen during the stall").isEqualTo(before);
        assertThat(clock.toPipeline(real.nanoTime())).as("ingest stamps in pipeline time too").isEqualTo(before);
        clock.flowing();
        assertThat(clock.nanoTime()).as("no jump when the stall ends").isEqualTo(before);
        real.advanceMillis(30);
        assertThat(clock.nanoTime() - before).isEqualTo(30_000_000L);
        clock.flowing(); // claims that succeed without a stall change nothing
        assertThat(clock.nanoTime() - before).isEqualTo(30_000_000L);
    }

    @Test
    void stallsAddUp() {
        long start = clock.nanoTime();
        for (int k = 0; k < 3; k++) {
            real.advanceMillis(10);
            clock.stalled();
            real.advanceMillis(1_000);
            clock.flowing();
        }
        assertThat(clock.nanoTime() - start).isEqualTo(30_000_000L);
        assertThat(clock.base()).isSameAs(real);
    }
}
