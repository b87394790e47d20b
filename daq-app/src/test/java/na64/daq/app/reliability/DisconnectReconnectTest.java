package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqContext;
import na64.daq.app.DaqService;
import na64.daq.builder.BuilderCounters;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredEvent;
import na64.daq.testkit.FrontEndGroup;
import na64.daq.testkit.ManualClock;

/**
 * Issue 6, item 3: a front-end drops in the middle of a spill and comes back. The triggers of the
 * gap are built incomplete with that source listed missing (by the build timeout: it could still
 * have sent them), /status and the liveness metrics show it disconnected while it is away, and when
 * it reconnects and continues where it stopped (spec §1) its fragments of the gap are counted late,
 * never built into a second event, and the following triggers are complete again. The whole service
 * runs on a hand-driven clock, with the default timeouts: the test moves time past the build timeout
 * once the gap's fragments are in, and past the silence timeout to see HCAL reported silent.
 */
class DisconnectReconnectTest {
    private static final int HCAL = 4;
    /** Default timeouts; the HTTP endpoint on an ephemeral port. */
    private static final RunConfig CONFIG = ConfigLoader.parse("monitoring: {port: 0}\n", "reconnect test overlay");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;

    @Test
    void eventsInTheGapAreIncompleteMissingThatSourceTheGapIsVisibleAndLaterEventsCompleteAgain() throws Exception {
        List<SpillSummary> closed = new CopyOnWriteArrayList<>();
        ManualClock clock = new ManualClock(1_000_000_000L);
        try (DaqService service = DaqService.start(new DaqContext().config(CONFIG).storeDir(store).ingestHost("127.0.0.1")
                .ingestPort(0).nanoClock(clock).epochClock(clock).spillListener(closed::add));
             FrontEndGroup fe = new FrontEndGroup(77, 2)) {
            BuilderCounters b = service.pipeline().counters();
            String status = service.monitoring().metricsUrl().replace("/metrics", "/status");
            fe.connectAll(service.ingestAddress()).beginOfSpill(1);
            for (long e = 1; e <= 100; e++) {
                fe.event(1, e);
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> b.completeEvents.get() == 100);

            fe.drop(HCAL);
            await("the drop is seen").atMost(30, TimeUnit.SECONDS).until(() -> !source(status, HCAL).path("connected").asBoolean());
            for (long e = 101; e <= 200; e++) {
                for (int s : new int[] {1, 2, 3, 5}) {
                    fe.fragment(s, 1, e);
                }
            }
            await("the gap's fragments are in").atMost(30, TimeUnit.SECONDS).until(() -> b.fragments.get() == 5 * 100 + 4 * 100);
            assertThat(b.incompleteEvents.get()).as("nothing times out while the clock stands").isZero();
            clock.advanceMillis(CONFIG.builder().buildTimeoutMs());
            await("the gap's events time out").atMost(30, TimeUnit.SECONDS).until(() -> b.incompleteEvents.get() == 100);

            JsonNode away = source(status, HCAL);
            assertThat(away.path("connected").asBoolean()).as("/status: HCAL disconnected").isFalse();
            assertThat(away.path("missing_fragments").asLong()).as("/status: HCAL's missing fragments").isEqualTo(100);
            assertThat(away.path("silent").asBoolean()).as("not silent before the silence timeout").isFalse();
            clock.advanceMillis(CONFIG.ingest().silenceTimeoutMs() - CONFIG.builder().buildTimeoutMs() + 1); // longer than it
            assertThat(source(status, HCAL).path("silent").asBoolean()).as("HCAL reported silent").isTrue();
            assertThat(source(status, 3).path("connected").asBoolean()).as("the others stay connected").isTrue();
            Metrics gap = Metrics.scrape(service);
            assertThat(gap.value("daq_source_connected{source=\"4\"}")).isZero();
            assertThat(gap.value("daq_source_connected{source=\"3\"}")).isEqualTo(1);
            assertThat(gap.value("daq_source_missing_fragments_total{source=\"4\"}")).isEqualTo(100);
            assertThat(gap.value("daq_source_missing_fragments_total{source=\"3\"}")).isZero();

            // HCAL comes back and continues where it stopped: its fragments of the gap first.
            fe.connect(service.ingestAddress(), HCAL, 0);
            for (long e = 101; e <= 200; e++) {
                fe.fragment(HCAL, 1, e);
            }
            for (long e = 201; e <= 300; e++) {
                fe.event(1, e);
            }
            fe.endOfSpill(1, 300);
            await().atMost(30, TimeUnit.SECONDS).until(() -> closed.size() == 1);

            JsonNode back = source(status, HCAL);
            assertThat(back.path("connected").asBoolean()).as("/status: HCAL back").isTrue();
            Metrics after = Metrics.scrape(service);
            assertThat(after.value("daq_source_connected{source=\"4\"}")).isEqualTo(1);
            assertThat(after.value("daq_source_connections_total{source=\"4\"}")).as("HCAL connected twice").isEqualTo(2);
            assertThat(after.value("daq_fragments_late_total")).isEqualTo(100);

            SpillSummary s = closed.get(0);
            assertThat(s.closeReason).isEqualTo(CloseReason.ALL_ENDED);
            assertThat(s.complete).as("before and after the gap").isEqualTo(200);
            assertThat(s.incomplete).as("the gap").isEqualTo(100);
            assertThat(s.missingPerSource).containsExactlyEntriesOf(java.util.Map.of(HCAL, 100L));
            assertThat(s.late).as("HCAL's fragments of the gap, after their events were released").isEqualTo(100);
            assertThat(s.duplicates).isZero();
            assertThat(s.accepted[na64.daq.trigger.Streams.RANDOM]).isEqualTo(200);
            Accounting.check(service, closed);
        }
        List<StoredEvent> events = StoreFiles.events(store);
        assertThat(events).hasSize(300);
        assertThat(events).filteredOn(e -> e.event() >= 101 && e.event() <= 200).hasSize(100)
                .allSatisfy(e -> {
                    assertThat(e.complete()).isFalse();
                    assertThat(e.missingSources()).containsExactly(HCAL);
                    assertThat(e.streams()).isZero();
                });
        assertThat(events).filteredOn(e -> e.event() <= 100 || e.event() > 200).hasSize(200).allMatch(StoredEvent::complete);
    }

    private static JsonNode source(String statusUrl, int id) throws Exception {
        for (JsonNode s : JSON.readTree(Metrics.get(statusUrl)).path("sources")) {
            if (s.path("id").asInt() == id) {
                return s;
            }
        }
        throw new AssertionError("/status has no source " + id);
    }
}
