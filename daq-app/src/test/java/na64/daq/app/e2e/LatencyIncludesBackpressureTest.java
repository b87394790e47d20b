package na64.daq.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import na64.daq.builder.BuilderPipeline;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestServer;
import na64.daq.ingest.StallClock;
import na64.daq.pipeline.BuiltEventSink;
import na64.daq.pipeline.EventView;
import na64.daq.pipeline.SpillSummary;
import na64.daq.testkit.FrontEndClient;
import na64.daq.testkit.ManualClock;
import na64.daq.trigger.Reconstructor;

/**
 * The decision latency is measured on the monotonic wall clock from the ingest read of an event's
 * last fragment, so the time the ring spends full (backpressure) is inside it, while the pipeline
 * clock, which times out events and spills, stands still for that time. Real ingest, ring and
 * builder; a sink that stalls like a slow store; time driven by hand. (Moved here from daq-ingest,
 * whose tests no longer run the builder.)
 */
class LatencyIncludesBackpressureTest {
    private static final int EVENTS = 100;
    private static final long STALL_MS = 500;
    private static final int[] SOURCES = {1, 2, 3, 4, 5};

    @Test
    void eventsWaitingInAFullRingCarryTheWholeStallInTheirLatency() throws Exception {
        RunConfig config = ConfigLoader.parse("builder: {buildTimeoutMs: 60000, spillTimeoutMs: 60000, ringSize: 64}\n",
                "latency test");
        ManualClock wall = new ManualClock(1_000_000_000L);
        StallClock pipelineClock = new StallClock(wall);
        CountDownLatch storeBlocked = new CountDownLatch(1);
        AtomicInteger decided = new AtomicInteger();
        AtomicInteger incomplete = new AtomicInteger();
        BuiltEventSink stallingSink = new BuiltEventSink() {
            @Override
            public void onEvent(EventView e) {
                if (decided.get() == 0) {
                    try {
                        storeBlocked.await(30, TimeUnit.SECONDS); // a store that stalls: the ring fills behind it
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (!e.complete()) {
                    incomplete.incrementAndGet();
                }
                decided.incrementAndGet();
            }

            @Override
            public void onSpillClosed(SpillSummary summary) {
            }
        };
        BuilderPipeline pipeline = new BuilderPipeline(config, stallingSink, pipelineClock, wall, () -> 0L);
        pipeline.start();
        IngestServer server = new IngestServer(config, pipeline.ring(), pipeline.arenas(), new Reconstructor(config), pipelineClock)
                .start("127.0.0.1", 0);
        List<FrontEndClient> frontEnds = new ArrayList<>();
        try {
            for (int s : SOURCES) {
                frontEnds.add(FrontEndClient.connect(server.address(), s).hello().beginOfSpill());
            }
            for (long e = 1; e <= EVENTS; e++) {
                for (FrontEndClient fe : frontEnds) {
                    fe.fragment(e);
                }
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> server.ringFullRefusals() > 0);
            long pipelineBefore = pipelineClock.nanoTime();

            wall.advanceMillis(STALL_MS);
            storeBlocked.countDown();
            await().atMost(30, TimeUnit.SECONDS).until(() -> decided.get() == EVENTS);

            Histogram latency = pipeline.decisionLatencyNanos().getIntervalHistogram();
            assertThat(latency.getTotalCount()).isEqualTo(EVENTS);
            long stalled = latency.getCountBetweenValues(TimeUnit.MILLISECONDS.toNanos(STALL_MS), latency.getMaxValue());
            assertThat(stalled).as("events read before the stall and decided after it").isGreaterThanOrEqualTo(5);
            assertThat(pipelineClock.nanoTime() - pipelineBefore)
                    .as("the pipeline clock stood still while the ring was full").isLessThan(TimeUnit.MILLISECONDS.toNanos(STALL_MS));
            assertThat(incomplete.get()).isZero();
        } finally {
            for (FrontEndClient fe : frontEnds) {
                fe.close();
            }
            server.close();
            pipeline.stop();
        }
    }
}
