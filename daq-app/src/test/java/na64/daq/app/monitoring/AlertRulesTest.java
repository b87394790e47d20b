package na64.daq.app.monitoring;

import na64.daq.testkit.RepoFiles;
import na64.daq.testkit.Tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules pass {@code promtool check rules}, and {@code promtool test rules} with
 * docker/prometheus/alerts-test.yml shows the issue-11 alerts (store failed or nearly full,
 * connections closed by the service, connection flood) firing on the series the service exposes.
 */
class AlertRulesTest {
    @Test
    void promtoolChecksTheRulesAndTheirUnitTestsPass() throws Exception {
        assumeTrue(Tools.has("promtool"), "promtool is not installed (Debian package prometheus)");
        Path dir = RepoFiles.alerts().getParent();
        assertThat(promtool(dir, "check", "rules", "alerts.yml")).contains("SUCCESS");
        assertThat(promtool(dir, "test", "rules", "alerts-test.yml")).contains("SUCCESS");
    }

    private static String promtool(Path dir, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "promtool";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("promtool %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
