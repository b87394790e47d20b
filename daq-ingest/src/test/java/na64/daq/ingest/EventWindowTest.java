package na64.daq.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import na64.daq.testkit.ManualClock;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;

/**
 * The ingest event window keeps the sources within maxInFlightEvents/2 events of each other, so the
 * builder never has to evict. Regression: front-ends are idle between spills (and before the
 * first), so every source looked stale when a spill started, and the first source to send ran
 * ahead without bound; a new spill now gives each connected source a fresh build timeout.
 */
class EventWindowTest {
    /** Window = 64 / 2 = 32 events; a source is stale 2 s after its last fragment. */
    private static final RunConfig CONFIG = ConfigLoader.parse(
            "builder: {maxInFlightEvents: 64, ringSize: 64, buildTimeoutMs: 2000}\n", "window test");
    private static final long MS = 1_000_000L;

    private final ManualClock clock = new ManualClock(1_000 * MS);
    private final StallClock stall = new StallClock(clock);
    private final EventWindow window = new EventWindow(CONFIG, new na64.daq.pipeline.SourceIndex(CONFIG), stall, new IngestCounters(CONFIG));

    @Test
    void firstSourceOfASpillIsHeldAtTheWindowEvenAfterAllSourcesWereIdleLongerThanTheTimeout() {
        for (int id = 1; id <= 5; id++) {
            window.connected(id, clock.nanoTime());
        }
        clock.advanceMillis(10_000); // the first spill comes 10 s after the front-ends connected
        window.beginOfSpill(2, 1, 1, clock.nanoTime());
        assertThat(sendUpTo(2, 1, 1, 1_000)).as("source 2 may run the window ahead, no further").isEqualTo(32);

        clock.advanceMillis(1_999);
        assertThat(window.mustWait(2, 1, 1, 33, clock.nanoTime())).as("the others are still waited for").isTrue();
        clock.advanceMillis(2);
        assertThat(window.mustWait(2, 1, 1, 33, clock.nanoTime()))
                .as("a build timeout after the spill started, silent sources stop holding it").isFalse();
    }

    @Test
    void nextSpillAfterAnIdleGapIsAlsoHeldAtTheWindow() {
        for (int id = 1; id <= 5; id++) {
            window.connected(id, clock.nanoTime());
            window.beginOfSpill(id, 1, 1, clock.nanoTime());
        }
        for (int id = 1; id <= 5; id++) {
            assertThat(sendUpTo(id, 1, 1, 10)).isEqualTo(10);
            window.endOfSpill(id, 1, 1);
        }
        clock.advanceMillis(5_000); // the gap between spills
        assertThat(sendUpTo(4, 1, 2, 1_000)).isEqualTo(32);
    }

    @Test
    void disconnectedSourceGetsNoFreshTimeoutFromANewSpill() {
        for (int id = 1; id <= 5; id++) {
            window.connected(id, clock.nanoTime());
        }
        window.disconnected(3);
        clock.advanceMillis(3_000);
        window.beginOfSpill(1, 1, 1, clock.nanoTime());
        window.beginOfSpill(2, 1, 1, clock.nanoTime());
        window.beginOfSpill(4, 1, 1, clock.nanoTime());
        window.beginOfSpill(5, 1, 1, clock.nanoTime());
        for (int e = 1; e <= 100; e++) {
            for (int id : new int[] {1, 2, 4, 5}) {
                assertThat(window.mustWait(id, 1, 1, e, clock.nanoTime()))
                        .as("source 3 left before the spill: it does not hold event %d of source %d", e, id).isFalse();
                window.fragment(id, 1, 1, e, clock.nanoTime());
            }
        }
        assertThat(sendUpToFrom(2, 1, 1, 101, 200)).as("the live sources still hold each other").isEqualTo(132);
    }

    @Test
    void backpressureTimeDoesNotMakeASourceStale() {
        for (int id = 1; id <= 5; id++) {
            window.connected(id, clock.nanoTime());
            window.beginOfSpill(id, 1, 1, clock.nanoTime());
        }
        stall.stalled();            // the ring is full: nothing can be published
        clock.advanceMillis(5_000); // for longer than the build timeout
        stall.flowing();
        assertThat(sendUpTo(1, 1, 1, 1_000)).as("the others are not stale: they could not send").isEqualTo(32);
    }

    /** Offers source {@code id}'s fragments 1..last in order; returns the last one accepted. */
    private int sendUpTo(int id, long run, long spill, int last) {
        return sendUpToFrom(id, run, spill, 1, last);
    }

    /** Offers source {@code id}'s fragments first..last in order; returns the last one accepted. */
    private int sendUpToFrom(int id, long run, long spill, int first, int last) {
        for (int e = first; e <= last; e++) {
            if (window.mustWait(id, run, spill, e, clock.nanoTime())) {
                return e - 1;
            }
            window.fragment(id, run, spill, e, clock.nanoTime());
        }
        return last;
    }
}
