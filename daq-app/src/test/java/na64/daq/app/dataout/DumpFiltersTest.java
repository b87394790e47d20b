package na64.daq.app.dataout;

import na64.daq.testkit.ChildJvm;
import na64.daq.testkit.Samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqMain;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.store.EventStore;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredEvent;

/**
 * Acceptance 3 of issue 13: {@code daq dump}'s {@code --run}, {@code --spill}, {@code --stream},
 * {@code --kind} and {@code --fragments} on the replayed faulty sample, and {@code dump --follow}
 * ending as soon as the pipe it writes to is closed.
 */
class DumpFiltersTest {
    @TempDir
    static Path dir;
    static Path store;
    static List<JsonNode> all;

    @BeforeAll
    static void replayTheFaultySpill() throws Exception {
        store = dir.resolve("store");
        ReplayedStores.replay(Samples.dir().resolve("faulty-spill.na64raw"), store);
        all = ReplayedStores.dump(store);
    }

    @Test
    void kindSpillPrintsOnlyTheSpillSummaries() throws Exception {
        assertThat(dump("--kind", "spill")).isEqualTo(ParquetExportTest.kind(all, "spill")).hasSize(2);
        assertThat(dump("--kind", "event")).isEqualTo(ParquetExportTest.kind(all, "event"));
    }

    @Test
    void kindRunPrintsTheConfigurationAndTheRunsBeginAndEnd() throws Exception {
        List<JsonNode> run = dump("--kind", "run");
        assertThat(run).extracting(l -> l.get("kind").asText()).containsExactly("config", "run_begin", "run_end");
        assertThat(run.get(0).get("yaml").asText()).contains("streams:").contains(run.get(0).get("config_hash").asText());
        assertThat(run.get(1).get("config_hash").asText()).isEqualTo(run.get(0).get("config_hash").asText());
        assertThat(run.get(2).get("spills").asLong()).isEqualTo(2);
        assertThat(dump("--run", "4243", "--kind", "run")).as("no run number was given at the start").isEmpty();
    }

    @Test
    void runSpillAndStreamKeepOnlyMatchingEventsAndTheirSpills() throws Exception {
        // Run and configuration records have no spill: a spill or stream criterion leaves them out.
        List<JsonNode> want = all.stream().filter(l -> l.has("spill") && l.get("spill").asLong() == 2 && (l.get("kind").asText().equals("spill")
                || l.get("streams").toString().contains("\"invisible\""))).toList();
        assertThat(want).hasSizeGreaterThan(5);
        assertThat(dump("--run", "4243", "--spill", "2", "--stream", "invisible")).isEqualTo(want);
        assertThat(dump("--run", "4244")).isEmpty();
    }

    @Test
    void fragmentsAddEachEventsDecodedChannels() throws Exception {
        List<JsonNode> lines = dump("--fragments", "--kind", "event", "--spill", "1");
        List<StoredEvent> stored = ReplayedStores.records(store).stream().filter(StoredEvent.class::isInstance)
                .map(StoredEvent.class::cast).filter(e -> e.spill() == 1).toList();
        assertThat(lines).hasSameSizeAs(stored).isNotEmpty();
        for (int i = 0; i < stored.size(); i++) {
            JsonNode data = lines.get(i).get("data");
            StoredEvent e = stored.get(i);
            assertThat(data).hasSize(e.fragments().size());
            for (int k = 0; k < e.fragments().size(); k++) {
                StoredEvent.Fragment frag = e.fragments().get(k);
                FragmentFlyweight f = new FragmentFlyweight().wrap(frag.payload(), 0, frag.payload().length);
                JsonNode d = data.get(k);
                assertThat(d.get("source").asInt()).isEqualTo(frag.sourceId());
                assertThat(d.get("channels")).hasSize(f.channelCount());
                for (int c = 0; c < f.channelCount(); c++) {
                    JsonNode ch = d.get("channels").get(c);
                    assertThat(ch.get("channel").asInt()).isEqualTo(f.channel(c));
                    if (f.encoding() == FragmentFlyweight.ENCODING_PEAK) {
                        assertThat(d.get("encoding").asText()).isEqualTo("peak");
                        assertThat(ch.get("amplitude").asInt()).isEqualTo(f.peakAmplitude(c));
                        assertThat(ch.get("peak_time").asInt()).isEqualTo(f.peakTime(c));
                    } else {
                        assertThat(d.get("encoding").asText()).isEqualTo("waveform");
                        assertThat(ch.get("samples")).hasSize(f.samples());
                        for (int s = 0; s < f.samples(); s++) {
                            assertThat(ch.get("samples").get(s).asInt()).isEqualTo(f.sample(c, s));
                        }
                    }
                }
            }
        }
    }

    @Test
    void wrongKindOrStreamIsOneLineAndExitCode2() {
        assertThat(DaqMain.run("dump", "--store", store.toString(), "--kind", "spills")).isEqualTo(2);
        assertThat(DaqMain.run("dump", "--store", store.toString(), "--stream", "physics")).isEqualTo(2);
    }

    @Test
    void followEndsWhenTheReadingEndOfItsPipeClosesWhileItWrites() throws Exception {
        assertThat(followIntoHeadOne(store)).isEqualTo(all.get(0));
    }

    /** One record: everything is written before head exits, so only the idle check can notice. */
    @Test
    void followEndsWhenTheReadingEndOfItsPipeClosesWhileItWaits() throws Exception {
        Path one = dir.resolve("one-record");
        SpillSummary s = new SpillSummary();
        s.run = 7;
        s.spill = 1;
        try (EventStore w = EventStore.open(one, false)) {
            w.appendSpill(s);
        }
        assertThat(followIntoHeadOne(one).get("run").asLong()).isEqualTo(7);
    }

    private JsonNode followIntoHeadOne(Path storeDir) throws Exception {
        String dump = ChildJvm.shell(ChildJvm.command("256m", DaqMain.class.getName(), "dump", "--follow", "--store", storeDir.toString()));
        Path err = dir.resolve("follow.err");
        Process p = new ProcessBuilder("bash", "-c", dump + " | head -1").redirectError(err.toFile()).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS); // before: it ran until killed
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertThat(ended).as("dump --follow | head -1 returned (stderr in " + err + ")").isTrue();
        return ReplayedStores.JSON.readTree(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }

    private static List<JsonNode> dump(String... filters) throws Exception {
        List<String> args = new ArrayList<>(List.of("dump", "--store", store.toString()));
        args.addAll(List.of(filters));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertThat(DaqMain.run(args.toArray(new String[0]))).isZero();
        } finally {
            System.setOut(saved);
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                out.add(ReplayedStores.JSON.readTree(line));
            }
        }
        return out;
    }
}
