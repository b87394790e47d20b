package na64.daq.app.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A shifter's HTTP calls to one service's endpoint ({@code base} = http://host:port): run control, reloads, /status. */
record ControlClient(String base) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The run-control tests' overlay: HTTP endpoint on an ephemeral port, timeouts long enough that
     * events complete and spills close by the data alone.
     */
    static final String OVERLAY = "monitoring: {port: 0}\nbuilder: {buildTimeoutMs: 60000, spillTimeoutMs: 60000}\n";

    /** The client of the endpoint whose metrics URL is {@code metricsUrl}. */
    static ControlClient of(String metricsUrl) {
        return new ControlClient(metricsUrl.replace("/metrics", ""));
    }

    /** POST {@code path} with {@code body} (may be empty); the answer. */
    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The answer's JSON body. */
    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** GET /status, parsed. */
    JsonNode status() {
        return json(send(HttpRequest.newBuilder(URI.create(base + "/status")).timeout(Duration.ofSeconds(10)).build()));
    }

    /** The run state /status shows: idle, running or stopping. */
    String state() {
        return status().path("state").asText();
    }

    /** GET /metrics, parsed. */
    Metrics metrics() {
        return Metrics.parse(Metrics.get(base + "/metrics"));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
