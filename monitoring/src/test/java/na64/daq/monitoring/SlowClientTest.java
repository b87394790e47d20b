package na64.daq.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 8 (slowloris): connections that send part of a request and stall must not stop the
 * endpoint from answering others. Under the old 2-thread JDK server two such connections blocked
 * /metrics, /status and POST /run/stop for as long as they stayed.
 */
class SlowClientTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void stalledPartialRequestsDoNotStopMetricsStatusOrRunStop() throws Exception {
        TestOwner owner = new TestOwner();
        try (Fixture f = new Fixture(dir)) {
            DaqMonitoring[] m = new DaqMonitoring[1];
            m[0] = DaqMonitoring.create(f.components, owner).open();
            TestOwner.run(m[0]);
            InetSocketAddress a = m[0].httpAddress();
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    Socket s = new Socket(a.getAddress(), a.getPort());
                    OutputStream out = s.getOutputStream();
                    // Half a request line, or a request line and half the headers, then nothing.
                    out.write((i % 2 == 0 ? "GET /metr" : "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    stalled.add(s);
                }
                HttpResponse<String> metrics = send(m[0], "GET", "/metrics");
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).contains("daq_build_info");
                assertThat(send(m[0], "GET", "/status").statusCode()).isEqualTo(200);
                assertThat(send(m[0], "GET", "/health").statusCode()).isIn(200, 503); // the fixture has no builder thread
                HttpResponse<String> stop = send(m[0], "POST", "/run/stop");
                assertThat(stop.statusCode()).isEqualTo(202);
                await().atMost(10, TimeUnit.SECONDS).until(() -> owner.calls.stream().anyMatch(c -> c.startsWith("end")));
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
                m[0].close();
            }
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndTheEndpointStillAnswersAfterwards() throws Exception {
        RunControl control = TestOwner.control();
        HttpRoutes routes = new HttpRoutes(null, () -> "up 1\n", u -> new byte[0],
                () -> new HealthCheck.Health(true, new byte[0]), control, () -> null, t -> { });
        // A long request timeout, so that on a slow machine no held connection is closed by its deadline.
        try (MonitoringHttpServer server = new MonitoringHttpServer("127.0.0.1", 0, routes, 120)) {
            InetSocketAddress a = server.address();
            List<Socket> flood = new ArrayList<>();
            try {
                for (int i = 0; i < MonitoringHttpServer.MAX_CONNECTIONS + 5; i++) {
                    flood.add(new Socket(a.getAddress(), a.getPort()));
                }
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> server.refusedConnections() == 5);
                assertThat(server.openConnections()).isEqualTo(MonitoringHttpServer.MAX_CONNECTIONS);
                // Which five were refused is the kernel's accept order, not ours: the server's count says it.
            } finally {
                for (Socket s : flood) {
                    s.close();
                }
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.openConnections() == 0);
            URI uri = URI.create("http://" + Endpoint.hostPort(a) + "/metrics");
            assertThat(HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo("up 1\n");
        }
    }

    private static HttpResponse<String> send(DaqMonitoring m, String method, String path) throws Exception {
        URI uri = URI.create(m.metricsUrl().replace("/metrics", path));
        HttpRequest r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }
}
