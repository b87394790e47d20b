package na64.daq.builder;

import na64.daq.testkit.RecordingSink;

import static na64.daq.builder.TestFragments.ALL_SOURCES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.IngestEntry;
import na64.daq.pipeline.SpillSummary;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.testkit.ManualClock;
import na64.daq.testkit.TestIntake;
import na64.daq.trigger.SpillReconstruction;
import na64.daq.trigger.Streams;
import na64.daq.trigger.TriggerSettings;

/**
 * Run and configuration boundaries on the real Disruptor ring and builder thread: run control's work
 * runs on the builder thread after everything published before it; each spill is selected with the
 * settings ingest reconstructed it with, whatever was offered while it was being built.
 */
class RunBoundaryTest {
    private static final RunConfig CONFIG = ConfigLoader.loadDefault();
    private static final RunConfig PRESCALED = ConfigLoader.parse("streams: {random: {prescale: 2}}", "test");
    private static final long RUN = 88;

    private final RecordingSink sink = new RecordingSink();
    private final BuilderPipeline pipeline = new BuilderPipeline(CONFIG, sink, new ManualClock(0), () -> 0L);
    private final TriggerSettings initial = new TriggerSettings(CONFIG);
    private final SpillReconstruction reconstruction = new SpillReconstruction(initial);
    private final TestIntake intake = new TestIntake(reconstruction);

    @AfterEach
    void stop() throws InterruptedException {
        pipeline.stop();
    }

    @Test
    void aRunStopClosesTheOpenSpillAsRunStopWithEveryEventPublishedBeforeAndTheBuilderGoesOn() throws Exception {
        pipeline.start();
        spill(1, 1, 4, false);
        CompletableFuture<Void> stopped = pipeline.runOnBuilder(pipeline.publishedSequence(),
                () -> pipeline.builder().closeOpenSpills(CloseReason.RUN_STOP));
        stopped.get(10, TimeUnit.SECONDS);

        SpillSummary s = sink.onlySpill();
        assertThat(s.closeReason).isEqualTo(CloseReason.RUN_STOP);
        assertThat(s.complete).isEqualTo(4);
        assertThat(s.sourcesNotEnded).containsExactly(1, 2, 3, 4, 5);
        assertThat(pipeline.running()).isTrue();

        // The next run numbers its spill as the last one did: it is built, not taken for a closed spill.
        pipeline.runOnBuilder(pipeline.publishedSequence(), () -> pipeline.builder().beginRun(RUN)).get(10, TimeUnit.SECONDS);
        spill(1, 1, 3, true);
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> sink.spills().size() == 2);
        assertThat(sink.spills().get(1).complete).isEqualTo(3);
        assertThat(sink.spills().get(1).closeReason).isEqualTo(CloseReason.ALL_ENDED);
        assertThat(pipeline.builder().runs().spillsInRun.get()).isEqualTo(1);
    }

    @Test
    void eachSpillIsSelectedWithTheSettingsItWasReconstructedWithAndNamesTheirHash() throws Exception {
        pipeline.start();
        spill(1, 1, 2, false);
        reconstruction.offer(new TriggerSettings(PRESCALED)); // in the middle of spill 1
        spill(1, 3, 4, true);
        spill(2, 1, 4, true);
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> sink.spills().size() == 2);

        assertThat(sink.spills()).extracting(x -> x.configHash).containsExactly(CONFIG.hash(), PRESCALED.hash());
        assertThat(sink.spills().get(0).accepted[Streams.RANDOM]).as("spill 1: every RANDOM event").isEqualTo(4);
        assertThat(sink.spills().get(1).accepted[Streams.RANDOM]).as("spill 2: prescale 2").isEqualTo(2);
        assertThat(pipeline.builder().configHashInUse()).isEqualTo(PRESCALED.hash());
    }

    @Test
    void aBeginOfSpillNamingAnotherRunThanTheOneStartedIsCounted() throws Exception {
        pipeline.start();
        pipeline.runOnBuilder(-1, () -> pipeline.builder().beginRun(RUN + 1)).get(10, TimeUnit.SECONDS);
        spill(1, 1, 1, true);
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> sink.spills().size() == 1);
        RunAccounting runs = pipeline.builder().runs();
        assertThat(runs.givenRun.get()).isEqualTo(RUN + 1);
        assertThat(runs.otherRunBegins.get()).as("one per source's BEGIN_OF_SPILL").isEqualTo(ALL_SOURCES.length);
        assertThat(runs.lastOtherRun.get()).isEqualTo(RUN);
    }

    @Test
    void workHandedToAStoppedBuilderFailsInsteadOfWaitingForever() throws Exception {
        pipeline.start();
        pipeline.stop();
        CompletableFuture<Void> late = pipeline.runOnBuilder(-1, () -> { });
        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("stopped");
    }

    /** Events {@code first..last} of spill {@code spill} from every source; BEGIN first when first is 1, END if asked. */
    private void spill(long spill, long first, long last, boolean end) {
        if (first == 1) {
            for (int s : ALL_SOURCES) {
                publish(IngestEntry.BEGIN_OF_SPILL, s, TestFragments.beginOfSpill(s, RUN, spill));
            }
        }
        for (long e = first; e <= last; e++) {
            for (int s : ALL_SOURCES) {
                publish(IngestEntry.FRAGMENT, s, TestFragments.fragment(s, RUN, spill, e, FragmentFlyweight.TRIGGER_RANDOM, e * 1000));
            }
        }
        if (end) {
            for (int s : ALL_SOURCES) {
                publish(IngestEntry.END_OF_SPILL, s, TestFragments.endOfSpill(s, RUN, spill, last));
            }
        }
    }

    private void publish(int kind, int source, byte[] payload) {
        TestFragments.publish(pipeline, intake, kind, source, payload);
    }
}
