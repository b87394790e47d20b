package na64.daq.monitoring;

import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lmax.disruptor.RingBuffer;

import na64.daq.builder.BuilderCounters;
import na64.daq.builder.RunAccounting;
import na64.daq.pipeline.IngestEntry;
import na64.daq.pipeline.Counter;
import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestCounters;
import na64.daq.store.EventStore;

/**
 * The {@code /status} document: one JSON object a shifter or a script can read at a glance. Field
 * names are snake_case and stable; times are in seconds. Built from the same counters as the
 * metrics, at request time.
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
 *  "metrics_url": "http://127.0.0.1:9464/metrics"}
 * </pre>
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
    private final java.time.Instant startedAt = java.time.Instant.now();

    StatusReport(MonitoredComponents c, Liveness liveness, ConsumerStallDetector stall, RunEot runEot, RunControl control) {
        this.c = c;
        this.startedNanos = c.clock().nanoTime();
        this.liveness = liveness;
        this.stall = stall;
        this.runEot = runEot;
        this.control = control;
    }

    ObjectNode build(String metricsUrl) {
        BuilderCounters b = c.pipeline().counters();
        IngestCounters in = c.ingest();
        ObjectNode root = JSON.createObjectNode();
        root.put("state", control.state().label());
        root.put("run", b.currentRun.get());
        root.put("spill", b.currentSpill.get());
        root.put("open_spills", b.openSpills.get());
        root.put("config_hash", control.configHash());
        root.put("config_hash_in_use", c.pipeline().builder().configHashInUse());
        root.put("version", BuildInfo.version());
        root.put("started_at", startedAt.toString());
        root.put("uptime_seconds", (c.clock().nanoTime() - startedNanos) / 1e9);
        long runStart = runEot.runStartWallNs.get();
        root.put("run_started_at", runStart > 0 && runEot.run.get() == b.currentRun.get()
                ? java.time.Instant.ofEpochSecond(0, runStart).toString() : null);
        runControl(root.putObject("run_control"));

        RingBuffer<IngestEntry> ring = c.pipeline().ring();
        long remaining = ring.remainingCapacity();
        ObjectNode r = root.putObject("ring");
        r.put("size", ring.getBufferSize());
        r.put("used", ring.getBufferSize() - remaining);
        r.put("remaining", remaining);
        r.put("fill_ratio", 1.0 - (double) remaining / ring.getBufferSize());
        r.put("published", c.pipeline().publishedSequence() + 1);
        r.put("consumed", c.pipeline().consumedSequence() + 1);
        r.put("seconds_without_progress", stall.secondsWithoutProgress());
        r.put("consumer_stalled", stall.stalled());

        ObjectNode bl = root.putObject("builder");
        bl.put("running", c.pipeline().running());
        bl.put("events_in_flight", b.inFlight.get());
        bl.put("complete", b.completeEvents.get());
        bl.put("incomplete", b.incompleteEvents.get());
        bl.put("duplicates", b.duplicates.get());
        bl.put("spills_closed", b.spillsClosed.get());

        ObjectNode eot = root.putObject("eot");
        eot.put("last_spill", b.lastSpillEot.get());
        eot.put("run", runEot.eot.get());
        eot.put("total", b.eotTotal.get());

        EventStore st = c.store();
        ObjectNode s = root.putObject("store");
        s.put("directory", st.directory().toAbsolutePath().toString());
        s.put("events", st.eventsAppended().get());
        s.put("spills", st.spillsAppended().get());
        s.put("bytes", st.bytesAppended().get());
        s.put("free_bytes", HealthCheck.freeBytes(st.directory()));

        double silenceSeconds = c.config().ingest().silenceTimeoutMs() / 1e3;
        ArrayNode sources = root.putArray("sources");
        for (int i = 0; i < in.sourceCount(); i++) {
            RunConfig.SourceConfig cfg = c.config().source(in.sourceId(i));
            double since = liveness.secondsSinceLastFrame(i);
            ObjectNode o = sources.addObject();
            o.put("id", in.sourceId(i));
            o.put("name", cfg == null ? "" : cfg.name());
            o.put("kind", cfg == null ? "" : cfg.kind().name().toLowerCase(Locale.ROOT));
            o.put("connected", liveness.connected(i));
            o.put("seconds_since_last_frame", since);
            o.put("silent", since > silenceSeconds);
            o.put("last_event", b.lastEventPerSource[i].get());
            o.put("frames", in.frames[i].get());
            o.put("protocol_errors", errors(in, i));
            o.put("missing_fragments", b.missingPerSource[i].get());
            o.put("outside_run", in.fragmentsOutsideRun[i].get());
            o.put("outside_run_spill_markers", in.markersOutsideRun[i].get());
        }
        root.put("unattributed_protocol_errors", errors(in, in.sourceCount()));
        HardeningMetrics.status(root, c);
        if (metricsUrl != null) {
            root.put("metrics_url", metricsUrl);
        }
        return root;
    }

    /** The run as run control sees it: the number given at the start, since when, who asked, disagreeing front-ends. */
    private void runControl(ObjectNode o) {
        Long run = control.run();
        java.time.Instant started = control.runStartedAt();
        RunAccounting runs = c.pipeline().builder().runs();
        if (run == null) {
            o.putNull("run");
        } else {
            o.put("run", run);
        }
        o.put("started_at", started == null ? null : started.toString());
        o.put("uptime_seconds", control.runUptimeSeconds());
        o.put("requested_by", control.runRequestedBy());
        o.put("begin_of_spill_other_run", runs.otherRunBeginsInRun.get());
        long other = runs.lastOtherRun.get();
        if (other == RunAccounting.NO_RUN) {
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

    private static long errors(IngestCounters in, int i) {
        long t = 0;
        for (Counter ct : in.errors[i]) {
            t += ct.get();
        }
        return t;
    }
}
