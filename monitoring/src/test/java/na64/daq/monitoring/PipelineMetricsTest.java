package na64.daq.monitoring;

import na64.daq.testkit.PromText;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.builder.BuilderCounters;
import na64.daq.pipeline.SpillSummary;
import na64.daq.trigger.Streams;

class PipelineMetricsTest {
    @TempDir
    Path dir;

    @Test
    void ringRemainingCapacityAndOccupancyFollowWhatIsPublishedAndNotConsumed() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            f.publish(16);
            PromText s = new PromText(m.scrape());
            assertThat(s.value("daq_ring_size")).isEqualTo(64);
            assertThat(s.value("daq_ring_remaining_capacity")).isEqualTo(48);
            assertThat(s.value("daq_ring_occupancy_ratio")).isEqualTo(0.25);
            assertThat(s.value("daq_ring_published_total")).isEqualTo(16);
            assertThat(s.value("daq_ring_consumed_total")).isEqualTo(0);
            assertThat(s.value("daq_builder_running")).isEqualTo(0);
        }
    }

    @Test
    void consumerStalledBecomesOneOnlyAfterTheThresholdWithoutProgress() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            f.publish(3);
            assertThat(new PromText(m.scrape()).value("daq_builder_consumer_stalled")).isEqualTo(0);
            f.clock.advanceMillis(4_000);
            PromText s = new PromText(m.scrape());
            assertThat(s.value("daq_builder_consumer_stalled")).isEqualTo(0);
            assertThat(s.value("daq_builder_consumer_seconds_without_progress")).isEqualTo(4.0);
            f.clock.advanceMillis(1_000);
            assertThat(new PromText(m.scrape()).value("daq_builder_consumer_stalled")).isEqualTo(1);
        }
    }

    @Test
    void builderCountersStreamsSpillsAndEotAreExported() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            BuilderCounters b = f.pipeline.counters();
            b.completeEvents.add(1125);
            b.incompleteEvents.add(75);
            b.duplicates.add(42);
            b.inFlight.set(9);
            b.acceptedPerStream[Streams.INVISIBLE].add(52);
            b.acceptedPerStream[Streams.RANDOM].add(15);
            b.spillsClosed.add(2);
            b.openSpills.set(1);
            b.currentRun.set(4243);
            b.currentSpill.set(3);
            b.eotTotal.add(1219);
            b.lastSpillEot.set(607);
            m.onSpillClosed(spill(4243, 1, 612));
            m.onSpillClosed(spill(4243, 2, 607));

            PromText s = new PromText(m.scrape());
            assertThat(s.value("daq_events_complete_total")).isEqualTo(1125);
            assertThat(s.value("daq_events_incomplete_total")).isEqualTo(75);
            assertThat(s.value("daq_fragments_duplicate_total")).isEqualTo(42);
            assertThat(s.value("daq_events_in_flight")).isEqualTo(9);
            assertThat(s.value("daq_decisions_total", "stream", "invisible")).isEqualTo(52);
            assertThat(s.value("daq_decisions_total", "stream", "random")).isEqualTo(15);
            assertThat(s.value("daq_decisions_total", "stream", "calibration")).isEqualTo(0);
            assertThat(s.value("daq_spills_closed_total")).isEqualTo(2);
            assertThat(s.value("daq_spills_open")).isEqualTo(1);
            assertThat(s.value("daq_run_number")).isEqualTo(4243);
            assertThat(s.value("daq_spill_number")).isEqualTo(3);
            assertThat(s.value("daq_eot_total")).isEqualTo(1219);
            assertThat(s.value("daq_eot_last_spill")).isEqualTo(607);
            assertThat(s.value("daq_eot_run")).isEqualTo(1219);
        }
    }

    @Test
    void eotOfTheRunStartsAgainWhenASpillOfAnotherRunCloses() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            m.onSpillClosed(spill(10, 1, 500));
            m.onSpillClosed(spill(10, 2, 400));
            m.onSpillClosed(spill(11, 1, 300));
            m.onSpillClosed(spill(11, 2, -1)); // trigger unit never sent its scalers
            assertThat(new PromText(m.scrape()).value("daq_eot_run")).isEqualTo(300);
        }
    }

    @Test
    void storeAppendsBytesAndAppendTimeAreExported() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            f.store.appendSpill(spill(1, 1, 10));
            f.store.appendSpill(spill(1, 2, 10));
            PromText s = new PromText(m.scrape());
            assertThat(s.value("daq_store_spills_appended_total")).isEqualTo(2);
            assertThat(s.value("daq_store_events_appended_total")).isEqualTo(0);
            assertThat(s.value("daq_store_appended_bytes_total")).isEqualTo(f.store.bytesAppended().get()).isPositive();
            assertThat(s.value("daq_store_append_seconds_count")).isEqualTo(2);
            assertThat(s.value("daq_store_append_seconds_sum")).isCloseTo(f.store.appendNanosTotal().get() / 1e9, within(1e-12));
            assertThat(s.value("daq_store_last_append_seconds")).isCloseTo(f.store.lastAppendLatencyNanos().get() / 1e9, within(1e-12));
        }
    }

    @Test
    void runStateGaugeMarksTheCurrentStateAndConfigInfoCarriesTheHash() {
        try (Fixture f = new Fixture(dir)) {
            RunControl control = new RunControl(new TestOwner(), f.clock, f.config.hash());
            try (DaqMetrics m = new DaqMetrics(f.components, control, 5)) {
                assertThat(new PromText(m.scrape()).value("daq_run_state", "state", "idle")).isEqualTo(1);
                control.markReady();
                control.requestStart(77L, RunControl.Requester.api("test"));
                f.ingest.fragmentsOutsideRun[f.ingest.indexOf(3)].add(9);
                PromText s = new PromText(m.scrape());
                assertThat(s.value("daq_run_state", "state", "running")).isEqualTo(1);
                assertThat(s.value("daq_run_state", "state", "idle")).isEqualTo(0);
                assertThat(s.value("daq_run_control_number")).isEqualTo(77);
                assertThat(s.value("daq_config_info", "config_hash", f.config.hash())).isEqualTo(1);
                assertThat(s.sum("daq_source_outside_run_frames_total", "source", "3")).as("fragments + spill markers")
                        .isEqualTo(9);
            }
        }
    }

    static SpillSummary spill(long run, long spill, long eot) {
        SpillSummary s = new SpillSummary();
        s.run = run;
        s.spill = spill;
        s.eot = eot;
        s.configHash = "test";
        return s;
    }
}
