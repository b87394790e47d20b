package na64.daq.app.dataout;

import na64.daq.testkit.Samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqMain;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;

/**
 * Acceptance 1 of issue 13: the faulty sample replayed into a real service, exported with
 * {@code daq export --format parquet}, and read back by hyparquet (JavaScript, not the writer's
 * library) equals {@code daq dump} row for row, the raw channel columns equal the fragments, and
 * the configuration is in the metadata. Runs without Hadoop on the class path.
 */
class ParquetExportTest {
    @TempDir
    static Path dir;
    static Path store;
    static List<StoredRecord> records;
    static List<JsonNode> dumped;

    @BeforeAll
    static void replayTheFaultySpill() throws Exception {
        store = dir.resolve("store");
        ReplayedStores.replay(Samples.dir().resolve("faulty-spill.na64raw"), store);
        records = ReplayedStores.records(store);
        dumped = ReplayedStores.dump(store);
    }

    @Test
    void hadoopIsNotOnTheClassPathTheExportRunsWith() {
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void exportedEventsAndSpillsReadByHyparquetEqualDumpRowForRow() throws Exception {
        HyparquetReader reader = HyparquetReader.require();
        Path out = dir.resolve("parquet-all");
        assertThat(DaqMain.run("export", "--store", store.toString(), "--format", "parquet", "--out", out.toString())).isZero();

        HyparquetReader.Table events = reader.read(out.resolve("events.parquet"));
        List<JsonNode> dumpedEvents = kind(dumped, "event");
        assertThat(dumpedEvents).hasSizeGreaterThan(100);
        assertThat(events.rows()).hasSameSizeAs(dumpedEvents);
        for (int i = 0; i < dumpedEvents.size(); i++) {
            assertEventRow(events.rows().get(i), dumpedEvents.get(i));
        }
        assertThat(dumpedEvents).anyMatch(e -> !e.get("complete").asBoolean()); // the faulty spill has incomplete events

        List<StoredEvent> stored = records.stream().filter(StoredEvent.class::isInstance).map(StoredEvent.class::cast).toList();
        for (int i = 0; i < stored.size(); i++) {
            assertRawColumns(events.rows().get(i), stored.get(i));
        }

        HyparquetReader.Table spills = reader.read(out.resolve("spills.parquet"));
        List<JsonNode> dumpedSpills = kind(dumped, "spill");
        assertThat(spills.rows()).hasSize(2).hasSameSizeAs(dumpedSpills);
        for (int i = 0; i < dumpedSpills.size(); i++) {
            assertSpillRow(spills.rows().get(i), dumpedSpills.get(i));
        }

        String hash = dumpedSpills.get(0).get("config_hash").asText();
        for (HyparquetReader.Table t : List.of(events, spills)) {
            assertThat(t.metadata()).containsEntry("na64.config.hash", hash);
            RunConfig shipped = ConfigLoader.parse(t.metadata().get("na64.config.yaml"), "metadata");
            RunConfig reference = ConfigLoader.loadDefault();
            assertThat(ConfigLoader.hash(shipped.withMonitoringPort(reference.monitoring().port()))).isEqualTo(hash);
        }
    }

    @Test
    void aStreamFilterExportsOnlyThatStreamsEventsAndEverySpill() throws Exception {
        HyparquetReader reader = HyparquetReader.require();
        Path out = dir.resolve("parquet-random");
        assertThat(DaqMain.run("export", "--store", store.toString(), "--format", "parquet", "--out", out.toString(),
                "--stream", "random", "--spill", "2")).isZero();
        List<JsonNode> want = kind(dumped, "event").stream()
                .filter(e -> e.get("spill").asLong() == 2 && e.get("streams").toString().contains("\"random\"")).toList();
        HyparquetReader.Table events = reader.read(out.resolve("events.parquet"));
        assertThat(want).isNotEmpty();
        assertThat(events.rows()).hasSameSizeAs(want);
        for (int i = 0; i < want.size(); i++) {
            assertEventRow(events.rows().get(i), want.get(i));
        }
        assertThat(reader.read(out.resolve("spills.parquet")).rows()).singleElement()
                .satisfies(s -> assertThat(s.get("spill").asLong()).isEqualTo(2));
        assertThat(events.metadata()).containsEntry("na64.export.filter", "spill=2 stream=random");
    }

    private static void assertEventRow(JsonNode row, JsonNode dump) {
        String key = dump.get("run") + "/" + dump.get("spill") + "/" + dump.get("event");
        for (String f : List.of("run", "spill", "event", "trigger_type", "trigger_time_ns", "flags", "fragments")) {
            assertThat(row.get(f).asLong()).as(f + " of " + key).isEqualTo(dump.get(f).asLong());
        }
        for (String f : List.of("complete", "misaligned")) {
            assertThat(row.get(f).asBoolean()).as(f + " of " + key).isEqualTo(dump.get(f).asBoolean());
        }
        for (String f : List.of("E_PS", "E_ECAL", "E_HCAL", "E_VETO", "E_SRD")) {
            assertThat(row.get(f).asDouble()).as(f + " of " + key).isEqualTo(dump.get(f).asDouble());
        }
        assertThat(row.get("missing").toString()).as("missing of " + key).isEqualTo(dump.get("missing").toString());
        assertThat(row.get("streams").toString()).as("streams of " + key).isEqualTo(dump.get("streams").toString());
    }

    /** Each digitizer fragment's channels, and its amplitudes and times (PEAK) or samples (WAVEFORM), in the source's columns. */
    private static void assertRawColumns(JsonNode row, StoredEvent e) {
        Map<Integer, String> prefix = Map.of(2, "ECAL_PS", 3, "ECAL_MAIN", 4, "HCAL", 5, "VETO_SRD");
        Map<Integer, StoredEvent.Fragment> bySource = new TreeMap<>();
        e.fragments().forEach(f -> bySource.put(f.sourceId(), f));
        for (Map.Entry<Integer, String> s : prefix.entrySet()) {
            String p = s.getValue();
            StoredEvent.Fragment frag = bySource.get(s.getKey());
            String what = p + " of event " + e.spill() + "/" + e.event();
            if (frag == null) {
                assertThat(isNull(row, p + "_channel")).as(what + " (no fragment)").isTrue();
                continue;
            }
            FragmentFlyweight f = new FragmentFlyweight().wrap(frag.payload(), 0, frag.payload().length);
            List<Integer> channels = new ArrayList<>();
            List<Integer> amplitudes = new ArrayList<>();
            List<Integer> times = new ArrayList<>();
            List<List<Integer>> samples = new ArrayList<>();
            for (int i = 0; i < f.channelCount(); i++) {
                channels.add(f.channel(i));
                if (f.encoding() == FragmentFlyweight.ENCODING_PEAK) {
                    amplitudes.add(f.peakAmplitude(i));
                    times.add(f.peakTime(i));
                } else {
                    List<Integer> w = new ArrayList<>();
                    for (int k = 0; k < f.samples(); k++) {
                        w.add(f.sample(i, k));
                    }
                    samples.add(w);
                }
            }
            assertThat(ints(row.get(p + "_channel"))).as(what + " channels").isEqualTo(channels);
            if (f.encoding() == FragmentFlyweight.ENCODING_PEAK) {
                assertThat(ints(row.get(p + "_amplitude"))).as(what + " amplitudes").isEqualTo(amplitudes);
                assertThat(ints(row.get(p + "_peak_time"))).as(what + " peak times").isEqualTo(times);
                assertThat(isNull(row, p + "_samples")).as(what + " has no samples").isTrue();
            } else {
                List<List<Integer>> got = new ArrayList<>();
                row.get(p + "_samples").forEach(w -> got.add(ints(w)));
                assertThat(got).as(what + " samples").isEqualTo(samples);
                assertThat(isNull(row, p + "_amplitude")).as(what + " has no amplitudes").isTrue();
            }
        }
    }

    private static void assertSpillRow(JsonNode row, JsonNode dump) {
        for (String f : List.of("run", "spill", "triggers", "complete", "incomplete", "duplicates", "protocol_errors", "eot",
                "late", "misaligned", "fragments_received", "triggers_scaler", "dead_time_ns", "begin_wall_clock_ns",
                "closed_wall_clock_ns")) {
            assertThat(row.get(f).asText()).as(f).isEqualTo(dump.get(f).asText());
        }
        for (String s : List.of("invisible", "random", "calibration")) {
            assertThat(row.get("accepted_" + s).asLong()).as("accepted " + s).isEqualTo(dump.get("accepted").get(s).asLong());
        }
        assertThat(row.get("triggers_from_trigger_unit").asBoolean()).isEqualTo(dump.get("triggers_from_trigger_unit").asBoolean());
        for (String f : List.of("closed_by", "config_hash")) {
            assertThat(row.get(f).asText()).as(f).isEqualTo(dump.get(f).asText());
        }
        assertThat(row.get("sources_not_ended").toString()).isEqualTo(dump.get("sources_not_ended").toString());
        Map<String, Long> missing = new TreeMap<>();
        row.get("missing_per_source").fields().forEachRemaining(m -> missing.put(m.getKey(), m.getValue().asLong()));
        Map<String, Long> want = new TreeMap<>();
        dump.get("missing_per_source").fields().forEachRemaining(m -> want.put(m.getKey(), m.getValue().asLong()));
        assertThat(missing).as("missing per source").isEqualTo(want).isNotEmpty();
    }

    private static boolean isNull(JsonNode row, String field) {
        return row.path(field).isNull() || row.path(field).isMissingNode();
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asInt()));
        return out;
    }

    static List<JsonNode> kind(List<JsonNode> lines, String kind) {
        return lines.stream().filter(l -> l.get("kind").asText().equals(kind)).toList();
    }
}
