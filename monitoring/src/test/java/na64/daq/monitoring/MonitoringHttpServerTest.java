package na64.daq.monitoring;

import na64.daq.testkit.PromText;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;

class MonitoringHttpServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void metricsAreServedInThePrometheusTextFormat() throws Exception {
        try (Fixture f = new Fixture(dir); DaqMonitoring m = DaqMonitoring.create(f.components, new TestOwner()).open()) {
            f.pipeline.counters().completeEvents.add(5);
            HttpResponse<String> r = get(m, "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue(MonitoringHttpServer.PROMETHEUS_TEXT);
            assertThat(new PromText(r.body()).value("daq_events_complete_total")).isEqualTo(5);
            assertThat(m.metricsUrl()).startsWith("http://127.0.0.1:").endsWith("/metrics");
        }
    }

    @Test
    void statusIsJsonWithStateRunSpillSourcesRingAndConfigHash() throws Exception {
        try (Fixture f = new Fixture(dir); DaqMonitoring m = DaqMonitoring.create(f.components, new TestOwner()).open()) {
            TestOwner.run(m);
            f.pipeline.counters().currentRun.set(4243);
            f.pipeline.counters().currentSpill.set(2);
            int i5 = f.ingest.indexOf(5);
            f.ingest.connected[i5].set(1);
            f.ingest.lastFrameNanos[i5].set(f.clock.nanoTime());
            f.pipeline.counters().lastEventPerSource[i5].set(600);
            f.publish(8);
            f.clock.advanceMillis(7_000);

            HttpResponse<String> r = get(m, "/status");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode s = new ObjectMapper().readTree(r.body());
            assertThat(s.get("state").asText()).isEqualTo("running");
            assertThat(s.get("run").asLong()).isEqualTo(4243);
            assertThat(s.get("spill").asLong()).isEqualTo(2);
            assertThat(s.get("config_hash").asText()).isEqualTo(f.config.hash());
            assertThat(s.get("ring").get("used").asLong()).isEqualTo(8);
            assertThat(s.get("ring").get("fill_ratio").asDouble()).isEqualTo(0.125);
            assertThat(s.get("sources")).hasSize(5);
            JsonNode src5 = s.get("sources").get(4);
            assertThat(src5.get("id").asInt()).isEqualTo(5);
            assertThat(src5.get("name").asText()).isEqualTo("VETO-SRD");
            assertThat(src5.get("connected").asBoolean()).isTrue();
            assertThat(src5.get("last_event").asLong()).isEqualTo(600);
            assertThat(src5.get("seconds_since_last_frame").asDouble()).isEqualTo(7.0);
            assertThat(src5.get("silent").asBoolean()).isTrue(); // > ingest.silenceTimeoutMs = 5 s
            assertThat(s.get("metrics_url").asText()).isEqualTo(m.metricsUrl());
        }
    }

    @Test
    void runStopWithoutTokenOnLoopbackEndsTheRunAndLeavesTheEndpointUp() throws Exception {
        TestOwner owner = new TestOwner();
        try (Fixture f = new Fixture(dir); DaqMonitoring m = DaqMonitoring.create(f.components, owner).open()) {
            TestOwner.run(m);
            HttpResponse<String> r = post(m, "/run/stop", null);
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(new ObjectMapper().readTree(r.body()).get("state").asText()).isEqualTo("stopping");
            await().atMost(10, TimeUnit.SECONDS).until(() -> m.runControl().state() == RunControl.State.IDLE);
            assertThat(owner.calls).contains("end http on daq-run-stop");
            assertThat(new ObjectMapper().readTree(get(m, "/status").body()).get("state").asText()).isEqualTo("idle");
            assertThat(m.awaitClosed(10, TimeUnit.MILLISECONDS)).as("the service is still up").isFalse();
        }
    }

