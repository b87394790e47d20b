package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqService;
import na64.daq.builder.BuilderCounters;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestCounters;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.ProtocolError;
import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;
import na64.daq.testkit.FrontEndGroup;

/**
 * Issue 11, items 4, 5, 6 and 14 on the real service: frames of one source that name the wrong
 * spill, or cannot be read, cost that source nothing more than those frames. In the middle of a
 * spill, ECAL-MAIN sends a CRC-valid fragment with a bad encoding and run 0xFFFFFFFF (malformed at
 * once, holds nobody), a fragment of the next spill (a stray: no phantom spill, the source stays in
 * the spill being taken) and BEGIN_OF_SPILL frames for spills 101..108 (strays: the real spill is
 * not closed by the open-spill limit); every trigger of the spill is complete. And a fragment of a
 * spill closed more than 32 spills ago is counted after close, never a second summary.
 */
class StraySpillFramesTest {
    private static final int ECAL_MAIN = 3;
    private static final RunConfig CONFIG = ConfigLoader.parse("""
            monitoring: {port: 0}
            builder: {buildTimeoutMs: 60000, spillTimeoutMs: 60000}
            """, "stray spill frames overlay");

    @TempDir
    Path store;

    @Test
    void oneSourcesStrayAndMalformedFramesMidSpillLeaveTheSpillCompleteAndOpenNoPhantomSpill() throws Exception {
        List<SpillSummary> closed = new CopyOnWriteArrayList<>();
        try (DaqService service = DaqService.start(CONFIG, store, "127.0.0.1", 0);
             FrontEndGroup fe = new FrontEndGroup(16, 2)) {
            service.onSpillClosed(closed::add);
            fe.connectAll(service.ingestAddress()).beginOfSpill(1);
            for (long e = 1; e <= 1500; e++) {
                fe.event(1, e);
            }
            FrameEncoder enc = new FrameEncoder();
            enc.begin(FrameHeader.TYPE_FRAGMENT, ECAL_MAIN).putFragmentHeader(0xFFFF_FFFFL, 1, 1501, 0, 0,
                    FragmentFlyweight.TRIGGER_RANDOM, 7, 32, 0);
            fe.send(ECAL_MAIN, enc.toFrame());                     // item 4: bad encoding, garbage run
            IngestCounters in = service.ingest().counters();
            await("malformed at once").atMost(5, TimeUnit.SECONDS)
                    .until(() -> in.errors(ECAL_MAIN, ProtocolError.MALFORMED_PAYLOAD) == 1);
            fe.send(ECAL_MAIN, fe.fragmentFrame(ECAL_MAIN, 2, 1));  // item 5: a fragment of the next spill
            for (long s = 101; s <= 108; s++) {
                fe.beginOfSpill(ECAL_MAIN, s);                       // item 6: bogus BEGIN_OF_SPILL
            }
            for (long e = 1501; e <= 3000; e++) {
                fe.event(1, e);
            }
            fe.endOfSpill(1, 3000);
            await().atMost(30, TimeUnit.SECONDS).until(() -> !closed.isEmpty());

            SpillSummary s = closed.get(0);
            assertThat(closed).as("no phantom spill").hasSize(1);
            assertThat(s.spill).isEqualTo(1);
            assertThat(s.closeReason).isEqualTo(CloseReason.ALL_ENDED);
            assertThat(s.complete).as("every trigger complete").isEqualTo(3000);
            assertThat(s.incomplete).isZero();
            BuilderCounters b = service.pipeline().counters();
            assertThat(b.strayFrames.get()).as("1 fragment + 8 BEGIN_OF_SPILL").isEqualTo(9);
            assertThat(b.fragmentsAfterSpillClose.get()).isEqualTo(1);
            assertThat(b.openSpills.get()).isZero();
            Metrics m = Metrics.scrape(service);
            assertThat(m.value("daq_builder_stray_frames_total")).isEqualTo(9);
            assertThat(m.value("daq_source_protocol_errors_total{reason=\"malformed_payload\",source=\"3\"}")).isEqualTo(1);
            assertThat(m.value("daq_spills_closed_total")).isEqualTo(1);
            Accounting.check(service, closed);
        }
    }

    @Test
    void aFragmentOfASpillClosedMoreThan32SpillsAgoIsCountedAfterCloseNeverASecondSummary() throws Exception {
        List<SpillSummary> closed = new CopyOnWriteArrayList<>();
        try (DaqService service = DaqService.start(CONFIG, store, "127.0.0.1", 0);
             FrontEndGroup fe = new FrontEndGroup(17, 2)) {
            service.onSpillClosed(closed::add);
            fe.connectAll(service.ingestAddress());
            for (long spill = 1; spill <= 40; spill++) {
                fe.beginOfSpill(spill).event(spill, 1).endOfSpill(spill, 1);
                long n = spill;
                await().atMost(30, TimeUnit.SECONDS).until(() -> closed.size() == n); // spills are seconds apart
            }
            fe.fragment(ECAL_MAIN, 1, 2);          // spill 1 closed 39 spills ago
            fe.beginOfSpill(41).event(41, 1).endOfSpill(41, 1);
            await().atMost(30, TimeUnit.SECONDS).until(() -> closed.size() == 41);
            assertThat(closed).extracting(x -> x.spill).doesNotHaveDuplicates();
            assertThat(service.pipeline().counters().fragmentsAfterSpillClose.get()).isEqualTo(1);
            Accounting.check(service, closed);
        }
    }

    @Test
    void endOfSpillTriggerCountsThatDisagreeWithWhatArrivedAreFlaggedPerSourceAndCounted() throws Exception {
        List<SpillSummary> closed = new CopyOnWriteArrayList<>();
        try (DaqService service = DaqService.start(CONFIG, store, "127.0.0.1", 0);
             FrontEndGroup fe = new FrontEndGroup(18, 2)) {
            service.onSpillClosed(closed::add);
            fe.connectAll(service.ingestAddress());
            for (long spill = 1; spill <= 2; spill++) {
                fe.beginOfSpill(spill);
                for (long e = 1; e <= 1000; e++) {
                    fe.event(spill, e);
                }
                for (int s : FrontEndGroup.SOURCES) {   // spill 1: the trigger unit says 1200, ECAL-PS 800
                    fe.endOfSpill(s, spill, spill == 2 ? 1000 : s == 1 ? 1200 : s == 2 ? 800 : 1000);
                }
                long n = spill;
                await().atMost(30, TimeUnit.SECONDS).until(() -> closed.size() == n);
            }
            assertThat(closed.get(0).triggerCountMismatch).isTrue();
            assertThat(closed.get(0).endTriggersPerSource)
                    .hasSize(5).containsAllEntriesOf(java.util.Map.of(1, 1200L, 2, 800L, 3, 1000L, 4, 1000L, 5, 1000L));
            assertThat(closed.get(0).complete).isEqualTo(1000);
            assertThat(closed.get(1).triggerCountMismatch).as("counts that agree").isFalse();
            assertThat(Metrics.scrape(service).value("daq_spills_trigger_count_mismatch_total")).isEqualTo(1);
        }
    }
}
