package na64.daq.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthAndInfoTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void healthIs503WhileStartingAndSaysWhy() throws Exception {
        try (Fixture f = new Fixture(dir); DaqMonitoring m = DaqMonitoring.create(f.components, new TestOwner()).open()) {
            HttpResponse<String> starting = get(m, "/health");
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(starting.body()).get("problems").toString()).contains("the service is starting");
            m.ready();
            assertThat(JSON.readTree(get(m, "/health").body()).get("problems").toString())
                    .as("idle between runs is not a problem").doesNotContain("starting").doesNotContain("state");
            // The fixture never starts the builder thread: still not able to store.
            HttpResponse<String> noBuilder = get(m, "/health");
            assertThat(noBuilder.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(noBuilder.body()).get("builder_running").asBoolean()).isFalse();
        }
    }

    @Test
    void buildAndSourceInfoNameEverySource() throws Exception {
        try (Fixture f = new Fixture(dir); DaqMonitoring m = DaqMonitoring.create(f.components, new TestOwner()).open()) {
            String scrape = get(m, "/metrics").body();
            assertThat(scrape).contains("daq_build_info{version=\"" + BuildInfo.version() + "\"} 1");
            assertThat(BuildInfo.version()).isNotEqualTo("unknown");
            assertThat(scrape).contains("daq_source_info{kind=\"msadc\",name=\"ECAL-MAIN\",source=\"3\"} 1");
            assertThat(scrape.lines().filter(l -> l.startsWith("daq_source_info{")).count()).isEqualTo(5);
        }
    }

    @Test
    void statusCarriesVersionUptimeRunStartAndFreeDisk() throws Exception {
        try (Fixture f = new Fixture(dir); DaqMonitoring m = DaqMonitoring.create(f.components, new TestOwner()).open()) {
            f.clock.advanceMillis(2_500);
            JsonNode s = JSON.readTree(get(m, "/status").body());
            assertThat(s.get("version").asText()).isEqualTo(BuildInfo.version());
            assertThat(s.get("uptime_seconds").asDouble()).isEqualTo(2.5);
            assertThat(s.get("started_at").asText()).endsWith("Z");
            assertThat(s.get("run_started_at").isNull()).isTrue();
            assertThat(s.get("store").get("free_bytes").asLong()).isPositive();
            na64.daq.pipeline.SpillSummary spill = new na64.daq.pipeline.SpillSummary();
            spill.run = 7;
            spill.spill = 1;
            spill.beginWallClockNs = 1_700_000_000_000_000_000L;
            m.onSpillClosed(spill);
            f.pipeline.counters().currentRun.set(7);
            assertThat(JSON.readTree(get(m, "/status").body()).get("run_started_at").asText())
                    .isEqualTo("2023-11-14T22:13:20Z");
        }
    }

    private static HttpResponse<String> get(DaqMonitoring m, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(m.metricsUrl().replace("/metrics", path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
