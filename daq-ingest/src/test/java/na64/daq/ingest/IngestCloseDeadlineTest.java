package na64.daq.ingest;

import na64.daq.testkit.FrontEndClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.pipeline.FragmentArenas;
import na64.daq.pipeline.IngestEntry;
import na64.daq.testkit.ManualClock;

/**
 * Closing ingest waits until every connection has delivered what it read into the ring, but only
 * until its deadline on the ingest clock: with a ring nobody drains, the connections can never
 * deliver, and close answers false once the hand-driven clock passes the deadline instead of hanging.
 */
class IngestCloseDeadlineTest {
    private static final long CLOSE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Test
    void connectionsThatCannotDeliverIntoAFullRingMakeCloseAnswerFalseAtTheDeadline() throws Exception {
        RunConfig config = ConfigLoader.parse("builder: {ringSize: 64}\n", "close deadline test");
        RingBuffer<IngestEntry> ring = RingBuffer.createSingleProducer(IngestEntry::new, 64);
        ring.addGatingSequences(new Sequence(-1)); // a consumer that never moves: the ring stays full
        ManualClock clock = new ManualClock(1_000_000_000L);
        List<Thread> loops = new ArrayList<>();
        IngestServer server = new IngestServer(config, ring, new FragmentArenas(config),
                IngestRig.MARKING, clock, new StallClock(clock), r -> {
                    Thread t = new Thread(r, "ingest-under-test");
                    loops.add(t);
                    return t;
                }, new na64.daq.pipeline.CounterRegistry(config)).start("127.0.0.1", 0);
        List<FrontEndClient> frontEnds = new ArrayList<>();
        for (int s : IngestRig.ALL_SOURCES) {
            frontEnds.add(FrontEndClient.connect(server.address(), s).hello().beginOfSpill().fragments(1, 100));
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> server.ringFullRefusals() > 0);
        for (FrontEndClient fe : frontEnds) {
            fe.close();
        }

        FutureTask<Boolean> close = clock.startAndAwaitFirstRead("closer", () -> server.close(CLOSE_TIMEOUT_NANOS));
        clock.advanceNanos(CLOSE_TIMEOUT_NANOS - 1);
        assertThat(close).as("before the deadline, close still waits for the connections").isNotDone();
        clock.advanceNanos(1);

        assertThat(close.get(10, TimeUnit.SECONDS)).as("deadline passed").isFalse();
        assertThat(loops).as("the event loop ran on the given factory's thread")
                .extracting(Thread::getName).containsOnly("ingest-under-test");
        await("the event loop ends anyway").atMost(30, TimeUnit.SECONDS)
                .until(() -> loops.stream().noneMatch(Thread::isAlive));
    }
}
