package na64.daq.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import na64.daq.pipeline.IngestEntry;
import na64.daq.testkit.FrontEndClient;
import na64.daq.testkit.ManualClock;

/**
 * While the ring is full, ingest holds its connections and the pipeline clock (which times out
 * events and spills) stands still, but each entry still carries the wall-clock time of the read
 * that decoded it (from which the builder measures decision latency, so backpressure counts there).
 * Real sockets, a ring of 64 entries nobody drains, time driven by hand.
 */
class BackpressureClocksTest {
    private static final int EVENTS = 100;
    private static final long STALL_MS = 500;

    @Test
    void aFullRingStopsThePipelineClockWhileReadTimesGoOn() throws Exception {
        ManualClock wall = new ManualClock(1_000_000_000L);
        List<FrontEndClient> frontEnds = new ArrayList<>();
        try (IngestRig rig = new IngestRig(64, wall).start()) {
            for (int s : IngestRig.ALL_SOURCES) {
                frontEnds.add(FrontEndClient.connect(rig.address(), s).hello().beginOfSpill());
            }
            for (long e = 1; e <= EVENTS; e++) {
                for (FrontEndClient fe : frontEnds) {
                    fe.fragment(e);
                }
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ringFullRefusals() > 0);
            long pipelineBefore = rig.clock.nanoTime();
            long wallAtStall = wall.nanoTime();

            wall.advanceMillis(STALL_MS);
            rig.recorder.drainUntil(all -> all.stream().filter(e -> e.kind() == IngestEntry.FRAGMENT).count() == 5L * EVENTS);

            List<RingRecorder.Entry> fragments = rig.recorder.entries().stream().filter(RingRecorder.Entry::isFragment).toList();
            assertThat(fragments).allSatisfy(e -> assertThat(e.receivedNanos())
                    .as("pipeline time never passed the stall").isLessThanOrEqualTo(pipelineBefore));
            assertThat(fragments).filteredOn(e -> e.readNanos() >= wallAtStall + TimeUnit.MILLISECONDS.toNanos(STALL_MS))
                    .as("decoded after the stall, read times on the wall clock").isNotEmpty();
            assertThat(rig.clock.nanoTime() - pipelineBefore).as("the pipeline clock stood still").isZero();
            long held = 0;
            for (int s : IngestRig.ALL_SOURCES) {
                held += rig.counters().backpressureNanos[rig.counters().indexOf(s)].get();
            }
            assertThat(held).as("time held is counted per source").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(STALL_MS));
        } finally {
            for (FrontEndClient fe : frontEnds) {
                fe.close();
            }
        }
    }
}
