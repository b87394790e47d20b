package na64.daq.monitoring;

import static na64.daq.pipeline.CounterDescriptor.*;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import na64.daq.config.RunConfig;
import na64.daq.pipeline.CounterRegistry;
import na64.daq.pipeline.DistinctErrorLog;
import na64.daq.pipeline.PipelineStatus;

/**
 * The {@code /status} document: one JSON object a shifter or a script can read at a glance. Field
 * names are snake_case and stable; times are in seconds. Built from the same counters as the
 * metrics (looked up in the registry by descriptor), at request time.
 * <pre>
 * {"state": "running" (idle, running, stopping), "run": 4243 (front-ends' run of the current spill),
 *  "spill": 2, "open_spills": 0,
 *  "config_hash": "…" (newest accepted), "config_hash_in_use": "…" (the builder's newest spill's),
 *  "version": "0.1.0", "started_at": "2026-12-04T20:00:00Z", "uptime_seconds": 12.5 (of the service),
 *  "run_started_at": "2026-12-04T20:00:01Z" (BEGIN_OF_SPILL of the run's first closed spill; null before),
 *  "run_control": {"run": 4243 (given at the start; null if none), "started_at", "uptime_seconds" (of the run),
 *                  "requested_by": "http", "begin_of_spill_other_run": 0, "front_end_run": null, "config_reloads": 0},
 *  "ring": {"size", "used", "remaining", "fill_ratio", "published", "consumed",
 *           "consumer_stalled", "seconds_without_progress"},
 *  "builder": {"running", "events_in_flight", "complete", "incomplete", "duplicates", "spills_closed"},
 *  "eot": {"last_spill", "run", "total"},
 *  "store": {"directory", "events", "spills", "bytes", "free_bytes"},
 *  "sources": [{"id", "name", "kind", "connected", "seconds_since_last_frame", "silent",
 *               "last_event", "frames", "protocol_errors", "missing_fragments",
 *               "outside_run", "outside_run_spill_markers" (received while idle, not built)}],
 *  "unattributed_protocol_errors": 0,
 *  "errors": [{"type", "message", "count", "first_seen", "last_seen", "stack_trace"}],
 *  "metrics_url": "http://127.0.0.1:9464/metrics"}
 * </pre>
 * {@code errors} is the distinct error log: each unexpected exception the service caught, once,
 * with its first and last time (ISO-8601, UTC) and how often it was seen.
 * {@code silent} is true when the source sent nothing for longer than {@code ingest.silenceTimeoutMs}.
 */
