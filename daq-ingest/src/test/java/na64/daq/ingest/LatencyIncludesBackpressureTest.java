package na64.daq.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import na64.daq.builder.BuilderPipeline;
import na64.daq.testkit.ManualClock;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.pipeline.EventView;

/**
 * The decision latency is measured on the monotonic wall clock from the ingest read of an event's
 * last fragment, so the time the ring spends full (backpressure) is inside it, while the pipeline
 * clock, which times out events and spills, stands still for that time. Time is driven by hand.
 */
class LatencyIncludesBackpressureTest {
    private static final int EVENTS = 100;
    private static final long STALL_MS = 500;

    @Test
    void eventsWaitingInAFullRingCarryTheWholeStallInTheirLatency() throws Exception {
        RunConfig config = ConfigLoader.parse("builder: {buildTimeoutMs: 60000, spillTimeoutMs: 60000, ringSize: 64}\n",
                "latency test");
        ManualClock wall = new ManualClock(1_000_000_000L);
        StallClock pipelineClock = new StallClock(wall);
        CountDownLatch storeBlocked = new CountDownLatch(1);
        RecordingSink sink = new RecordingSink() {
            private boolean first = true;

            @Override
            public void onEvent(EventView e) {
                if (first) {
                    first = false;
                    try {
                        storeBlocked.await(30, TimeUnit.SECONDS); // a store that stalls: the ring fills behind it
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.onEvent(e);
            }
        };
        BuilderPipeline pipeline = new BuilderPipeline(config, sink, pipelineClock, wall, () -> 0L);
        pipeline.start();
        IngestServer server = new IngestServer(config, pipeline.ring(), pipeline.arenas(), new na64.daq.trigger.Reconstructor(config), wall,
                pipelineClock)
                .start("127.0.0.1", 0);
        List<FrontEnd> frontEnds = new ArrayList<>();
        try {
            for (int s : IngestHarness.ALL_SOURCES) {
                frontEnds.add(FrontEnd.connect(server.address(), s).hello().beginOfSpill());
            }
            for (long e = 1; e <= EVENTS; e++) {
                for (FrontEnd fe : frontEnds) {
                    fe.fragment(e);
                }
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> server.ringFullRefusals() > 0);
            long pipelineBefore = pipelineClock.nanoTime();

            wall.advanceMillis(STALL_MS);
            storeBlocked.countDown();
            await().atMost(30, TimeUnit.SECONDS).until(() -> sink.events().size() == EVENTS);

            Histogram latency = pipeline.counters().decisionLatencyNanos.getIntervalHistogram();
            assertThat(latency.getTotalCount()).isEqualTo(EVENTS);
            long stalled = latency.getCountBetweenValues(TimeUnit.MILLISECONDS.toNanos(STALL_MS), latency.getMaxValue());
            assertThat(stalled).as("events read before the stall and decided after it").isGreaterThanOrEqualTo(5);
            assertThat(pipelineClock.nanoTime() - pipelineBefore)
                    .as("the pipeline clock stood still while the ring was full").isLessThan(TimeUnit.MILLISECONDS.toNanos(STALL_MS));
            assertThat(sink.events()).allSatisfy(b -> assertThat(b.complete()).isTrue());
        } finally {
            for (FrontEnd fe : frontEnds) {
                fe.close();
            }
            server.close();
            pipeline.stop();
        }
    }
}
