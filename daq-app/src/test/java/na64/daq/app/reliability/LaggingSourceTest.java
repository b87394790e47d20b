package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqService;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.pipeline.SpillSummary;
import na64.daq.testkit.FrontEndGroup;

/**
 * Issue 11, item 9, on the real service: a slow but alive source (a fragment every 100 ms, inside
 * the 1 s build timeout, so never stale) holds the others back only for the build timeout; then
 * the window lets go of it, the others run at their own pace, its events go incomplete, and both
 * the holds and the release are metrics (alert DaqSourceLagging).
 */
class LaggingSourceTest {
    private static final int SLOW = 3;
    private static final int EVENTS = 2000;
    private static final RunConfig CONFIG = ConfigLoader.parse("""
            monitoring: {port: 0}
            builder: {buildTimeoutMs: 1000, spillTimeoutMs: 60000, maxInFlightEvents: 64, ringSize: 1024}
            """, "lagging source overlay");

    @TempDir
    Path store;

    @Test
    void aSlowButAliveSourceStopsPacingTheOthersAfterTheBuildTimeout() throws Exception {
        List<SpillSummary> closed = new CopyOnWriteArrayList<>();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try (DaqService service = DaqService.start(CONFIG, store, "127.0.0.1", 0);
             FrontEndGroup fast = new FrontEndGroup(19, 2);
             FrontEndGroup slow = new FrontEndGroup(19, 2)) {
            service.onSpillClosed(closed::add);
            int[] others = {1, 2, 4, 5};
            for (int s : others) {
                fast.connect(service.ingestAddress(), s, 0).beginOfSpill(s, 1);
            }
            slow.connect(service.ingestAddress(), SLOW, 0).beginOfSpill(SLOW, 1);
            AtomicLong slowSent = new AtomicLong();
            pacer.scheduleAtFixedRate(() -> {
                try {
                    slow.fragment(SLOW, 1, slowSent.incrementAndGet());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            for (long e = 1; e <= EVENTS; e++) {
                for (int s : others) {
                    fast.fragment(s, 1, e);
                }
            }
            // The writes above land in socket buffers; what counts is when the builder has had every trigger.
            var b = service.pipeline().counters();
            await().atMost(60, TimeUnit.SECONDS).until(() -> b.completeEvents.get() + b.incompleteEvents.get() >= EVENTS - 64);
            long slowWhenDone = slowSent.get();
            pacer.shutdown();
            pacer.awaitTermination(10, TimeUnit.SECONDS);
            for (int s : others) {
                fast.endOfSpill(s, 1, EVENTS);
            }
            slow.endOfSpill(SLOW, 1, slowSent.get());
            await().atMost(30, TimeUnit.SECONDS).until(() -> closed.size() == 1);

            // Paced by the window (64 in flight: 32 events ahead), the others would have needed 2000 / 32 slow fragments.
            assertThat(slowWhenDone).as("slow fragments sent until the others' %d events were built", EVENTS)
                    .isLessThan(EVENTS / 32);
            SpillSummary s = closed.get(0);
            assertThat(s.complete + s.incomplete).isEqualTo(EVENTS);
            assertThat(s.missingPerSource).containsOnlyKeys(SLOW);
            Metrics m = Metrics.scrape(service);
            assertThat(m.value("daq_source_window_lag_releases_total{source=\"3\"}")).isPositive();
            assertThat(m.value("daq_source_window_lag_releases_total{source=\"2\"}")).isZero();
            assertThat(m.value("daq_ingest_window_holds_total")).isPositive();
            Accounting.check(service, closed);
        } finally {
            pacer.shutdownNow();
        }
    }
}
