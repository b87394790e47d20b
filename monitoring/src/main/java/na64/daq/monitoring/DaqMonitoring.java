package na64.daq.monitoring;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.config.ConfigException;
import na64.daq.config.RunConfig;
import na64.daq.pipeline.SpillSummary;

/**
 * Monitoring of one service, as its owner ({@code DaqService}) drives it:
 * <pre>
 *   DaqMonitoring m = DaqMonitoring.create(components, owner); // meters registered, state idle, not ready
 *   m.open();        // HTTP endpoint up, if monitoring.port != -1
 *   ... start the pipeline and ingest ...
 *   m.ready();       // run control takes requests; the owner starts a run unless told to wait idle
 *   ... on close: m.closing() first, m.close() last (endpoint down, awaitClosed() returns)
 * </pre>
 * The owner ({@link RunControl.Owner}) is what {@code POST /run/start}, {@code POST /run/stop} and
 * {@code POST /config} do to the pipeline. The endpoint stays up while the service drains at
 * shutdown, so the last state can still be scraped.
 */
public final class DaqMonitoring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaqMonitoring.class);
    /** Environment variable that, when set, gives the endpoint's bearer token (overrides monitoring.token). */
    public static final String TOKEN_ENV = "DAQ_MONITORING_TOKEN";

    private final MonitoredComponents components;
    private final RunControl control;
    private final DaqMetrics metrics;
    private final StatusReport status;
    private final HealthCheck health;
    private MonitoringHttpServer http;
    /** Set once the endpoint is bound; read without the lock (the HTTP threads read it while close() holds it). */
    private volatile String url;
    private boolean closed;

    private DaqMonitoring(MonitoredComponents components, RunControl control, double stallSeconds) {
        this.components = components;
        this.control = control;
        this.metrics = new DaqMetrics(components, control, stallSeconds);
        this.status = new StatusReport(components, metrics.liveness(), metrics.stall(), metrics.runEot(), control);
        this.health = new HealthCheck(components, control);
    }

    /** Registers every meter; {@code owner} carries out run control and reloads. */
    public static DaqMonitoring create(MonitoredComponents components, RunControl.Owner owner) {
        return create(components, owner, DaqMetrics.DEFAULT_STALL_SECONDS);
    }

    /** As {@link #create(MonitoredComponents, RunControl.Owner)} with another consumer-stall threshold (tests). */
    public static DaqMonitoring create(MonitoredComponents components, RunControl.Owner owner, double stallSeconds) {
        return new DaqMonitoring(components, new RunControl(owner, components.clock(), components.config().hash()), stallSeconds);
    }

    /** Starts the HTTP endpoint of {@code config.monitoring()}, unless its port is -1. */
    public synchronized DaqMonitoring open() {
        RunConfig.Monitoring m = components.config().monitoring();
        if (http == null && m.port() >= 0) {
            http = new MonitoringHttpServer(m.bindAddress(), m.port(), new HttpRoutes(m.token(), metrics::scrape,
                    status::render, health::check, control, this::metricsUrl, components.counters().errorLog()::record));
            url = "http://" + Endpoint.hostPort(http.address()) + "/metrics";
        }
        return this;
    }

    /** The service's stages run: run control takes requests from now on. */
    public void ready() {
        control.markReady();
    }

    /** The service begins to shut down (any path): nothing more is accepted. */
    public void closing() {
        control.markClosing();
    }

    /** Builder thread, once per closed spill. */
    public void onSpillClosed(SpillSummary summary) {
        metrics.onSpillClosed(summary);
    }

    public RunControl runControl() {
        return control;
    }

    public DaqMetrics metrics() {
        return metrics;
    }

    /** Bound address of the HTTP endpoint, or null when it is disabled. */
    public synchronized InetSocketAddress httpAddress() {
        return http == null ? null : http.address();
    }

    /** {@code http://host:port/metrics}, or null when the endpoint is disabled. */
    public String metricsUrl() {
        return url;
    }

    /** What is wrong now, one line each (empty when healthy): for {@code /health} and {@code /status}'s "health". */
    public java.util.List<String> healthProblems() {
        return HardeningMetrics.problems(components);
    }

    /** The {@code /status} JSON, as served. */
    public String statusJson() {
        return new String(status.render(metricsUrl()), StandardCharsets.UTF_8);
    }

    /** Blocks until the service has closed (SIGTERM, close()); a run stop leaves it up. */
    public void awaitClosed() throws InterruptedException {
        control.awaitClosed();
    }

    /** As {@link #awaitClosed()} with a timeout; true if closed. */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return control.awaitClosed(timeout, unit);
    }

    /** Takes the endpoint down, releases the JVM binders, and marks the service closed. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (http != null) {
                http.close();
            }
            metrics.close();
        } finally {
            control.markClosed();
            LOG.debug("monitoring closed");
        }
    }

    /**
     * {@code config} with the monitoring endpoint overridden, as {@code daq serve --http-bind/--http-port}
     * and the {@link #TOKEN_ENV} variable ask. Null arguments keep the configured value. The config hash is
     * kept: where the endpoint listens is not part of what was recorded with the data.
     *
     * @throws ConfigException if the port is out of range, or the address is not loopback and there is no token
     */
    public static RunConfig withEndpoint(RunConfig config, String bind, Integer port, String token) {
        RunConfig.Monitoring m = config.monitoring();
        RunConfig.Monitoring o = new RunConfig.Monitoring(bind != null ? bind : m.bindAddress(),
                port != null ? port : m.port(), token != null && !token.isBlank() ? token : m.token());
        if (o.port() < -1 || o.port() > 65535) {
            throw new ConfigException("monitoring.port: must be in 0..65535, or -1 to disable, got " + o.port());
        }
        if (o.port() != -1 && !Endpoint.isLoopback(o.bindAddress()) && (o.token() == null || o.token().isBlank())) {
            throw new ConfigException("monitoring.token: required when the HTTP endpoint binds to \"" + o.bindAddress()
                    + "\" (not loopback); set monitoring.token or " + TOKEN_ENV);
        }
        return new RunConfig(config.beam(), config.sources(), config.channelMap(), config.reconstruction(), config.streams(),
                config.builder(), config.ingest(), config.store(), o, config.hash());
    }
}
