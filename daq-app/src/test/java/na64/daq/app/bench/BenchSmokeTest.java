package na64.daq.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqService;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.emulator.Encoding;

/**
 * Short runs of the load harness through the real service, with {@code daq load} in a JVM of its
 * own: every event is accounted for, the warm-up is not counted, and the parsable line has every
 * key. Speed is not asserted here (that is the benchmark's job).
 */
class BenchSmokeTest {
    private static final RunConfig CONFIG = ConfigLoader.loadDefault().withMonitoringPort(-1);

    @TempDir
    Path store;

    @Test
    @Timeout(180)
    void aShortPeakRunLosesNoEventAndPrintsTheParsableLine() throws Exception {
        BenchResult r = new LoadHarness(CONFIG, Encoding.PEAK, 0, 20_000, 5_000, 7).run();

        assertThat(r.loss()).isZero();
        assertThat(r.events()).isEqualTo(20_000);
        assertThat(r.line()).matches("bench: mode=peak events=20000 seconds=[\\d.]+ events_per_s=\\d+ mb_per_s=[\\d.]+ "
                + "p50_us=[\\d.]+ p99_us=[\\d.]+ p999_us=[\\d.]+ paced_rate=\\d+ paced_p50_us=[\\d.]+ paced_p99_us=[\\d.]+ "
                + "paced_p999_us=[\\d.]+ max_gc_pause_ms=\\d+ alloc_bytes_per_event=[\\d.]+ loss=0 loopback_ratio=[\\d.]+");
        assertThat(r.pacedRate()).isEqualTo(Math.floor(r.eventsPerSecond() * LoadHarness.PACED_SHARE));
        assertThat(r.discardMbPerSecond()).isPositive();
    }

    @Test
    @Timeout(180)
    void aShortWaveformRunLosesNoEvent() throws Exception {
        BenchResult r = new LoadHarness(CONFIG, Encoding.WAVEFORM, 0, 3_000, 1_000, 7).run();

        assertThat(r.loss()).isZero();
        assertThat(r.line()).startsWith("bench: mode=waveform events=3000 ").contains(" loss=0 ");
    }

    @Test
    @Timeout(180)
    void warmUpEventsReachTheServiceButAreNotCounted() throws Exception {
        LoadHarness harness = new LoadHarness(CONFIG, Encoding.PEAK, 0, 10_000, 3_000, 9);
        try (DaqService service = DaqService.start(CONFIG, store, "127.0.0.1", 0)) {
            SpillWatch watch = new SpillWatch();
            service.onSpillClosed(watch);
            LoadHarness.Run run = harness.serviceRun(service, watch, 1, 0, true);

            assertThat(run.events()).isEqualTo(10_000);
            assertThat(run.loss()).isZero();
            assertThat(run.sent()).containsEntry("warmup_events", "3000").containsEntry("events", "10000");
            // the service built both: the warm-up spill (1) and the measured one (2)
            assertThat(watch.events(1, 1, 1)).isEqualTo(3_000);
            assertThat(watch.events(1, 2, 1)).isEqualTo(10_000);
            assertThat(run.latency().getTotalCount()).isBetween(1L, 10_000L); // decisions after the warm-up only
        }
    }
}
