package na64.daq.monitoring;

import na64.daq.testkit.PromText;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;

import org.HdrHistogram.SingleWriterRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.testkit.ManualClock;

class DecisionLatencyTest {
    @TempDir
    Path dir;

    @Test
    void recordedLatenciesLandInCumulativeBucketsWithSumAndCount() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            SingleWriterRecorder r = f.pipeline.decisionLatencyNanos();
            for (int i = 0; i < 90; i++) {
                r.recordValue(40_000);          // 40 µs
            }
            for (int i = 0; i < 9; i++) {
                r.recordValue(700_000);         // 0.7 ms
            }
            r.recordValue(3_000_000);           // 3 ms

            PromText s = new PromText(m.scrape());
            assertThat(s.value("daq_decision_latency_seconds_bucket", "le", "2.5E-5")).isEqualTo(0);
            assertThat(s.value("daq_decision_latency_seconds_bucket", "le", "5.0E-5")).isEqualTo(90);
            assertThat(s.value("daq_decision_latency_seconds_bucket", "le", "0.001")).isEqualTo(99);
            assertThat(s.value("daq_decision_latency_seconds_bucket", "le", "0.0025")).isEqualTo(99);
            assertThat(s.value("daq_decision_latency_seconds_bucket", "le", "0.005")).isEqualTo(100);
            assertThat(s.value("daq_decision_latency_seconds_bucket", "le", "+Inf")).isEqualTo(100);
            assertThat(s.value("daq_decision_latency_seconds_count")).isEqualTo(100);
            assertThat(s.value("daq_decision_latency_seconds_sum")).isCloseTo(90 * 40e-6 + 9 * 700e-6 + 3e-3, within(1e-5));
            assertThat(s.value("daq_decision_latency_recent_seconds", "quantile", "0.5")).isCloseTo(40e-6, within(1e-6));
            assertThat(s.value("daq_decision_latency_recent_seconds", "quantile", "0.99")).isCloseTo(700e-6, within(1e-5));
            assertThat(s.value("daq_decision_latency_recent_max_seconds")).isCloseTo(3e-3, within(3e-5));

            // A second scrape neither loses nor double-counts what the first one took out of the recorder.
            r.recordValue(40_000);
            PromText again = new PromText(m.scrape());
            assertThat(again.value("daq_decision_latency_seconds_count")).isEqualTo(101);
            assertThat(again.value("daq_decision_latency_seconds_bucket", "le", "5.0E-5")).isEqualTo(91);
        }
    }

    @Test
    void recentQuantilesForgetLatenciesOlderThanTheWindowButTheHistogramKeepsThem() {
        ManualClock clock = new ManualClock(0);
        SingleWriterRecorder r = new SingleWriterRecorder(60_000_000_000L, 3);
        DecisionLatency latency = new DecisionLatency(r, clock);
        r.recordValue(5_000_000);
        latency.sample();
        clock.advanceMillis(30_000);
        r.recordValue(20_000);
        latency.sample();
        assertThat(latency.recentQuantile(1.0)).isCloseTo(5e-3, within(5e-5));

        clock.advanceMillis(45_000); // the 5 ms value is now 75 s old, the 20 µs one 45 s
        assertThat(latency.recentQuantile(1.0)).isCloseTo(20e-6, within(1e-6));
        clock.advanceMillis(30_000);
        assertThat(latency.recentQuantile(0.5)).isNaN();
        assertThat(latency.count()).isEqualTo(2);
    }
}
