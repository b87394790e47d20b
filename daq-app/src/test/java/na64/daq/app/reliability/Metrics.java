package na64.daq.app.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import na64.daq.app.DaqService;

/**
 * One scrape of a service's metrics, parsed from the Prometheus text format: over HTTP from
 * {@code /metrics} when the endpoint is on (what Prometheus sees), else from the registry in process.
 * Samples are keyed by their full name with labels, e.g. {@code daq_decisions_total{stream="random"}}.
 */
record Metrics(Map<String, Double> samples) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Metrics scrape(DaqService service) {
        String url = service.monitoring().metricsUrl();
        String text;
        if (url == null) {
            text = service.monitoring().metrics().scrape();
        } else {
            text = get(url);
        }
        return parse(text);
    }

    /** GET {@code url} and return the body; fails the test on any other status than 200. */
    static String get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + url + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static Metrics parse(String text) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            m.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Metrics(m);
    }

    /** The sample {@code key} (name with labels exactly as exposed); fails if it is not exposed. */
    long value(String key) {
        Double v = samples.get(key);
        if (v == null) {
            throw new AssertionError("metric " + key + " is not exposed; have e.g. "
                    + samples.keySet().stream().filter(k -> k.startsWith(key.split("[{_]")[0])).limit(20).toList());
        }
        return Math.round(v);
    }

    /** Sum of every sample of metric {@code name} (all label sets). */
    long sum(String name) {
        double s = 0;
        boolean any = false;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String k = e.getKey();
            if (k.equals(name) || k.startsWith(name + "{")) {
                s += e.getValue();
                any = true;
            }
        }
        if (!any) {
            throw new AssertionError("metric " + name + " is not exposed");
        }
        return Math.round(s);
    }

    /** Sum of the samples of {@code name} whose labels contain {@code label} (e.g. {@code source="3"}). */
    long sum(String name, String label) {
        double s = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(name + "{") && k.contains(label)) {
                s += e.getValue();
            }
        }
        return Math.round(s);
    }
}
