package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, items 11 and 12, through {@code daq serve}: a timeout so large that it overflows in
 * nanoseconds is refused by validation, and ring and table sizes that pass validation but cannot fit
 * in this JVM's heap are refused before anything is allocated, each with exit code 2 and one line.
 */
class ConfigLimitsTest {
    @TempDir
    Path dir;

    @Test
    void aHugeBuildTimeoutIsRefusedWithItsUpperBoundAndNothingStarts() throws IOException {
        Cli r = serve("builder: {buildTimeoutMs: 10000000000000}\n");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> !l.startsWith("[")).toList()).containsExactly("invalid configuration:",
                "  builder.buildTimeoutMs: must be at most 3600000 (one hour), got 10000000000000");
        assertThat(dir.resolve("s")).as("nothing was started").doesNotExist();
    }

    @Test
    void sizesThatCannotFitTheHeapAreRefusedWithOneLineSayingWhatFits() throws IOException {
        Cli r = serve("builder: {ringSize: 4194304, maxInFlightEvents: 4194304}\n");
        assertThat(r.code()).isEqualTo(2);
        r.assertNoStackTrace();
        // Other threads of this JVM (earlier tests' Chronicle releasers) may log to the captured stream.
        java.util.List<String> ours = r.err().lines().filter(l -> !l.startsWith("[")).toList();
        assertThat(ours).as("one line").hasSize(1);
        assertThat(ours.get(0)).startsWith("daq serve: builder.ringSize 4194304 and builder.maxInFlightEvents 4194304 need ")
                .containsPattern("MiB heap \\(-Xmx\\): builder.ringSize \\d+ with builder.maxInFlightEvents \\d+ fit");
        assertThat(dir.resolve("s")).as("no store, no ring, no table was allocated").doesNotExist();
    }

    private Cli serve(String yaml) throws IOException {
        Path file = dir.resolve("run.yaml");
        Files.writeString(file, yaml);
        return Cli.run("serve", "--config", file.toString(), "--store", dir.resolve("s").toString(), "--port", "0",
                "--http-port", "-1");
    }
}
