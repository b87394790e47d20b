package na64.daq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import na64.daq.testkit.Samples;
import na64.daq.store.EventStoreReader;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;
import na64.daq.trigger.Streams;

/**
 * Issue 12, {@code daq diff}: on each recorded sample, with a B that tightens the missing-energy cut
 * and samples calibration events ten times as often, {@code daq diff --json} lists exactly the events
 * whose streams differ, and the accepted counts per stream, as found independently: {@code daq replay}
 * under A and under B into two stores, read back and compared here.
 */
class DiffCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String B = """
            streams:
              invisible:
                ecal: {fraction: 0.3}
              calibration: {everyNth: 100}
            """;

    @TempDir
    Path dir;

    /** What one store holds: per "run/spill/event" (zero-padded, so it sorts), the stored event. */
    private record Stored(Map<String, StoredEvent> events) {
        int streams(String key) {
            StoredEvent e = events.get(key);
            return e == null ? 0 : e.streams(); // not stored: accepted by no stream
        }

        long accepted(int bit) {
            return events.values().stream().filter(e -> (e.streams() & (1 << bit)) != 0).count();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"reference-spill", "faulty-spill"})
    void jsonListsExactlyTheEventsWhoseStreamsDifferBetweenTwoSeparateReplays(String sample) throws Exception {
        Path file = Samples.dir().resolve(sample + ".na64raw");
        Path b = Files.writeString(dir.resolve("b.yaml"), B);

        Stored a = replay(file, null, dir.resolve("store-a"));
        Stored bb = replay(file, b, dir.resolve("store-b"));
        Map<String, String[]> expected = new TreeMap<>();
        List<String> keys = new ArrayList<>(a.events().keySet());
        keys.addAll(bb.events().keySet());
        for (String k : keys) {
            if (a.streams(k) != bb.streams(k)) {
                expected.put(k, new String[] {names(a.streams(k)), names(bb.streams(k))});
            }
        }
        assertThat(expected).as("the new cut changes some decisions of " + sample).isNotEmpty();

        Cli.Run r = Cli.run(dir, "diff", file.toString(), "--against", b.toString(), "--json");
        assertThat(r.exit()).as(r.all()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : r.out().lines().toList()) {
            lines.add(JSON.readTree(l));
        }
        JsonNode summary = lines.remove(lines.size() - 1);
        Map<String, String[]> listed = new TreeMap<>();
        for (JsonNode c : lines) {
            assertThat(c.get("kind").asText()).isEqualTo("change");
            String k = key(c.get("run").asLong(), c.get("spill").asLong(), c.get("event").asLong());
            listed.put(k, new String[] {c.get("a").toString(), c.get("b").toString()});
            StoredEvent e = a.events().containsKey(k) ? a.events().get(k) : bb.events().get(k);
            assertThat(c.get("E_PS").asDouble()).as("E_PS of " + k).isEqualTo(e.ePs());
            assertThat(c.get("E_ECAL").asDouble()).as("E_ECAL of " + k).isEqualTo(e.eEcal());
            assertThat(c.get("E_HCAL").asDouble()).as("E_HCAL of " + k).isEqualTo(e.eHcal());
            assertThat(c.get("E_VETO").asDouble()).as("E_VETO of " + k).isEqualTo(e.eVeto());
            assertThat(c.get("E_SRD").asDouble()).as("E_SRD of " + k).isEqualTo(e.eSrd());
        }
        assertThat(listed).as("changed events, with their streams under A and B")
                .containsOnlyKeys(expected.keySet())
                .allSatisfy((k, v) -> assertThat(v).containsExactly(expected.get(k)));
        assertThat(lines).as("one line per changed event").hasSize(expected.size());

        assertThat(summary.get("kind").asText()).isEqualTo("diff-summary");
        assertThat(summary.get("changed").asInt()).isEqualTo(expected.size());
        for (int bit = 0; bit < Streams.COUNT; bit++) {
            String s = Streams.name(bit);
            assertThat(summary.get("a").get(s).asLong()).as("accepted under A: " + s).isEqualTo(a.accepted(bit));
            assertThat(summary.get("b").get(s).asLong()).as("accepted under B: " + s).isEqualTo(bb.accepted(bit));
        }
    }

    @Test
    void textShowsTheCountsPerStreamAndOneRowPerChangedEvent() throws Exception {
        Path file = Samples.dir().resolve("reference-spill.na64raw");
        Path b = Files.writeString(dir.resolve("b.yaml"), B);
        Cli.Run json = Cli.run(dir, "diff", file.toString(), "--against", b.toString(), "--json");
        Cli.Run text = Cli.run(dir, "diff", file.toString(), "--against", b.toString());
        assertThat(text.exit()).as(text.all()).isZero();
        List<String> changes = json.out().lines().filter(l -> l.contains("\"kind\":\"change\"")).toList();
        assertThat(text.out()).contains("A: the embedded default (hash ", "B: " + b + " over the embedded default (hash ")
                .containsPattern("invisible +12 +\\d+")
                .contains(changes.size() + " events change streams");
        for (String c : changes) {
            JsonNode n = JSON.readTree(c);
            assertThat(text.out()).containsPattern(" " + n.get("run") + " +" + n.get("spill") + " +" + n.get("event") + " ");
        }
    }

    @Test
    void theSameConfigurationOnBothSidesChangesNothing() throws Exception {
        Path same = Files.writeString(dir.resolve("same.yaml"), "{}\n");
        Cli.Run r = Cli.run(dir, "diff", Samples.dir().resolve("faulty-spill.na64raw").toString(), "--against",
                same.toString(), "--json");
        assertThat(r.exit()).as(r.all()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).as("only the summary").hasSize(1);
        assertThat(JSON.readTree(lines.get(0)).get("changed").asInt()).isZero();
    }

    @Test
    void configurationsWithOtherFrontEndsAreRefusedWithOneLine() throws Exception {
        Path file = Samples.dir().resolve("reference-spill.na64raw");
        Path port = Files.writeString(dir.resolve("port.yaml"), "ingest: {port: 6000}\n");
        Cli.Run r = Cli.run(dir, "diff", file.toString(), "--against", port.toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains(port.toString(), "ingest.port 6000");

        Path sources = Files.writeString(dir.resolve("sources.yaml"), """
                sources:
                  - {id: 1, name: TRIGGER,   kind: trigger, channels: 0}
                  - {id: 2, name: ECAL-PS,   kind: msadc,   channels: 36}
                  - {id: 3, name: ECAL-MAIN, kind: msadc,   channels: 36}
                  - {id: 4, name: HCAL,      kind: msadc,   channels: 36}
                  - {id: 5, name: VETO-SRD2, kind: msadc,   channels: 19}
                """);
        r = Cli.run(dir, "diff", file.toString(), "--against", sources.toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains(sources.toString(), "sources differ");
    }

    /** {@code daq replay --max} of {@code file} under {@code config} (null: the default) into {@code store}, read back. */
    private Stored replay(Path file, Path config, Path store) throws Exception {
        List<String> args = new ArrayList<>(List.of("replay", "--max", "--store", store.toString()));
        if (config != null) {
            args.addAll(List.of("--config", config.toString()));
        }
        args.add(file.toString());
        Cli.Run r = Cli.run(dir, args.toArray(String[]::new));
        assertThat(r.exit()).as(r.all()).isZero();
        Map<String, StoredEvent> events = new TreeMap<>();
        try (EventStoreReader reader = EventStoreReader.open(store)) {
            StoredRecord rec;
            while ((rec = reader.next()) != null) {
                if (rec instanceof StoredEvent e) {
                    assertThat(events.put(key(e.run(), e.spill(), e.event()), e)).as("one record per event").isNull();
                }
            }
        }
        return new Stored(events);
    }

    private static String key(long run, long spill, long event) {
        return String.format("%08d/%04d/%08d", run, spill, event);
    }

    /** The streams as the JSON array the diff prints. */
    private static String names(int mask) throws Exception {
        return JSON.writeValueAsString(Streams.names(mask));
    }
}
