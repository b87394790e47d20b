package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqContext;
import na64.daq.app.DaqService;
import na64.daq.app.run.RunStart;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestCounters;
import na64.daq.monitoring.RunControl;
import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredConfig;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredRun;
import na64.daq.store.StoredSpill;
import na64.daq.testkit.FrontEndGroup;

/**
 * Issue 12, run control: one process, idle at start, takes two runs started and stopped over HTTP on
 * loopback. Fragments sent while idle are counted per source as outside the run, never built and
 * never lost; a stop closes the open spill as run_stop and leaves the service up and its front-ends
 * connected; the store holds each run's begin and end records and the configuration they name; a
 * run number that disagrees with the front-ends' BEGIN_OF_SPILL is counted and shown.
 */
class RunCycleTest {
    private static final RunConfig CONFIG = ConfigLoader.parse(ControlClient.OVERLAY, "run cycle test overlay");

    @TempDir
    Path store;

    @Test
    void twoRunsInOneProcessAreRecordedWithTheirConfigurationAndIdleFragmentsAreCountedNotBuilt() throws Exception {
        RunStart idle = new RunStart(true, null, RunControl.Requester.api("test"));
        try (DaqService service = DaqService.start(new DaqContext().config(CONFIG).storeDir(store)
                .ingestHost("127.0.0.1").ingestPort(0).runStart(idle))) {
            ControlClient http = ControlClient.of(service.monitoring().metricsUrl());
            IngestCounters in = service.ingest().counters();
            assertThat(http.state()).isEqualTo("idle");
            try (FrontEndGroup fe = new FrontEndGroup(101, 2)) {
                fe.connectAll(service.ingestAddress()).beginOfSpill(1);
                for (long e = 1; e <= 5; e++) {
                    fe.event(1, e);
                }
                fe.endOfSpill(1, 5);
                await("idle frames counted").atMost(30, TimeUnit.SECONDS).until(() -> outsideRun(in) == 5 * 5);

                assertThat(http.post("/run/start", "{\"run\": 101}").statusCode()).isEqualTo(200);
                assertThat(http.state()).isEqualTo("running");
                spill(fe, 2, 10, true);
                await().atMost(30, TimeUnit.SECONDS).until(() -> service.store().spillsAppended().get() == 1);

                assertThat(http.post("/run/stop", "").statusCode()).isEqualTo(202);
                await("back to idle").atMost(30, TimeUnit.SECONDS).until(() -> http.state().equals("idle"));
                spill(fe, 3, 3, false); // while idle: counted, not built
                await().atMost(30, TimeUnit.SECONDS).until(() -> outsideRun(in) == 5 * 8);
                assertThat(in.connected[in.indexOf(3)].get()).as("front-ends stay connected while idle").isEqualTo(1);
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> in.connected[in.indexOf(1)].get() == 0);

            // The second run is started as run 103, but the front-ends number it 102: counted and shown.
            try (FrontEndGroup fe = new FrontEndGroup(102, 2)) {
                fe.connectAll(service.ingestAddress());
                assertThat(http.post("/run/start", "{\"run\": 103}").statusCode()).isEqualTo(200);
                spill(fe, 1, 10, true);
                spill(fe, 2, 5, false); // still open at the stop
                await().atMost(30, TimeUnit.SECONDS).until(() -> service.pipeline().counters().completeEvents.get() == 25);
                JsonNode run = http.status().get("run_control");
                assertThat(run.get("run").asLong()).isEqualTo(103);
                assertThat(run.get("front_end_run").asLong()).isEqualTo(102);
                assertThat(run.get("begin_of_spill_other_run").asLong()).as("one per source's BEGIN_OF_SPILL").isEqualTo(10);
                assertThat(run.get("requested_by").asText()).isEqualTo("http");
                assertThat(run.get("started_at").asText()).startsWith("20");

                assertThat(http.post("/run/stop", "").statusCode()).isEqualTo(202);
                await().atMost(30, TimeUnit.SECONDS).until(() -> http.state().equals("idle"));
            }
            Metrics m = http.metrics();
            assertThat(m.value("daq_source_outside_run_frames_total{source=\"3\",type=\"fragment\"}"))
                    .isEqualTo(8);
            assertThat(m.value("daq_source_outside_run_frames_total{source=\"3\",type=\"spill_marker\"}"))
                    .as("BEGIN and END of spill 1, BEGIN of spill 3").isEqualTo(3);
            assertThat(service.pipeline().counters().fragments.get()).as("only the runs' fragments were built")
                    .isEqualTo(5 * 25);
        }

        List<StoredRecord> records = StoreFiles.records(store);
        List<StoredRecord> control = records.stream().filter(r -> r instanceof StoredRun || r instanceof StoredConfig).toList();
        assertThat(control).hasSize(5);
        StoredConfig config = (StoredConfig) control.get(0);
        assertThat(config.hash()).isEqualTo(CONFIG.hash());
        assertThat(ConfigLoader.parse(config.yaml(), "stored").streams()).isEqualTo(CONFIG.streams());
        assertRun(control.get(1), StoredRun.Phase.BEGIN, 101, 0, 0);
        assertRun(control.get(2), StoredRun.Phase.END, 101, 1, 0);
        assertRun(control.get(3), StoredRun.Phase.BEGIN, 103, 0, 0);
        assertRun(control.get(4), StoredRun.Phase.END, 103, 2, 10);

        List<SpillSummary> spills = new ArrayList<>();
        for (StoredRecord r : records) {
            if (r instanceof StoredSpill s) {
                spills.add(s.summary());
            }
        }
        assertThat(spills).extracting(s -> s.run + "/" + s.spill + " " + s.closeReason + " " + s.complete)
                .containsExactly("101/2 ALL_ENDED 10", "102/1 ALL_ENDED 10", "102/2 RUN_STOP 5");
        assertThat(spills).allSatisfy(s -> assertThat(s.configHash).isEqualTo(CONFIG.hash()));
        assertThat(records.stream().filter(StoredEvent.class::isInstance).map(StoredEvent.class::cast)
                .filter(e -> e.run() == 101 && e.spill() != 2)).as("nothing of the spills sent while idle").isEmpty();
        assertThat(spills.get(2).closeReason).isEqualTo(CloseReason.RUN_STOP);
    }

    private static void spill(FrontEndGroup fe, long spill, long events, boolean end) throws Exception {
        fe.beginOfSpill(spill);
        for (long e = 1; e <= events; e++) {
            fe.event(spill, e);
        }
        if (end) {
            fe.endOfSpill(spill, events);
        }
    }

    private static long outsideRun(IngestCounters in) {
        long n = 0;
        for (int i = 0; i < in.sourceCount(); i++) {
            n += in.fragmentsOutsideRun[i].get();
        }
        return n;
    }

    private static void assertRun(StoredRecord r, StoredRun.Phase phase, long run, long spills, long otherRunBegins) {
        assertThat(r).isInstanceOfSatisfying(StoredRun.class, s -> {
            assertThat(s.phase()).isEqualTo(phase);
            assertThat(s.run()).isEqualTo(run);
            assertThat(s.requestedBy()).isEqualTo("http");
            assertThat(s.detail()).startsWith("POST /run/").contains("127.0.0.1");
            assertThat(s.configHash()).isEqualTo(CONFIG.hash());
            assertThat(s.spills()).isEqualTo(spills);
            assertThat(s.otherRunBegins()).isEqualTo(otherRunBegins);
            assertThat(s.wallClockNs()).isPositive();
        });
    }
}
