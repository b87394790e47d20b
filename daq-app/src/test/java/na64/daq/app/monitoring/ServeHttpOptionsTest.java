package na64.daq.app.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqMain;
import na64.daq.monitoring.DaqMonitoring;

/**
 * {@code daq serve --http-bind}: a non-loopback endpoint needs a token. Serving on an ephemeral HTTP
 * port and run control over it are {@code reliability.ServeSignalsTest}'s (a serve in a JVM of its own,
 * since only SIGTERM ends it now).
 */
class ServeHttpOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aNonLoopbackHttpBindWithoutATokenIsAConfigurationErrorBeforeAnythingStarts() {
        assumeTrue(System.getenv(DaqMonitoring.TOKEN_ENV) == null, "a token is set in the environment");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = DaqMain.run("serve", "--http-bind", "0.0.0.0", "--http-port", "0", "--port", "0",
                    "--store", dir.resolve("store").toString());
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("invalid configuration:").contains("monitoring.token:");
        assertThat(dir.resolve("store")).doesNotExist();
    }
}
