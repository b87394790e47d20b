package na64.daq.monitoring;

import na64.daq.testkit.PromText;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.protocol.ProtocolError;

class SourceMetricsTest {
    @TempDir
    Path dir;

    @Test
    void perSourceIngestCountersAppearWithTheSourceIdAsLabelAndUnattributedAsItsOwnSource() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            int i2 = f.ingest.indexOf(2);
            f.ingest.frames[i2].add(7);
            f.ingest.bytes[i2].add(700);
            f.ingest.errors[i2][ProtocolError.BAD_CRC.ordinal()].add(3);
            int un = f.ingest.sourceCount();
            f.ingest.errors[un][ProtocolError.UNKNOWN_SOURCE.ordinal()].increment();
            f.ingest.frames[un].increment();

            PromText s = new PromText(m.scrape());
            assertThat(s.value("daq_source_frames_total", "source", "2")).isEqualTo(7);
            assertThat(s.value("daq_source_received_bytes_total", "source", "2")).isEqualTo(700);
            assertThat(s.value("daq_source_protocol_errors_total", "source", "2", "reason", "bad_crc")).isEqualTo(3);
            assertThat(s.value("daq_source_protocol_errors_total", "source", "unattributed", "reason", "unknown_source")).isEqualTo(1);
            assertThat(s.value("daq_source_frames_total", "source", "unattributed")).isEqualTo(1);
            assertThat(s.find("daq_source_protocol_errors_total")).hasSize(6 * ProtocolError.values().length);
            // connection state and liveness only exist for configured sources
            assertThat(s.find("daq_source_connected")).hasSize(5);
            assertThat(s.find("daq_source_connected", "source", "unattributed")).isEmpty();
        }
    }

    @Test
    void secondsSinceLastFrameCountsFromStartUntilTheFirstFrameThenFromTheLastFrame() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            f.clock.advanceMillis(3_000);
            PromText before = new PromText(m.scrape());
            assertThat(before.value("daq_source_seconds_since_last_frame", "source", "4")).isEqualTo(3.0);

            int i4 = f.ingest.indexOf(4);
            f.ingest.lastFrameNanos[i4].set(f.clock.nanoTime());
            f.ingest.connected[i4].set(1);
            f.clock.advanceMillis(6_500);
            PromText after = new PromText(m.scrape());
            assertThat(after.value("daq_source_seconds_since_last_frame", "source", "4")).isEqualTo(6.5);
            assertThat(after.value("daq_source_seconds_since_last_frame", "source", "1")).isEqualTo(9.5);
            assertThat(after.value("daq_source_connected", "source", "4")).isEqualTo(1);
            assertThat(after.value("daq_source_connected", "source", "1")).isEqualTo(0);
        }
    }

    @Test
    void backpressureIsExposedInSecondsAndBuilderCountsPerSourceFollowTheBuilder() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            int i3 = f.ingest.indexOf(3);
            f.ingest.backpressureNanos[i3].add(1_500_000_000L);
            f.pipeline.counters().missingPerSource[i3].add(4);
            f.pipeline.counters().fragmentsPerSource[i3].add(96);
            f.pipeline.counters().lastEventPerSource[i3].set(100);

            PromText s = new PromText(m.scrape());
            assertThat(s.value("daq_source_backpressure_seconds_total", "source", "3")).isEqualTo(1.5);
            assertThat(s.value("daq_source_missing_fragments_total", "source", "3")).isEqualTo(4);
            assertThat(s.value("daq_source_fragments_total", "source", "3")).isEqualTo(96);
            assertThat(s.value("daq_source_last_event", "source", "3")).isEqualTo(100);
        }
    }
}
