package na64.daq.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import na64.daq.config.ConfigLoader;
import na64.daq.emulator.Encoding;

/**
 * A few-second run of the load harness through the real service: it must account for every event
 * and print the line scripts parse. Speed is not asserted here (that is the benchmark's job).
 */
class BenchSmokeTest {
    @Test
    void aShortPeakRunLosesNoEventAndPrintsTheParsableLine() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        LoadHarness.Result r = new LoadHarness(ConfigLoader.loadDefault().withMonitoringPort(-1), Encoding.PEAK, 20_000, 7)
                .run(new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(r.loss()).isZero();
        assertThat(r.events()).isEqualTo(20_000);
        assertThat(r.line()).matches("bench: mode=peak events_per_s=\\d+ mb_per_s=[\\d.]+ p50_us=[\\d.]+ p99_us=[\\d.]+ "
                + "p999_us=[\\d.]+ max_gc_pause_ms=\\d+ alloc_bytes_per_event=[\\d.]+ loss=0 loopback_ratio=[\\d.]+");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("discard sink");
    }

    @Test
    void aShortWaveformRunLosesNoEvent() throws Exception {
        LoadHarness.Result r = new LoadHarness(ConfigLoader.loadDefault().withMonitoringPort(-1), Encoding.WAVEFORM, 3_000, 7)
                .run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(r.loss()).isZero();
        assertThat(r.line()).startsWith("bench: mode=waveform ").contains(" loss=0 ");
    }
}
