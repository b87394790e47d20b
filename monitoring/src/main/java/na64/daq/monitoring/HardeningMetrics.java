package na64.daq.monitoring;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import na64.daq.common.Counter;
import na64.daq.ingest.ConnectionClosure;
import na64.daq.ingest.IngestCounters;

/**
 * Meters and {@code /status} fields of the bounds that hold against hostile and unlucky input
 * (issue 11, docs/reliability.md "Hostile and unlucky input"): connections open and waiting for
 * their HELLO, connections ingest closed by reason (HELLO deadline, idle, pending limit, takeover),
 * and log lines left out by the rate limit. Read at scrape time like every other meter.
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

    /** Adds {@code "connections": {"open", "pending", "pending_limit", "closed": {reason: n}, "refused_at_accept",
     * "log_lines_suppressed"}}. */
    static void status(ObjectNode root, MonitoredComponents c) {
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
