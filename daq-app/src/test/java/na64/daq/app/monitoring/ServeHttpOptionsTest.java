package na64.daq.app.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqMain;
import na64.daq.monitoring.DaqMonitoring;

/** {@code daq serve --http-port/--http-bind}: where the endpoint listens, and stopping serve over HTTP. */
class ServeHttpOptionsTest {
    private static final Pattern URL = Pattern.compile("metrics (http://127\\.0\\.0\\.1:\\d+)/metrics");

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

    @Test
    void serveOnAnEphemeralHttpPortPrintsTheMetricsUrlAndReturnsAfterPostRunStop() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serve;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            serve = new Thread(() -> exit.set(DaqMain.run("serve", "--http-port", "0", "--port", "0",
                    "--store", dir.resolve("store").toString())), "test-serve");
            serve.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> URL.matcher(out.toString(StandardCharsets.UTF_8)).find());
        } finally {
            System.setOut(old);
        }
        Matcher m = URL.matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(m.group(1) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("daq_run_state{state=\"running\"} 1");

        HttpResponse<String> stop = http.send(HttpRequest.newBuilder(URI.create(m.group(1) + "/run/stop"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stop.statusCode()).isEqualTo(202);
        serve.join(30_000);
        assertThat(serve.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
        assertThat(dir.resolve("store").resolve("NA64-EVENT-STORE")).isRegularFile();
    }
}
