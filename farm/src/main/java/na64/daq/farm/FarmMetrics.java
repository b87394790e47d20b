package na64.daq.farm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import na64.daq.builder.BuilderCounters;
import na64.daq.config.RunConfig;
import na64.daq.farm.builder.FarmBuilder;
import na64.daq.farm.readout.Readout;
import na64.daq.ingest.IngestCounters;

/**
 * Prometheus metrics of one farm process, every series labelled with its {@code role} (readout,
 * builder) and {@code node}, served at {@code /metrics} on the JDK's HTTP server (loopback unless
 * told otherwise). Beside the farm's own counters it binds Micrometer's Kafka client metrics, so
 * producer throughput and the builders' consumer lag ({@code kafka_consumer_fetch_manager_records_lag})
 * are scraped with the rest. Counters are read from outside the hot threads (single-writer counters).
 */
public final class FarmMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;
    private KafkaClientMetrics kafka;

    /** Metrics for {@code role}/{@code node}; served on {@code bind:port} (0 = ephemeral), or not at all if {@code port < 0}. */
    public FarmMetrics(String role, String node, String bind, int port) {
        registry.config().commonTags("role", role, "node", node);
        if (port < 0) {
            server = null;
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the metrics endpoint to " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", ex -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The readout's series: ingest frames and protocol errors per source, records to Kafka, backpressure, producer metrics. */
    public FarmMetrics readout(Readout r, RunConfig config) {
        IngestCounters in = r.ingest().counters();
        for (int i = 0; i < config.sources().size(); i++) {
            int k = i;
            String src = String.valueOf(config.sources().get(i).id());
            counter("na64_ingest_frames", in, c -> c.frames[k].get(), "source", src);
            counter("na64_ingest_protocol_errors", in, c -> sum(c.errors[k]), "source", src);
        }
        counter("na64_farm_records_produced", r.forwarder(), f -> f.records.get());
        counter("na64_farm_bytes_produced", r.forwarder(), f -> f.bytes.get());
        counter("na64_farm_records_lost", r, x -> x.forwarder().failures.get() + x.forwardErrors.get());
        FunctionCounter.builder("na64_farm_backpressure_seconds", r.forwarder(), f -> f.backpressureNanos() / 1e9)
                .register(registry);
        gauge("na64_farm_inflight_bytes", r.forwarder(), f -> f.inFlightBytes());
        kafka = new KafkaClientMetrics(r.producer());
        kafka.bindTo(registry);
        return this;
    }

    /** A builder's series: built events and fragments over its partitions, dedupe, partials, owned partitions, consumer metrics. */
    public FarmMetrics builder(FarmBuilder b) {
        counter("na64_farm_records_consumed", b, x -> x.recordsConsumed.get());
        counter("na64_farm_events_deduplicated", b, x -> x.deduplicated.get());
        counter("na64_farm_partials_published", b, x -> x.partialsPublished.get());
        counter("na64_builder_fragments", b, x -> sum(x.counters(), c -> c.fragments.get()));
        counter("na64_builder_events_complete", b, x -> sum(x.counters(), c -> c.completeEvents.get()));
        counter("na64_builder_events_incomplete", b, x -> sum(x.counters(), c -> c.incompleteEvents.get()));
        counter("na64_builder_events_accepted", b, x -> sum(x.counters(), c -> sum(c.acceptedPerStream)));
        gauge("na64_farm_partitions_owned", b, x -> x.ownedPartitions().size());
        gauge("na64_farm_consumer_lag_records", b, FarmBuilder::lag);
        kafka = new KafkaClientMetrics(b.consumer());
        kafka.bindTo(registry);
        return this;
    }

    private <T> void counter(String name, T obj, ToLongFunction<T> f, String... tags) {
        FunctionCounter.builder(name, obj, x -> f.applyAsLong(x)).tags(tags).register(registry);
    }

    private <T> void gauge(String name, T obj, ToDoubleFunction<T> f) {
        Gauge.builder(name, obj, f).register(registry);
    }

    private static long sum(na64.daq.pipeline.Counter[] cs) {
        long s = 0;
        for (na64.daq.pipeline.Counter c : cs) {
            s += c.get();
        }
        return s;
    }

    private static long sum(Map<Integer, BuilderCounters> m, ToLongFunction<BuilderCounters> f) {
        long s = 0;
        for (BuilderCounters c : m.values()) {
            s += f.applyAsLong(c);
        }
        return s;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The metrics URL, or null when not served. */
    public String url() {
        return server == null ? null : "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        if (kafka != null) {
            kafka.close();
        }
        registry.close();
    }
}
