package na64.daq.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /health}: 200 when the service is up and able to store, 503 otherwise, for a
 * container {@code HEALTHCHECK} or a load balancer. "Up": started and not shutting down; idle
 * between runs is healthy (it takes the next run). "Able to store": the builder thread runs, the
 * store directory exists and is a directory, its file system has at least {@link #MIN_FREE_BYTES}
 * free, and none of {@link HardeningMetrics#problems} holds (a failed store, say). The JSON says
 * which check failed:
 * <pre>
 * {"healthy": false, "state": "stopping", "builder_running": true, "store_directory": true,
 *  "store_free_bytes": 51234567890, "problems": ["the service is shutting down"]}
 * </pre>
 */
final class HealthCheck {
    /** Below this the store is about to fail: an hour of the reference setup's accepted events is far less. */
    static final long MIN_FREE_BYTES = 64L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The verdict and the JSON body. */
    record Health(boolean healthy, byte[] json) {
    }

    /** The document's fields. */
    record Report(boolean healthy, String state, @com.fasterxml.jackson.annotation.JsonProperty("builder_running") boolean builderRunning,
                  @com.fasterxml.jackson.annotation.JsonProperty("store_directory") boolean storeDirectory,
                  @com.fasterxml.jackson.annotation.JsonProperty("store_free_bytes") long storeFreeBytes,
                  java.util.List<String> problems) {
    }

    private final MonitoredComponents c;
    private final RunControl control;

    HealthCheck(MonitoredComponents c, RunControl control) {
        this.c = c;
        this.control = control;
    }

    /** Free bytes of the store's file system, or -1 if it cannot be asked (directory gone). */
    static long freeBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    Report report() {
        java.util.List<String> problems = new java.util.ArrayList<>();
        RunControl.State state = control.state();
        if (control.closing()) {
            problems.add("the service is shutting down");
        } else if (!control.ready()) {
            problems.add("the service is starting");
        }
        boolean builder = c.pipeline().running();
        if (!builder) {
            problems.add("the event builder is not running");
        }
        Path dir = c.store().directory();
        boolean isDir = Files.isDirectory(dir);
        if (!isDir) {
            problems.add("store directory " + dir + " is missing");
        }
        long free = isDir ? freeBytes(dir) : -1;
        if (isDir && free < MIN_FREE_BYTES) {
            problems.add("store " + dir + " has " + free + " bytes free (< " + MIN_FREE_BYTES + ")");
        }
        for (String p : HardeningMetrics.problems(c)) { // a failed store, connection floods (issue 11)
            if (!problems.contains(p)) {
                problems.add(p);
            }
        }
        return new Report(problems.isEmpty(), state.label(), builder, isDir, free, java.util.List.copyOf(problems));
    }

    Health check() {
        Report r = report();
        try {
            return new Health(r.healthy(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render /health", e);
        }
    }
}
