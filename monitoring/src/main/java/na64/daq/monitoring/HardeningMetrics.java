package na64.daq.monitoring;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import na64.daq.pipeline.Counter;
import na64.daq.ingest.ConnectionClosure;
import na64.daq.ingest.IngestCounters;
import na64.daq.store.StoreGuard;

/**
 * Meters and {@code /status} fields of the bounds that hold against hostile and unlucky input
 * (issue 11, docs/reliability.md "Hostile and unlucky input"): connections open and waiting for
 * their HELLO, connections ingest closed by reason (HELLO deadline, idle, pending limit, takeover),
 * log lines left out by the rate limit, and the store's health (failed, usable space, records not
 * stored); in {@code /status} also {@code "state": "failed"} while a failed store holds the run, and
 * {@code "health": {"ok", "problems"}}. Read at scrape time like every other meter.
 */
final class HardeningMetrics {
    private HardeningMetrics() {
    }

    static void bind(MeterRegistry r, MonitoredComponents c) {
        IngestCounters in = c.ingest();
        Gauge.builder("daq.ingest.connections.open", in.openConnections, Counter::doubleValue).strongReference(true)
                .description("TCP connections open on the ingest port, with or without HELLO").register(r);
        Gauge.builder("daq.ingest.connections.pending", in.pendingConnections, Counter::doubleValue).strongReference(true)
                .description("Connections open without a valid HELLO yet").register(r);
        Gauge.builder("daq.ingest.connections.pending.limit", c.config().ingest(), i -> i.maxPendingConnections())
                .strongReference(true).description("ingest.maxPendingConnections: one more closes the oldest waiting").register(r);
        FunctionCounter.builder("daq.ingest.connections.refused.at.accept", in.acceptRefused, Counter::doubleValue)
                .description("Connections closed at accept: sources + pending limit + 16 were already open").register(r);
        FunctionCounter.builder("daq.ingest.log.lines.suppressed", in.logLinesSuppressed, Counter::doubleValue)
                .description("Ingest warnings left out by the rate limit (same kind of line too often)").register(r);
        FunctionCounter.builder("daq.builder.stray.frames", c.pipeline().counters().strayFrames, Counter::doubleValue)
                .description("Frames naming a spill their source may not open now (a stray of another spill): not used")
                .register(r);
        FunctionCounter.builder("daq.spills.trigger.count.mismatch", c.pipeline().counters().triggerCountMismatches,
                Counter::doubleValue).description("Spills where a source's END_OF_SPILL trigger count differs from the "
                        + "events built with its fragment").register(r);
        StoreGuard g = c.store().guard();
        Gauge.builder("daq.store.failed", g, x -> {
            x.check(); // also when nothing is written: a removed directory or a full volume shows at once
            return x.failure() == null ? 0 : 1;
        }).strongReference(true).description("1 when the store cannot write: the run is held (backpressure); see /status").register(r);
        Gauge.builder("daq.store.usable", g, StoreGuard::usableBytes).baseUnit("bytes").strongReference(true)
                .description("Usable bytes on the store's volume").register(r);
        Gauge.builder("daq.store.reserve", g, StoreGuard::reserveBytes).baseUnit("bytes").strongReference(true)
                .description("Usable bytes under which the store counts as full and stops the run").register(r);
        FunctionCounter.builder("daq.store.events.not.stored", g.eventsNotStored, Counter::doubleValue)
                .description("Events the failed store could not take (counted at shutdown, never dropped while running)")
                .register(r);
        FunctionCounter.builder("daq.store.spills.not.stored", g.spillsNotStored, Counter::doubleValue)
                .description("Spill summaries the failed store could not take (each is in the log)").register(r);
        FunctionCounter.builder("daq.ingest.window.holds", in.windowHolds, Counter::doubleValue)
                .description("Times a fragment was held back because its source ran too far ahead of the slowest live "
                        + "source (each retry counts)").register(r);
        for (int i = 0; i < in.sourceCount(); i++) {
            FunctionCounter.builder("daq.source.window.lag.releases", in.windowLagReleases[i], Counter::doubleValue)
                    .tags(Tags.of("source", c.sourceLabel(i)))
                    .description("Times the source had held the others back longer than the build timeout and was let go "
                            + "of (a slow but alive source: its events go incomplete)").register(r);
        }
        for (int i = 0; i <= in.sourceCount(); i++) {
            for (ConnectionClosure k : ConnectionClosure.values()) {
                FunctionCounter.builder("daq.source.connections.closed", in.closures[i][k.ordinal()], Counter::doubleValue)
                        .tags(Tags.of("source", c.sourceLabel(i), "reason", k.label()))
                        .description("Connections ingest closed by source and reason (hello_timeout, idle_timeout, "
                                + "pending_limit, taken_over); an ERROR frame named the reason")
                        .register(r);
            }
        }
    }

    /**
     * What is wrong now, one line each, empty when healthy: the basis of {@code /status}'s
     * {@code "health"} (and of a {@code /health} endpoint).
     */
    static java.util.List<String> problems(MonitoredComponents c) {
        StoreGuard g = c.store().guard();
        g.check();
        return g.failure() == null ? java.util.List.of() : java.util.List.of("store failed: " + g.failure());
    }

    /** Adds {@code "connections": {"open", "pending", "pending_limit", "closed": {reason: n}, "refused_at_accept",
     * "log_lines_suppressed"}}. */
    static void status(ObjectNode root, MonitoredComponents c) {
        java.util.List<String> problems = problems(c);
        StoreGuard g = c.store().guard();
        if (g.failure() != null && "running".equals(root.path("state").asText())) {
            root.put("state", "failed"); // running no longer: the store holds the run until it is stopped
        }
        ObjectNode health = root.putObject("health");
        health.put("ok", problems.isEmpty());
        problems.forEach(health.putArray("problems")::add);
        ObjectNode st = (ObjectNode) root.path("store");
        st.put("failed", g.failure() != null);
        st.put("failure", g.failure());
        st.put("usable_bytes", g.usableBytes());
        st.put("events_not_stored", g.eventsNotStored.get());
        st.put("spills_not_stored", g.spillsNotStored.get());
        IngestCounters in = c.ingest();
        ObjectNode o = root.putObject("connections");
        o.put("open", in.openConnections.get());
        o.put("pending", in.pendingConnections.get());
        o.put("pending_limit", c.config().ingest().maxPendingConnections());
        ObjectNode closed = o.putObject("closed");
        for (ConnectionClosure k : ConnectionClosure.values()) {
            long t = 0;
            for (int i = 0; i <= in.sourceCount(); i++) {
                t += in.closures[i][k.ordinal()].get();
            }
            closed.put(k.label(), t);
        }
        o.put("refused_at_accept", in.acceptRefused.get());
        o.put("log_lines_suppressed", in.logLinesSuppressed.get());
    }
}
