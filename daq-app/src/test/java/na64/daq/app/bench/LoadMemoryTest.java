package na64.daq.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import na64.daq.app.DaqService;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.emulator.Encoding;

/**
 * Issue 9, acceptance 4: memory does not grow with the bench's duration. The same service (this
 * JVM) takes a 2 s and then an 8 s flat-out run of {@code daq load} (its own JVM); after each, the
 * service's live heap after a full GC, and the generator's heap after GC and peak resident size,
 * must not have grown by more than a generous bound. The bounds are on growth, not on time: a
 * generator holding what it sent (about 100 MB a second here) or a service keeping per-event state
 * would exceed them several times over.
 */
class LoadMemoryTest {
    private static final RunConfig CONFIG = ConfigLoader.loadDefault().withMonitoringPort(-1);
    private static final long MB = 1 << 20;

    @TempDir
    Path store;

    @ParameterizedTest
    @EnumSource(Encoding.class)
    @Timeout(240)
    void neitherTheServiceHeapNorTheGeneratorGrowsWithTheDuration(Encoding encoding) throws Exception {
        try (DaqService service = DaqService.start(CONFIG, store, "127.0.0.1", 0)) {
            SpillWatch watch = new SpillWatch();
            service.onSpillClosed(watch);
            LoadHarness.Run shortRun = new LoadHarness(CONFIG, encoding, 2, -1, 20_000, 3).serviceRun(service, watch, 1, 0, false);
            long heapAfterShort = ProcessMemory.heapAfterGc();
            LoadHarness.Run longRun = new LoadHarness(CONFIG, encoding, 8, -1, 20_000, 3).serviceRun(service, watch, 2, 0, false);
            long heapAfterLong = ProcessMemory.heapAfterGc();

            assertThat(shortRun.loss()).isZero();
            assertThat(longRun.loss()).isZero();
            assertThat(longRun.events()).isGreaterThan(shortRun.events());
            String figures = String.format("service heap after GC %d -> %d MB; generator heap after GC %s -> %s MB, "
                            + "peak RSS %s -> %s MB; events %d -> %d", heapAfterShort / MB, heapAfterLong / MB,
                    mb(shortRun, "heap_after_gc_mb"), mb(longRun, "heap_after_gc_mb"), mb(shortRun, "peak_rss_mb"),
                    mb(longRun, "peak_rss_mb"), shortRun.events(), longRun.events());
            System.out.println("LoadMemoryTest " + encoding + ": " + figures);
            assertThat(heapAfterLong).as(figures).isLessThan(heapAfterShort + 32 * MB);
            assertThat(mb(longRun, "heap_after_gc_mb")).as(figures).isLessThan(mb(shortRun, "heap_after_gc_mb") + 16);
            assertThat(mb(longRun, "peak_rss_mb")).as(figures).isLessThan(mb(shortRun, "peak_rss_mb") + 96);
        }
    }

    private static double mb(LoadHarness.Run run, String key) {
        Map<String, String> sent = run.sent();
        return Double.parseDouble(sent.get(key));
    }
}
