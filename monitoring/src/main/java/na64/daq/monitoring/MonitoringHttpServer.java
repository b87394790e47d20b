package na64.daq.monitoring;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring HTTP endpoint on the JDK's built-in server (no extra dependency):
 * <pre>
 *  GET  /metrics     Prometheus text format 0.0.4
 *  GET  /status      JSON (see {@link StatusReport})
 *  POST /run/start   run control (see {@link RunControl}); JSON answer {"state", "message"}
 *  POST /run/stop
 * </pre>
 * Reads are open to anyone who can reach the address. When a token is configured, the control
 * endpoints require {@code Authorization: Bearer <token>} (401 otherwise); binding to anything but
 * loopback without a token is refused at start, so run control is never open to the network.
 * Two daemon threads serve requests; the collectors synchronise where they keep state.
 */
final class MonitoringHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringHttpServer.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] token;
    private final Supplier<String> metrics;
    private final Function<String, byte[]> status;
    private final RunControl control;

    /**
     * Binds at once (port 0 = ephemeral). {@code status} gets the metrics URL and returns the JSON bytes.
     *
     * @throws IllegalArgumentException if {@code bind} is not loopback and {@code token} is empty
     * @throws UncheckedIOException     if the address cannot be bound
     */
    MonitoringHttpServer(String bind, int port, String token, Supplier<String> metrics, Function<String, byte[]> status,
                         RunControl control) {
        boolean hasToken = token != null && !token.isBlank();
        if (!hasToken && !Endpoint.isLoopback(bind)) {
            throw new IllegalArgumentException("the monitoring endpoint may bind to " + bind
                    + " only with a token (monitoring.token or DAQ_MONITORING_TOKEN): run control would be open to the network");
        }
        this.token = hasToken ? token.getBytes(StandardCharsets.UTF_8) : null;
        this.metrics = metrics;
        this.status = status;
        this.control = control;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the monitoring endpoint to " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "daq-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("monitoring endpoint on http://{}/metrics (control {})", Endpoint.hostPort(address()),
                hasToken ? "needs the bearer token" : "open to local users");
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            switch (path) {
                case "/metrics" -> {
                    if (allow(ex, method, "GET")) {
                        send(ex, 200, PROMETHEUS_TEXT, metrics.get().getBytes(StandardCharsets.UTF_8));
                    }
                }
                case "/status" -> {
                    if (allow(ex, method, "GET")) {
                        send(ex, 200, "application/json", status.apply(metricsUrl()));
                    }
                }
                case "/run/start", "/run/stop" -> {
                    if (allow(ex, method, "POST") && authorized(ex)) {
                        CountDownLatch replied = new CountDownLatch(1);
                        try {
                            RunControl.Result r = path.equals("/run/start") ? control.requestStart() : control.requestStop(replied);
                            sendJson(ex, r.httpStatus(), r.state().label(), r.message());
                        } finally {
                            replied.countDown(); // now the stop may take this endpoint down
                        }
                    }
                }
                default -> sendJson(ex, 404, control.state().label(),
                        "no such endpoint; try GET /metrics, GET /status, POST /run/start, POST /run/stop");
            }
        } catch (RuntimeException e) {
            LOG.warn("monitoring request {} failed", ex.getRequestURI(), e);
            sendJson(ex, 500, control.state().label(), "internal error: " + e);
        } finally {
            ex.close();
        }
    }

    private String metricsUrl() {
        return "http://" + Endpoint.hostPort(address()) + "/metrics";
    }

    private boolean allow(HttpExchange ex, String method, String expected) throws IOException {
        if (method.equals(expected) || (expected.equals("GET") && method.equals("HEAD"))) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", expected.equals("GET") ? "GET, HEAD" : expected);
        sendJson(ex, 405, control.state().label(), "use " + expected);
        return false;
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        if (token == null) {
            return true;
        }
        String h = ex.getRequestHeaders().getFirst("Authorization");
        byte[] given = h != null && h.startsWith("Bearer ") ? h.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (MessageDigest.isEqual(given, token)) { // constant time: no guessing the token byte by byte
            return true;
        }
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"daq\"");
        sendJson(ex, 401, control.state().label(), "run control needs Authorization: Bearer <monitoring.token>");
        return false;
    }

    private static void sendJson(HttpExchange ex, int code, String state, String message) throws IOException {
        String body = "{\"state\":\"" + state + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n";
        send(ex, code, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * Stops listening at once. The owner closes this last, when everything is drained and stored, so
     * cutting a scrape in progress loses nothing; waiting (stop(1)) would cost a second whenever a
     * client keeps an idle keep-alive connection open.
     */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
