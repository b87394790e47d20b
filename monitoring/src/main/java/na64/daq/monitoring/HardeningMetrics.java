package na64.daq.monitoring;

import static na64.daq.pipeline.CounterDescriptor.INGEST_ACCEPT_REFUSED;
import static na64.daq.pipeline.CounterDescriptor.INGEST_CONNECTIONS_OPEN;
import static na64.daq.pipeline.CounterDescriptor.INGEST_CONNECTIONS_PENDING;
import static na64.daq.pipeline.CounterDescriptor.INGEST_LOG_LINES_SUPPRESSED;
import static na64.daq.pipeline.CounterDescriptor.SOURCE_CONNECTIONS_CLOSED;
import static na64.daq.pipeline.CounterDescriptor.STORE_EVENTS_NOT_STORED;
import static na64.daq.pipeline.CounterDescriptor.STORE_SPILLS_NOT_STORED;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import na64.daq.pipeline.CounterRegistry;
import na64.daq.pipeline.StoreStatus;

/**
 * Meters and {@code /status} fields of the bounds that hold against hostile and unlucky input
 * (issue 11, docs/reliability.md "Hostile and unlucky input") that are not plain counters (those
 * are the registry's): the pending-connection limit, and the store's health (failed, usable space,
 * reserve); in {@code /status} the connections (open, waiting for their HELLO, closed by reason,
 * refused at accept), log lines left out by the rate limit and records not stored, also
 * {@code "state": "failed"} while a failed store holds the run, and {@code "health": {"ok", "problems"}}.
 */
final class HardeningMetrics {
    private HardeningMetrics() {
    }

    static void bind(MeterRegistry r, MonitoredComponents c) {
        Gauge.builder("daq.ingest.connections.pending.limit", c.config().ingest(), i -> i.maxPendingConnections())
                .strongReference(true).description("ingest.maxPendingConnections: one more closes the oldest waiting").register(r);
        StoreStatus st = c.store();
        // Checked at every scrape, also when nothing is written: a removed directory or a full volume shows at once.
        Gauge.builder("daq.store.failed", st, x -> x.checkFailure() == null ? 0 : 1).strongReference(true)
                .description("1 when the store cannot write: the run is held (backpressure); see /status").register(r);
        Gauge.builder("daq.store.usable", st, StoreStatus::usableBytes).baseUnit("bytes").strongReference(true)
                .description("Usable bytes on the store's volume").register(r);
        Gauge.builder("daq.store.reserve", st, StoreStatus::reserveBytes).baseUnit("bytes").strongReference(true)
                .description("Usable bytes under which the store counts as full and stops the run").register(r);
    }

    /**
     * What is wrong now, one line each, empty when healthy: the basis of {@code /status}'s
     * {@code "health"} (and of a {@code /health} endpoint).
     */
    static List<String> problems(MonitoredComponents c) {
        String failure = c.store().checkFailure();
        return failure == null ? List.of() : List.of("store failed: " + failure);
    }

    /** Adds {@code "connections": {"open", "pending", "pending_limit", "closed": {reason: n}, "refused_at_accept",
     * "log_lines_suppressed"}}, the store's health and {@code "health"}. */
    static void status(ObjectNode root, MonitoredComponents c) {
        List<String> problems = problems(c);
        StoreStatus store = c.store();
        String failure = store.checkFailure();
        if (failure != null && "running".equals(root.path("state").asText())) {
            root.put("state", "failed"); // running no longer: the store holds the run until it is stopped
        }
        ObjectNode health = root.putObject("health");
        health.put("ok", problems.isEmpty());
        problems.forEach(health.putArray("problems")::add);
        CounterRegistry counters = c.counters();
        ObjectNode st = (ObjectNode) root.path("store");
        st.put("failed", failure != null);
        st.put("failure", failure);
        st.put("usable_bytes", store.usableBytes());
        st.put("events_not_stored", counters.value(STORE_EVENTS_NOT_STORED));
        st.put("spills_not_stored", counters.value(STORE_SPILLS_NOT_STORED));
        ObjectNode o = root.putObject("connections");
        o.put("open", counters.value(INGEST_CONNECTIONS_OPEN));
        o.put("pending", counters.value(INGEST_CONNECTIONS_PENDING));
        o.put("pending_limit", c.config().ingest().maxPendingConnections());
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (CounterRegistry.Registered e : counters.entries(SOURCE_CONNECTIONS_CLOSED)) {
            byReason.merge(e.label(), e.counter().get(), Long::sum);
        }
        ObjectNode closed = o.putObject("closed");
        byReason.forEach(closed::put);
        o.put("refused_at_accept", counters.value(INGEST_ACCEPT_REFUSED));
        o.put("log_lines_suppressed", counters.value(INGEST_LOG_LINES_SUPPRESSED));
    }
}
