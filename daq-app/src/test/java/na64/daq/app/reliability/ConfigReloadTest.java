package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqService;
import na64.daq.builder.BuilderCounters;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredConfig;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredSpill;
import na64.daq.testkit.FrontEndGroup;
import na64.daq.trigger.Streams;

/**
 * Issue 12, configuration lifecycle, over HTTP on loopback against the running service: a reload
 * between two spills changes the second spill's decisions (prescale) and reconstruction (threshold)
 * and names its hash, not the first's; invalid reloads change nothing; a reload sent in the middle
 * of a spill applies from the next spill. Every hash a spill names is in the store.
 */
class ConfigReloadTest {
    private static final String BASE = ControlClient.OVERLAY;
    /** Every other RANDOM event, and every amplitude below threshold (energies 0). */
    private static final String PRESCALED = BASE + "streams: {random: {prescale: 2}}\nreconstruction: {thresholdCounts: 1000}\n";
    private static final RunConfig CONFIG = ConfigLoader.parse(BASE, "reload test");

    @TempDir
    Path store;

    @Test
    void reloadsApplyAtSpillBoundariesAndInvalidOnesChangeNothing() throws Exception {
        String h1 = CONFIG.hash();
        String h2;
        try (DaqService service = DaqService.start(CONFIG, store, "127.0.0.1", 0);
             FrontEndGroup fe = new FrontEndGroup(200, 2)) {
            ControlClient http = ControlClient.of(service.monitoring().metricsUrl());
            BuilderCounters b = service.pipeline().counters();
            fe.connectAll(service.ingestAddress());
            spill(fe, 1, 1, 10, true);
            await().atMost(30, TimeUnit.SECONDS).until(() -> b.spillsClosed.get() == 1);

            HttpResponse<String> ok = http.post("/config", PRESCALED);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            h2 = ControlClient.json(ok).get("config_hash").asText();
            assertThat(h2).isNotEqualTo(h1);
            assertThat(http.status().get("config_hash").asText()).isEqualTo(h2);

            assertRefused(http, BASE + "streams: {random: {prescale: 0}}\n", "streams.random.prescale");
            assertRefused(http, BASE + "ingest: {port: 9999}\n", "ingest.port");
            assertRefused(http, BASE + "sources: [{id: 1, name: TRIGGER, kind: trigger, channels: 0}, "
                    + "{id: 2, name: ECAL-PS, kind: msadc, channels: 36}, {id: 3, name: ECAL-MAIN, kind: msadc, channels: 36}, "
                    + "{id: 4, name: HCAL-2, kind: msadc, channels: 36}, {id: 5, name: VETO-SRD, kind: msadc, channels: 19}]\n",
                    "sources: cannot change");
            assertRefused(http, "streams: [unclosed\n", "line");
            assertThat(http.status().get("config_hash").asText()).as("refused reloads change nothing").isEqualTo(h2);

            spill(fe, 2, 1, 10, true);
            await().atMost(30, TimeUnit.SECONDS).until(() -> b.spillsClosed.get() == 2);

            // In the middle of spill 3 the first configuration comes back: spill 3 keeps h2, spill 4 takes h1.
            spill(fe, 3, 1, 5, false);
            await().atMost(30, TimeUnit.SECONDS).until(() -> b.completeEvents.get() == 25);
            HttpResponse<String> back = http.post("/config", BASE);
            assertThat(ControlClient.json(back).get("config_hash").asText()).isEqualTo(h1);
            assertThat(ControlClient.json(http.post("/config", BASE)).get("message").asText()).startsWith("unchanged");
            spill(fe, 3, 6, 10, true);
            spill(fe, 4, 1, 10, true);
            await().atMost(30, TimeUnit.SECONDS).until(() -> b.spillsClosed.get() == 4);
            JsonNode reloads = http.status().get("run_control").get("config_reloads");
            assertThat(reloads.asLong()).isEqualTo(3);
            assertThat(http.metrics().value("daq_config_reloads_total{result=\"refused\"}")).isEqualTo(4);
        }

        List<StoredRecord> records = StoreFiles.records(store);
        List<SpillSummary> spills = records.stream().filter(StoredSpill.class::isInstance)
                .map(r -> ((StoredSpill) r).summary()).toList();
        assertThat(spills).extracting(s -> s.configHash).containsExactly(h1, h2, h2, h1);
        assertThat(spills).extracting(s -> s.accepted[Streams.RANDOM]).containsExactly(10L, 5L, 5L, 10L);
        assertThat(ecal(records, 1)).as("spill 1 reconstructed with the first threshold").isPositive();
        assertThat(ecal(records, 2)).as("spill 2: every amplitude below the new threshold").isZero();
        assertThat(ecal(records, 3)).as("spill 3, including what was sent after the reload").isZero();
        assertThat(ecal(records, 4)).isPositive();
        assertThat(records.stream().filter(StoredConfig.class::isInstance).map(r -> ((StoredConfig) r).hash()))
                .as("each configuration stored once, before the spills that name it").containsExactly(h1, h2);
        int h2Record = records.indexOf(records.stream().filter(r -> r instanceof StoredConfig c && c.hash().equals(h2))
                .findFirst().orElseThrow());
        int spill2 = records.indexOf(records.stream().filter(r -> r instanceof StoredSpill s && s.summary().spill == 2)
                .findFirst().orElseThrow());
        assertThat(h2Record).isLessThan(spill2);
        StoredConfig stored = (StoredConfig) records.get(h2Record);
        assertThat(ConfigLoader.parse(stored.yaml(), "stored").streams().random().prescale()).isEqualTo(2);
    }

    private static void assertRefused(ControlClient http, String yaml, String problem) {
        HttpResponse<String> r = http.post("/config", yaml);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode problems = ControlClient.json(r).get("problems");
        assertThat(problems).isNotEmpty();
        assertThat(problems.toString()).contains(problem);
    }

    /** Sum of E_ECAL over the stored events of {@code spill}. */
    private static double ecal(List<StoredRecord> records, long spill) {
        return records.stream().filter(r -> r instanceof StoredEvent e && e.spill() == spill)
                .mapToDouble(r -> ((StoredEvent) r).eEcal()).sum();
    }

    private static void spill(FrontEndGroup fe, long spill, long first, long last, boolean end) throws Exception {
        if (first == 1) {
            fe.beginOfSpill(spill);
        }
        for (long e = first; e <= last; e++) {
            fe.event(spill, e);
        }
        if (end) {
            fe.endOfSpill(spill, last);
        }
    }
}
