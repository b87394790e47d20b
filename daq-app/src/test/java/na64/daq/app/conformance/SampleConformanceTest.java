package na64.daq.app.conformance;

import na64.daq.testkit.Samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;

import na64.daq.app.DaqService;
import na64.daq.app.DumpCommand;
import na64.daq.app.replay.Recording;
import na64.daq.app.replay.Replayer;
import na64.daq.config.ConfigLoader;
import na64.daq.store.EventStoreReader;
import na64.daq.store.StoredRecord;

/**
 * Acceptance: both recorded spills of the independent implementation, replayed through the real
 * TCP ingest into a real Chronicle store, give exactly the expected accepted events, streams,
 * energies (1e-6 relative), every spill count and the total protocol errors. The comparison reads
 * what {@code daq dump} prints.
 */
class SampleConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;

    @ParameterizedTest(name = "{0} replayed through TCP matches its expected.jsonl")
    @ValueSource(strings = {"reference-spill", "faulty-spill"})
    void replayedSampleMatchesTheIndependentImplementation(String name) throws Exception {
        Path samples = Samples.dir();
        Recording recording = Recording.load(samples.resolve(name + ".na64raw"));
        List<JsonNode> expected = Samples.expectedLines(name);

        List<JsonNode> dumped = new ArrayList<>();
        try (DaqService service = DaqService.start(ConfigLoader.loadDefault().withMonitoringPort(0), store, "127.0.0.1", 0)) {
            Replayer.Result sent = Replayer.replay(recording, service.ingestAddress(), 0);
            assertThat(sent.failures()).isEmpty();
            await().atMost(30, TimeUnit.SECONDS).until(() -> service.pipeline().counters().spillsClosed.get()
                    == recording.spills().size());
        }
        try (EventStoreReader reader = EventStoreReader.open(store)) {
            StoredRecord r;
            while ((r = reader.next()) != null) {
                dumped.add(JSON.readTree(DumpCommand.render(r)));
            }
        }

        compareEvents(expected, dumped);
        compareSpills(expected, dumped);
    }

    private static void compareEvents(List<JsonNode> expected, List<JsonNode> dumped) {
        Map<String, JsonNode> want = new HashMap<>();
        Map<String, JsonNode> wantStored = new HashMap<>();
        for (JsonNode e : expected) {
            if (e.get("kind").asText().equals("event")) {
                wantStored.put(key(e), e);
                if (e.get("streams").size() > 0) {
                    want.put(key(e), e);
                }
            }
        }
        Map<String, JsonNode> got = new HashMap<>();
        for (JsonNode e : dumped) {
            if (e.get("kind").asText().equals("event") && e.get("streams").size() > 0) {
                got.put(key(e), e);
            }
        }
        assertThat(new TreeSet<>(got.keySet())).as("accepted events").isEqualTo(new TreeSet<>(want.keySet()));
        for (Map.Entry<String, JsonNode> w : want.entrySet()) {
            JsonNode g = got.get(w.getKey());
            assertThat(names(g.get("streams"))).as("streams of " + w.getKey()).isEqualTo(names(w.getValue().get("streams")));
            assertThat(g.get("trigger_type").asInt()).as("trigger type of " + w.getKey())
                    .isEqualTo(w.getValue().get("trigger_type").asInt());
            assertEnergies(w.getKey(), w.getValue(), g);
        }
        // Incomplete events are stored too (store.storeIncomplete): energies over the fragments that arrived, and who was missing.
        long incompleteStored = 0;
        for (JsonNode g : dumped) {
            if (g.get("kind").asText().equals("event") && !g.get("complete").asBoolean()) {
                incompleteStored++;
                JsonNode w = wantStored.get(key(g));
                assertThat(w).as("stored incomplete event " + key(g) + " exists in the expected file").isNotNull();
                assertThat(w.get("complete").asBoolean()).isFalse();
                assertThat(g.get("missing").toString()).as("missing sources of " + key(g)).isEqualTo(w.get("missing").toString());
                assertEnergies(key(g), w, g);
            }
        }
        long incompleteExpected = wantStored.values().stream().filter(e -> !e.get("complete").asBoolean()).count();
        assertThat(incompleteStored).as("incomplete events stored").isEqualTo(incompleteExpected);
    }

    private static void assertEnergies(String key, JsonNode want, JsonNode got) {
        for (String f : List.of("E_PS", "E_ECAL", "E_HCAL", "E_VETO", "E_SRD")) {
            double w = want.get(f).asDouble();
            double g = got.get(f).asDouble();
            double tolerance = Math.max(Math.abs(w) * 1e-6, 1e-9);
            if (Math.abs(w - g) > tolerance) {
                fail(f + " of " + key + ": expected " + w + ", got " + g);
            }
        }
    }

    private static void compareSpills(List<JsonNode> expected, List<JsonNode> dumped) {
        Map<String, JsonNode> got = new HashMap<>();
        for (JsonNode s : dumped) {
            if (s.get("kind").asText().equals("spill")) {
                got.put(s.get("run").asLong() + "/" + s.get("spill").asLong(), s);
            }
        }
        long wantErrors = 0;
        long gotErrors = 0;
        int spills = 0;
        for (JsonNode w : expected) {
            if (!w.get("kind").asText().equals("spill")) {
                continue;
            }
            spills++;
            String k = w.get("run").asLong() + "/" + w.get("spill").asLong();
            JsonNode g = got.get(k);
            assertThat(g).as("summary of spill " + k).isNotNull();
            for (String f : List.of("triggers", "complete", "incomplete", "duplicates", "protocol_errors", "eot")) {
                assertThat(g.get(f).asLong()).as(f + " of spill " + k).isEqualTo(w.get(f).asLong());
            }
            for (String stream : List.of("invisible", "random", "calibration")) {
                assertThat(g.get("accepted").get(stream).asLong()).as("accepted " + stream + " of spill " + k)
                        .isEqualTo(w.get("accepted").get(stream).asLong());
            }
            assertThat(g.get("closed_by").asText()).isEqualTo("all_ended");
            assertThat(g.get("config_hash").asText()).isEqualTo(ConfigLoader.loadDefault().hash());
            wantErrors += w.get("protocol_errors").asLong();
            gotErrors += g.get("protocol_errors").asLong();
        }
        assertThat(got).as("no spill summaries beyond the expected ones").hasSize(spills);
        assertThat(gotErrors).as("total protocol errors").isEqualTo(wantErrors);
    }

    private static String key(JsonNode e) {
        return e.get("run").asLong() + "/" + e.get("spill").asLong() + "/" + String.format("%06d", e.get("event").asLong());
    }

    private static List<String> names(JsonNode array) {
        List<String> n = new ArrayList<>();
        array.forEach(x -> n.add(x.asText()));
        n.sort(String::compareTo);
        return n;
    }

}