final class StatusReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MonitoredComponents c;
    private final Liveness liveness;
    private final ConsumerStallDetector stall;
    private final RunEot runEot;
    private final RunControl control;
    private final long startedNanos;
    private final Instant startedAt = Instant.now();

    StatusReport(MonitoredComponents c, Liveness liveness, ConsumerStallDetector stall, RunEot runEot, RunControl control) {
        this.c = c;
        this.startedNanos = c.clock().nanoTime();
        this.liveness = liveness;
        this.stall = stall;
        this.runEot = runEot;
        this.control = control;
    }

    ObjectNode build(String metricsUrl) {
        CounterRegistry n = c.counters();
        ObjectNode root = JSON.createObjectNode();
        root.put("state", control.state().label());
        root.put("run", n.value(RUN_NUMBER));
        root.put("spill", n.value(SPILL_NUMBER));
        root.put("open_spills", n.value(SPILLS_OPEN));
        root.put("config_hash", control.configHash());
        root.put("config_hash_in_use", c.pipeline().configHashInUse());
        root.put("version", BuildInfo.version());
        root.put("started_at", startedAt.toString());
        root.put("uptime_seconds", (c.clock().nanoTime() - startedNanos) / 1e9);
        long runStart = runEot.runStartWallNs.get();
        root.put("run_started_at", runStart > 0 && runEot.run.get() == n.value(RUN_NUMBER)
                ? Instant.ofEpochSecond(0, runStart).toString() : null);
        runControl(root.putObject("run_control"));

        PipelineStatus p = c.pipeline();
        long remaining = p.ringRemainingCapacity();
        ObjectNode r = root.putObject("ring");
        r.put("size", p.ringSize());
        r.put("used", p.ringSize() - remaining);
        r.put("remaining", remaining);
        r.put("fill_ratio", 1.0 - (double) remaining / p.ringSize());
        r.put("published", p.publishedSequence() + 1);
        r.put("consumed", p.consumedSequence() + 1);
        r.put("seconds_without_progress", stall.secondsWithoutProgress());
        r.put("consumer_stalled", stall.stalled());

        ObjectNode bl = root.putObject("builder");
        bl.put("running", p.running());
        bl.put("events_in_flight", n.value(EVENTS_IN_FLIGHT));
        bl.put("complete", n.value(EVENTS_COMPLETE));
        bl.put("incomplete", n.value(EVENTS_INCOMPLETE));
        bl.put("duplicates", n.value(FRAGMENTS_DUPLICATE));
        bl.put("spills_closed", n.value(SPILLS_CLOSED));

        ObjectNode eot = root.putObject("eot");
        eot.put("last_spill", n.value(EOT_LAST_SPILL));
        eot.put("run", runEot.eot.get());
        eot.put("total", n.value(EOT));

        ObjectNode s = root.putObject("store");
        s.put("directory", c.store().directory().toAbsolutePath().toString());
        s.put("events", n.value(STORE_EVENTS_APPENDED));
        s.put("spills", n.value(STORE_SPILLS_APPENDED));
        s.put("bytes", n.value(STORE_BYTES_APPENDED));
        s.put("free_bytes", HealthCheck.freeBytes(c.store().directory()));

        double silenceSeconds = c.config().ingest().silenceTimeoutMs() / 1e3;
        ArrayNode sources = root.putArray("sources");
        for (int i = 0; i < n.sourceCount(); i++) {
            RunConfig.SourceConfig cfg = c.config().source(n.sourceId(i));
            double since = liveness.secondsSinceLastFrame(i);
            ObjectNode o = sources.addObject();
            o.put("id", n.sourceId(i));
            o.put("name", cfg == null ? "" : cfg.name());
            o.put("kind", cfg == null ? "" : cfg.kind().name().toLowerCase(Locale.ROOT));
            o.put("connected", liveness.connected(i));
            o.put("seconds_since_last_frame", since);
            o.put("silent", since > silenceSeconds);
            o.put("last_event", n.value(SOURCE_LAST_EVENT, i));
            o.put("frames", n.value(SOURCE_FRAMES, i));
            o.put("protocol_errors", n.value(SOURCE_PROTOCOL_ERRORS, i));
            o.put("missing_fragments", n.value(SOURCE_MISSING_FRAGMENTS, i));
            o.put("outside_run", n.find(SOURCE_OUTSIDE_RUN, i, "fragment").get());
            o.put("outside_run_spill_markers", n.find(SOURCE_OUTSIDE_RUN, i, "spill_marker").get());
        }
        root.put("unattributed_protocol_errors", n.value(SOURCE_PROTOCOL_ERRORS, n.sourceCount()));
        HardeningMetrics.status(root, c);
        ArrayNode errors = root.putArray("errors");
        for (DistinctErrorLog.Entry e : n.errorLog().entries()) {
            ObjectNode o = errors.addObject();
            o.put("type", e.type());
            o.put("message", e.message());
            o.put("count", e.count());
            o.put("first_seen", Instant.ofEpochMilli(e.firstEpochMillis()).toString());
            o.put("last_seen", Instant.ofEpochMilli(e.lastEpochMillis()).toString());
            o.put("stack_trace", e.stackTrace());
        }
        if (metricsUrl != null) {
            root.put("metrics_url", metricsUrl);
        }
        return root;
    }

    /** The run as run control sees it: the number given at the start, since when, who asked, disagreeing front-ends. */
    private void runControl(ObjectNode o) {
        Long run = control.run();
        java.time.Instant started = control.runStartedAt();
        PipelineStatus runs = c.pipeline();
        if (run == null) {
            o.putNull("run");
        } else {
            o.put("run", run);
        }
        o.put("started_at", started == null ? null : started.toString());
        o.put("uptime_seconds", control.runUptimeSeconds());
        o.put("requested_by", control.runRequestedBy());
        o.put("begin_of_spill_other_run", runs.otherRunBeginsInRun());
        long other = runs.lastOtherRun();
        if (other < 0) {
            o.putNull("front_end_run");
        } else {
            o.put("front_end_run", other);
        }
        o.put("config_reloads", control.reloadsAccepted());
    }

    byte[] render(String metricsUrl) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(build(metricsUrl));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render /status", e);
        }
    }
}
