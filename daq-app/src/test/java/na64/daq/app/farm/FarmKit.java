package na64.daq.app.farm;

import na64.daq.testkit.Samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import na64.daq.app.DaqService;
import na64.daq.app.DumpCommand;
import na64.daq.app.replay.Recording;
import na64.daq.app.replay.Replayer;
import na64.daq.config.ConfigLoader;
import na64.daq.farm.FarmDump;
import na64.daq.farm.FarmRunner;
import na64.daq.store.EventStoreReader;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredSpill;

/**
 * What the farm tests share: the single-node reference ({@code daq serve}'s result on a recording,
 * through the real DaqService), farms started as {@code daq farm run} starts them (separate JVMs),
 * and the comparison of a farm's result with the reference, record by record.
 */
final class FarmKit {
    static final ObjectMapper JSON = new ObjectMapper();

    private FarmKit() {
    }

    /**
     * An empty directory under {@code target/farm-tests} for one test class: the farm's logs and
     * stores stay there after a failure for the post-mortem, and the next build cleans them.
     */
    static Path cleanDir(String name) throws IOException {
        Path d = Path.of("target", "farm-tests", name).toAbsolutePath();
        if (java.nio.file.Files.exists(d)) {
            try (var s = java.nio.file.Files.walk(d)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        java.nio.file.Files.createDirectories(d);
        return d;
    }

    static Recording sample(String name) throws IOException {
        return Recording.load(Samples.dir().resolve(name + ".na64raw"));
    }

    /** {@code daq serve}'s records for {@code recording}, replayed at full speed over TCP. */
    static List<JsonNode> serveResult(Recording recording, Path store) throws Exception {
        try (DaqService service = DaqService.start(ConfigLoader.loadDefault().withMonitoringPort(0), store, "127.0.0.1", 0)) {
            assertThat(Replayer.replay(recording, service.ingestAddress(), 0).failures()).isEmpty();
            await().atMost(60, TimeUnit.SECONDS).until(() -> service.pipeline().counters().spillsClosed.get()
                    == recording.spills().size());
        }
        List<JsonNode> out = new ArrayList<>();
        try (EventStoreReader r = EventStoreReader.open(store)) {
            StoredRecord rec;
            while ((rec = r.next()) != null) {
                out.add(JSON.readTree(DumpCommand.render(rec)));
            }
        }
        return out;
    }

    /** A farm of {@code builders} builder JVMs on the broker at {@code kafka}, under {@code dir}, named {@code farm}. */
    static FarmRunner farm(Path dir, String kafka, String farm, int builders, int partitions) throws Exception {
        FarmRunner.Settings s = new FarmRunner.Settings(dir, builders, kafka, partitions, null, "127.0.0.1", 0, farm,
                FarmOptions.daqCommand(), 768);
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        FarmRunner r = FarmRunner.start(s, ConfigLoader.loadDefault().builder().spillTimeoutMs(),
                new PrintStream(lines, true, StandardCharsets.UTF_8));
        String printed = lines.toString(StandardCharsets.UTF_8);
        assertThat(printed).containsPattern("farm ready: ingest=127\\.0\\.0\\.1:\\d+ kafka=" + kafka.replace(".", "\\."));
        for (int k = 1; k <= builders; k++) {
            assertThat(printed).containsPattern("builder " + k + " pid=\\d+ store=.*builder-" + k + "/store");
        }
        return r;
    }

    /** The farm's records as {@code daq dump --farm} prints them. */
    static List<JsonNode> farmResult(Path dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (StoredRecord r : FarmDump.read(dir)) {
            out.add(JSON.readTree(DumpCommand.render(r)));
        }
        return out;
    }

    /** Merged spill summaries in the farm's merged store so far. */
    static int mergedSpills(Path dir) throws IOException {
        return (int) FarmDump.read(dir).stream().filter(r -> r instanceof StoredSpill).count();
    }

    /** Events in one builder's store now (read while the builder writes it). */
    static long storedEvents(Path store) {
        if (!java.nio.file.Files.isDirectory(store) || !EventStoreReader.isStore(store)) {
            return 0;
        }
        long n = 0;
        try (EventStoreReader r = EventStoreReader.open(store)) {
            while (r.next() != null) {
                n++;
            }
        }
        return n;
    }

    /** Takeovers (builder log lines) whose rebuild found events an earlier owner had stored. */
    static long takeoversThatFoundStoredEvents(Path dir) throws IOException {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("rebuilding from offset \\d+ .*?, (\\d+) events already stored");
        long n = 0;
        for (int k = 1; java.nio.file.Files.isDirectory(dir.resolve("builder-" + k)); k++) {
            for (String line : java.nio.file.Files.readAllLines(dir.resolve("builder-" + k).resolve("builder.log"))) {
                java.util.regex.Matcher m = p.matcher(line);
                if (m.find() && Long.parseLong(m.group(1)) > 0) {
                    n++;
                }
            }
        }
        return n;
    }

    static Map<String, JsonNode> events(List<JsonNode> records) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (JsonNode n : records) {
            if (n.get("kind").asText().equals("event")) {
                JsonNode before = m.put(key(n), n);
                assertThat(before).as("event " + key(n) + " stored once").isNull();
            }
        }
        return m;
    }

    static Map<String, JsonNode> spills(List<JsonNode> records) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (JsonNode n : records) {
            if (n.get("kind").asText().equals("spill")) {
                ObjectNode o = ((ObjectNode) n).deepCopy();
                o.remove("closed_wall_clock_ns"); // when the spill closed: wall time, differs from run to run
                m.put(n.get("run").asLong() + "/" + n.get("spill").asLong(), o);
            }
        }
        return m;
    }

    /** The records with the spill summaries' configuration hash left out (tests that change the configuration). */
    static List<JsonNode> withoutConfigHash(List<JsonNode> records) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : records) {
            ObjectNode o = ((ObjectNode) n).deepCopy();
            o.remove("config_hash");
            out.add(o);
        }
        return out;
    }

    /** Every stored event (every field dump prints) and every spill summary of the farm equals the reference's. */
    static void assertSameResult(List<JsonNode> farm, List<JsonNode> reference) {
        Map<String, JsonNode> got = events(farm);
        Map<String, JsonNode> want = events(reference);
        assertThat(got.keySet()).as("stored events").containsExactlyElementsOf(want.keySet());
        for (Map.Entry<String, JsonNode> w : want.entrySet()) {
            assertThat(got.get(w.getKey())).as("event " + w.getKey()).isEqualTo(w.getValue());
        }
        assertThat(spills(farm)).as("spill summaries").isEqualTo(spills(reference));
    }

    /**
     * The accounting invariant on each merged summary: every fragment received for the spill is in
     * a complete event, an incomplete event, or counted as duplicate or late.
     */
    static void assertAccounting(List<JsonNode> farm, int sources) {
        for (JsonNode s : spills(farm).values()) {
            long missing = 0;
            for (JsonNode m : s.get("missing_per_source")) {
                missing += m.asLong();
            }
            long placed = sources * s.get("complete").asLong() + sources * s.get("incomplete").asLong() - missing
                    + s.get("duplicates").asLong() + s.get("late").asLong();
            assertThat(s.get("fragments_received").asLong()).as("spill " + s.get("spill") + ": fragments received = "
                    + "in complete + in incomplete + duplicates + late").isEqualTo(placed);
        }
    }

    private static String key(JsonNode e) {
        return e.get("run").asLong() + "/" + e.get("spill").asLong() + "/" + String.format("%06d", e.get("event").asLong());
    }
}
