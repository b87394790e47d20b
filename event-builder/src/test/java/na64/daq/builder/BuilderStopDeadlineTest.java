package na64.daq.builder;

import na64.daq.testkit.RecordingSink;

import static na64.daq.builder.TestFragments.ALL_SOURCES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.pipeline.EventView;
import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.testkit.ManualClock;
import na64.daq.testkit.TestIntake;

/**
 * Stopping the pipeline waits for the ring to drain and the builder thread to end, but only until
 * its deadline on the wall clock: a builder stuck in its sink (a store that stopped answering) makes
 * stop answer false when the hand-driven clock passes the deadline, instead of hanging, and the
 * stuck thread's open spills are left to it.
 */
class BuilderStopDeadlineTest {
    private static final RunConfig CONFIG = ConfigLoader.loadDefault();
    private static final TestIntake INTAKE = new TestIntake(new na64.daq.trigger.Reconstructor(CONFIG));
    private static final long STOP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ManualClock wall = new ManualClock(0);
    private final CountDownLatch storeAnswers = new CountDownLatch(1);
    private final CountDownLatch storeEntered = new CountDownLatch(1);
    private final List<Thread> builderThreads = new CopyOnWriteArrayList<>();
    /** A sink that blocks on the first event until the test lets it go, like a store that stopped answering. */
    private final RecordingSink stuckSink = new RecordingSink() {
        @Override
        public void onEvent(EventView e) {
            storeEntered.countDown();
            try {
                storeAnswers.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            super.onEvent(e);
        }
    };

    @Test
    void aBuilderStuckInItsSinkMakesStopAnswerFalseOnceTheDeadlinePassesAndLeavesItsSpillsAlone() throws Exception {
        BuilderPipeline pipeline = new BuilderPipeline(CONFIG, stuckSink, new ManualClock(0), wall, () -> 0L,
                BuilderPipeline.defaultWaitStrategy(), r -> {
                    Thread t = new Thread(r, "builder-under-test");
                    builderThreads.add(t);
                    return t;
                }, new na64.daq.pipeline.CounterRegistry(CONFIG));
        pipeline.start();
        try {
            publishOneCompleteEvent(pipeline);
            assertThat(storeEntered.await(10, TimeUnit.SECONDS)).as("the builder reached the sink").isTrue();

            FutureTask<Boolean> stop = wall.startAndAwaitFirstRead("stopper", () -> pipeline.stop(STOP_TIMEOUT_NANOS));
            wall.advanceNanos(STOP_TIMEOUT_NANOS - 1);
            assertThat(stop).as("before the deadline, stop still waits").isNotDone();
            wall.advanceNanos(1);

            assertThat(stop.get(10, TimeUnit.SECONDS)).as("deadline passed").isFalse();
            assertThat(pipeline.running()).as("the stuck builder still runs").isTrue();
            assertThat(stuckSink.spills()).as("its open spill is not closed under it").isEmpty();
            assertThat(pipeline.stop(STOP_TIMEOUT_NANOS)).as("a second stop gives the same answer").isFalse();
        } finally {
            storeAnswers.countDown();
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> !pipeline.running());
        assertThat(builderThreads).as("the consumer ran on the given factory's thread")
                .singleElement().extracting(Thread::getName).isEqualTo("builder-under-test");
    }

    @Test
    void aBuilderThatDrainsInTimeStopsWithTrueAndClosesItsSpill() {
        storeAnswers.countDown();
        BuilderPipeline pipeline = new BuilderPipeline(CONFIG, stuckSink, new ManualClock(0), wall, () -> 0L);
        pipeline.start();
        publishOneCompleteEvent(pipeline);

        assertThat(pipeline.stop(STOP_TIMEOUT_NANOS)).isTrue();

        assertThat(pipeline.running()).isFalse();
        assertThat(stuckSink.events()).hasSize(1);
        assertThat(stuckSink.spills()).as("closed by shutdown").hasSize(1);
    }

    private static void publishOneCompleteEvent(BuilderPipeline pipeline) {
        for (int s : ALL_SOURCES) {
            TestFragments.publish(pipeline, INTAKE, IngestEntry.BEGIN_OF_SPILL, s, TestFragments.beginOfSpill(s, 5, 1));
        }
        for (int s : ALL_SOURCES) {
            TestFragments.publish(pipeline, INTAKE, IngestEntry.FRAGMENT, s,
                    TestFragments.fragment(s, 5, 1, 1, FragmentFlyweight.TRIGGER_RANDOM, 1000));
        }
    }
}
