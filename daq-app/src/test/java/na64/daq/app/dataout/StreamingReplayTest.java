package na64.daq.app.dataout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqMain;
import na64.daq.testkit.ChildJvm;

/**
 * Issue 13, streaming replay (the quick form of acceptance 4; {@code scripts/replay-large.sh} is
 * the 330 MB / -Xmx300m one): an 80 MB recording from the emulator, replayed by {@code daq replay}
 * in a JVM with a 48 MB heap (loading it whole needed more than the file), stores the same events
 * and spill summaries as the same replay with a 1 GB heap. The build timeout is raised so that a
 * loaded machine cannot turn events incomplete in one run and not the other; the smaller ring and
 * event table keep the embedded service's own memory within the small heap.
 */
class StreamingReplayTest {
    private static final String CONFIG = """
            builder:
              buildTimeoutMs: 60000
              maxInFlightEvents: 1024
              ringSize: 1024
            """;

    @TempDir
    Path dir;

    @Test
    void aRecordingLargerThanTheHeapReplaysToTheSameStoreAsWithALargeHeap() throws Exception {
        Path raw = dir.resolve("waveforms.na64raw");
        assertThat(DaqMain.run("simulate", "--out", raw.toString(), "--spills", "1", "--events", "10000", "--seed", "13"))
                .isZero();
        assertThat(Files.size(raw)).isGreaterThan(75L << 20);
        Path config = Files.writeString(dir.resolve("replay.yaml"), CONFIG);

        Path small = replay(raw, config, "48m", "small");
        Path large = replay(raw, config, "1g", "large");

        List<JsonNode> a = comparable(ReplayedStores.dump(small));
        List<JsonNode> b = comparable(ReplayedStores.dump(large));
        assertThat(a).hasSizeGreaterThan(100);
        assertThat(a).isEqualTo(b);
        JsonNode spill = ParquetExportTest.kind(a, "spill").get(0);
        assertThat(spill.get("complete").asLong()).isEqualTo(10_000);
        assertThat(spill.get("fragments_received").asLong()).isEqualTo(50_000);
    }

    private Path replay(Path raw, Path config, String heap, String name) throws IOException, InterruptedException {
        Path store = dir.resolve(name);
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(ChildJvm.command(heap, DaqMain.class.getName(), "replay", "--max", "--config", config.toString(),
                "--store", store.toString(), raw.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("replay with -Xmx" + heap + " finished").isTrue();
        assertThat(p.exitValue()).as("replay with -Xmx" + heap + " (output in " + log + ")").isZero();
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        return store;
    }

    /** Dump lines without the wall clocks (spill closed, run begun and ended, configuration recorded): they differ between runs. */
    private static List<JsonNode> comparable(List<JsonNode> lines) {
        for (JsonNode l : lines) {
            ((ObjectNode) l).remove(List.of("closed_wall_clock_ns", "time", "wall_clock_ns"));
        }
        return lines;
    }
}
