package na64.daq.builder;

import na64.daq.testkit.TestIntake;
import na64.daq.pipeline.IngestEntry;

import static na64.daq.builder.TestFragments.ALL_SOURCES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import na64.daq.testkit.ManualClock;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.EventView;

/**
 * Acceptance 6: an exception in the consumer is counted and does not stop the pipeline. Runs the
 * real Disruptor ring and builder thread of {@link BuilderPipeline}, with a sink that fails on one event.
 */
class ConsumerExceptionTest {
    private static final RunConfig CONFIG = ConfigLoader.loadDefault();
    private static final long RUN = 77;
    private static final long SPILL = 1;

    @Test
    void sinkThrowingOnOneEventIsCountedAndLaterEventsAndTheSpillStillArrive() throws Exception {
        RecordingSink sink = new RecordingSink() {
            @Override
            public synchronized void onEvent(EventView e) {
                if (e.event() == 2) {
                    throw new IllegalStateException("simulated store failure on event 2");
                }
                super.onEvent(e);
            }
        };
        BuilderPipeline pipeline = new BuilderPipeline(CONFIG, sink, new ManualClock(0), () -> 0L);
        pipeline.start();
        try {
            for (int s : ALL_SOURCES) {
                publish(pipeline, IngestEntry.BEGIN_OF_SPILL, s, TestFragments.beginOfSpill(s, RUN, SPILL));
            }
            for (long e = 1; e <= 5; e++) {
                for (int s : ALL_SOURCES) {
                    publish(pipeline, IngestEntry.FRAGMENT, s,
                            TestFragments.fragment(s, RUN, SPILL, e, FragmentFlyweight.TRIGGER_RANDOM, e * 1000));
                }
            }
            for (int s : ALL_SOURCES) {
                publish(pipeline, IngestEntry.END_OF_SPILL, s, TestFragments.endOfSpill(s, RUN, SPILL, 5));
            }

            await().atMost(10, TimeUnit.SECONDS).until(() -> sink.spills().size() == 1);

            assertThat(pipeline.counters().consumerErrors.get()).isEqualTo(1);
            assertThat(pipeline.running()).as("the builder thread survived").isTrue();
            assertThat(sink.events()).extracting(RecordingSink.Built::event).containsExactly(1L, 3L, 4L, 5L);
            assertThat(sink.events()).allSatisfy(e -> assertThat(e.complete()).isTrue());
            assertThat(sink.onlySpill().closeReason).isEqualTo(CloseReason.ALL_ENDED);
            assertThat(pipeline.counters().inFlight.get()).as("the failed event's slot was freed").isZero();
        } finally {
            pipeline.stop();
        }
        assertThat(pipeline.running()).isFalse();
    }

    @Test
    void sinkThrowingWhileShutdownReleasesEventsInFlightStillClosesTheSpillAndStops() throws Exception {
        RecordingSink sink = new RecordingSink() {
            @Override
            public synchronized void onEvent(EventView e) {
                if (e.event() == 1) {
                    throw new IllegalStateException("simulated store failure on event 1");
                }
                super.onEvent(e);
            }
        };
        BuilderPipeline pipeline = new BuilderPipeline(CONFIG, sink, new ManualClock(0), () -> 0L);
        pipeline.start();
        for (int s : ALL_SOURCES) {
            publish(pipeline, IngestEntry.BEGIN_OF_SPILL, s, TestFragments.beginOfSpill(s, RUN, SPILL));
        }
        // Events 1 to 3 wait for the trigger unit; shutdown has to release all of them.
        for (long e = 1; e <= 3; e++) {
            for (int s = 2; s <= 5; s++) {
                publish(pipeline, IngestEntry.FRAGMENT, s,
                        TestFragments.fragment(s, RUN, SPILL, e, FragmentFlyweight.TRIGGER_RANDOM, e * 1000));
            }
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> pipeline.counters().inFlight.get() == 3);

        pipeline.stop();

        assertThat(pipeline.counters().consumerErrors.get()).isEqualTo(1);
        assertThat(sink.events()).extracting(RecordingSink.Built::event).containsExactlyInAnyOrder(2L, 3L);
        assertThat(sink.onlySpill().closeReason).isEqualTo(CloseReason.SHUTDOWN);
        assertThat(sink.onlySpill().incomplete).isEqualTo(3);
        assertThat(pipeline.counters().inFlight.get()).isZero();
        assertThat(pipeline.counters().openSpills.get()).isZero();
    }

    private static final TestIntake INTAKE = new TestIntake(new na64.daq.trigger.Reconstructor(CONFIG));

    private static void publish(BuilderPipeline pipeline, int kind, int source, byte[] payload) {
        TestFragments.publish(pipeline, INTAKE, kind, source, payload);
    }
}
