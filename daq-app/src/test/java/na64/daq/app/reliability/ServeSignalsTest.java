package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.store.StoredConfig;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredRun;
import na64.daq.store.StoredSpill;
import na64.daq.testkit.FrontEndGroup;

/**
 * Issue 12 on {@code daq serve} in a JVM of its own: it starts idle with {@code --idle}; a run is
 * started and stopped over HTTP with the process up; SIGHUP re-reads the {@code --config} file (a
 * valid change applies from the next spill, an invalid one is logged one line per problem and
 * changes nothing); SIGTERM still ends the process cleanly, ending the run it was taking.
 */
class ServeSignalsTest {
    private static final Pattern METRICS = Pattern.compile("metrics (http://127\\.0\\.0\\.1:\\d+)/metrics");
    private static final String BASE = ControlClient.OVERLAY;

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void runsStartAndStopWithTheProcessUpSighupReloadsTheFileAndSigtermEndsTheRun() throws Exception {
        Path config = dir.resolve("run.yaml");
        Path store = dir.resolve("store");
        Path err = dir.resolve("serve.err");
        Files.writeString(config, BASE);
        try (DaqProcess serve = DaqProcess.start(err, "serve", "--config", config.toString(), "--store", store.toString(),
                "--port", "0", "--idle")) {
            java.net.InetSocketAddress ingest = serve.awaitIngest();
            ControlClient http = new ControlClient(metricsBase(serve.out));
            assertThat(http.state()).isEqualTo("idle");
            String h1 = http.status().get("config_hash").asText();
            assertThat(http.post("/run/start", "{\"run\": 5}").statusCode()).isEqualTo(200);
            try (FrontEndGroup fe = new FrontEndGroup(5, 1)) {
                fe.connectAll(ingest);
                spill(fe, 1);
                await().atMost(60, TimeUnit.SECONDS).until(() -> http.status().get("store").get("spills").asLong() == 1);

                Files.writeString(config, BASE + "streams: {random: {prescale: 2}}\n");
                hangup(serve);
                await("SIGHUP reload").atMost(60, TimeUnit.SECONDS).until(() -> !http.status().get("config_hash").asText().equals(h1));
                String h2 = http.status().get("config_hash").asText();

                Files.writeString(config, BASE + "streams: {random: {prescale: 0}}\n");
                hangup(serve);
                await("the refusal logged").atMost(60, TimeUnit.SECONDS)
                        .until(() -> Files.readString(err).contains("streams.random.prescale"));
                assertThat(Files.readString(err)).contains("refused (signal: SIGHUP)");
                assertThat(http.status().get("config_hash").asText()).isEqualTo(h2);

                spill(fe, 2);
                await().atMost(60, TimeUnit.SECONDS).until(() -> http.status().get("store").get("spills").asLong() == 2);
                assertThat(http.status().get("config_hash_in_use").asText()).isEqualTo(h2);

                assertThat(http.post("/run/stop", "").statusCode()).isEqualTo(202);
                await().atMost(60, TimeUnit.SECONDS).until(() -> http.state().equals("idle"));
                assertThat(serve.process.isAlive()).as("a run stop leaves the process up").isTrue();
                assertThat(http.post("/run/start", "{\"run\": 6}").statusCode()).isEqualTo(200);
            }
            serve.process.destroy(); // SIGTERM
            assertThat(serve.awaitExit()).isIn(0, 143);
        }
        String log = Files.readString(err);
        assertThat(log).doesNotContain("Exception").contains("accepted (signal: SIGHUP)").contains("stopped cleanly");

        List<StoredRecord> records = StoreFiles.records(store);
        List<String> kinds = records.stream().map(ServeSignalsTest::describe).filter(s -> !s.isEmpty()).toList();
        assertThat(kinds).containsExactly("config", "begin 5 http", "spill 1", "config", "spill 2", "end 5 http",
                "begin 6 http", "end 6 signal");
        assertThat(records.stream().filter(StoredSpill.class::isInstance).map(r -> ((StoredSpill) r).summary().accepted[1]))
                .as("spill 2 prescaled by the SIGHUP reload").containsExactly(10L, 5L);
    }

    private static String describe(StoredRecord r) {
        if (r instanceof StoredConfig) {
            return "config";
        }
        if (r instanceof StoredRun run) {
            return (run.phase() == StoredRun.Phase.BEGIN ? "begin " : "end ") + run.run() + " " + run.requestedBy();
        }
        return r instanceof StoredSpill s ? "spill " + s.summary().spill : "";
    }

    private static void spill(FrontEndGroup fe, long spill) throws Exception {
        fe.beginOfSpill(spill);
        for (long e = 1; e <= 10; e++) {
            fe.event(spill, e);
        }
        fe.endOfSpill(spill, 10);
    }

    private static void hangup(DaqProcess p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static String metricsBase(List<String> out) {
        for (String line : out) {
            Matcher m = METRICS.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("serve printed no metrics URL: " + out);
    }
}