    @Test
    void runStartTakesAnOptionalRunNumberAndRefusesABadBody() throws Exception {
        TestOwner owner = new TestOwner();
        try (Fixture f = new Fixture(dir); DaqMonitoring m = DaqMonitoring.create(f.components, owner).open()) {
            m.ready();
            HttpResponse<String> bad = post(m, "/run/start", null, "{\"run\": -4}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("run must be an integer");
            HttpResponse<String> ok = post(m, "/run/start", null, "{\"run\": 4243}");
            assertThat(ok.statusCode()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(ok.body());
            assertThat(body.get("state").asText()).isEqualTo("running");
            assertThat(body.get("run").asLong()).isEqualTo(4243);
            assertThat(owner.calls).containsExactly("begin 4243 http");
            JsonNode status = new ObjectMapper().readTree(get(m, "/status").body()).get("run_control");
            assertThat(status.get("run").asLong()).isEqualTo(4243);
            assertThat(status.get("requested_by").asText()).isEqualTo("http");
        }
    }

    @Test
    void configPostsAreValidatedByTheOwnerAndAnswerWithTheHashOrOneLinePerProblem() throws Exception {
        try (Fixture f = new Fixture(dir); DaqMonitoring m = DaqMonitoring.create(f.components, new TestOwner()).open()) {
            m.ready();
            HttpResponse<String> empty = post(m, "/config", null, "");
            assertThat(empty.statusCode()).isEqualTo(400);
            HttpResponse<String> bad = post(m, "/config", null, "bad: 1");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(new ObjectMapper().readTree(bad.body()).get("problems").get(0).asText()).contains("prescale");
            HttpResponse<String> ok = post(m, "/config", null, "streams: {}");
            assertThat(ok.statusCode()).isEqualTo(200);
            String hash = new ObjectMapper().readTree(ok.body()).get("config_hash").asText();
            assertThat(new ObjectMapper().readTree(get(m, "/status").body()).get("config_hash").asText()).isEqualTo(hash);
            assertThat(new PromText(get(m, "/metrics").body()).value("daq_config_info", "config_hash", hash)).isEqualTo(1);
        }
    }

    @Test
    void withATokenControlNeedsTheBearerTokenButReadsDoNot() throws Exception {
        RunConfig cfg = ConfigLoader.parse("monitoring: {port: 0, token: s3cret}", "test");
        try (Fixture f = new Fixture(dir, cfg); DaqMonitoring m = DaqMonitoring.create(f.components, new TestOwner()).open()) {
            TestOwner.run(m);
            HttpResponse<String> none = post(m, "/run/start", null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(post(m, "/run/start", "wrong").statusCode()).isEqualTo(401);
            HttpResponse<String> ok = post(m, "/run/start", "s3cret");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("already running");
            assertThat(post(m, "/config", null, "streams: {}").statusCode()).as("reloads need the token too").isEqualTo(401);
            assertThat(get(m, "/status").statusCode()).isEqualTo(200);
            assertThat(get(m, "/metrics").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void wrongMethodsAndUnknownPathsAreRefused() throws Exception {
        try (Fixture f = new Fixture(dir); DaqMonitoring m = DaqMonitoring.create(f.components, new TestOwner()).open()) {
            HttpResponse<String> getStop = get(m, "/run/stop");
            assertThat(getStop.statusCode()).isEqualTo(405);
            assertThat(getStop.headers().firstValue("Allow")).hasValue("POST");
            assertThat(post(m, "/metrics", null).statusCode()).isEqualTo(405);
            assertThat(get(m, "/nope").statusCode()).isEqualTo(404);
            assertThat(m.runControl().state()).isEqualTo(RunControl.State.IDLE);
        }
    }

    @Test
    void aDisabledEndpointHasNoUrlAndANonLoopbackBindWithoutTokenIsRefused() {
        try (Fixture f = new Fixture(dir, ConfigLoader.parse("monitoring: {port: -1}", "test"));
             DaqMonitoring m = DaqMonitoring.create(f.components, new TestOwner()).open()) {
            assertThat(m.metricsUrl()).isNull();
            assertThat(m.httpAddress()).isNull();
        }
        RunControl rc = TestOwner.control();
        assertThatThrownBy(() -> new MonitoringHttpServer("0.0.0.0", 0, new HttpRoutes(null, () -> "", u -> new byte[0],
                () -> new HealthCheck.Health(true, new byte[0]), rc, () -> null, t -> { })))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
    }

    private static HttpResponse<String> get(DaqMonitoring m, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(m, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(DaqMonitoring m, String path, String token) throws Exception {
        return post(m, path, token, null);
    }

    private static HttpResponse<String> post(DaqMonitoring m, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(m, path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(DaqMonitoring m, String path) {
        return URI.create(m.metricsUrl().replace("/metrics", path));
    }
}
