package na64.daq.app.cli;

import na64.daq.testkit.Samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** {@code daq replay} into an embedded service says by its exit code whether every spill made it. */
class ReplayExitCodeTest {
    @TempDir
    Path dir;

    @Test
    void aReplayWhoseSourcesAreRefusedExitsNonZeroAndNamesTheSpillThatDidNotClose() throws Exception {
        // The embedded service admits only a peer that is not us: every connection is refused.
        Path cfg = Files.writeString(dir.resolve("refuse.yaml"),
                "ingest: {allowedPeers: [10.9.9.9]}\nbuilder: {spillTimeoutMs: 500}\n");
        Cli.Run r = Cli.run(dir, "replay", "--max", "--config", cfg.toString(), "--store", dir.resolve("s").toString(),
                Samples.dir().resolve("reference-spill.na64raw").toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("not closed: run");
    }

    @Test
    void aCleanReplayExitsZero() throws Exception {
        Cli.Run r = Cli.run(dir, "replay", "--max", "--store", dir.resolve("ok").toString(),
                Samples.dir().resolve("reference-spill.na64raw").toString());
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).doesNotContain("not closed").doesNotContain("failed:");
    }
}
