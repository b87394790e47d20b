package na64.daq.monitoring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What each path of the monitoring endpoint answers, independent of the HTTP server:
 * <pre>
 *  GET  /metrics     Prometheus text format 0.0.4
 *  GET  /status      JSON (see {@link StatusReport})
 *  GET  /health      200 when running and able to store, 503 otherwise; JSON (see {@link HealthCheck})
 *  POST /run/start   run control (see {@link RunControl}); optional body {"run": N}; JSON answer {"state", "message", "run"}
 *  POST /run/stop
 *  POST /config      a configuration (YAML body) to apply from the next spill; 200 with its hash, or 400
 *                    with one line per problem ({"state", "message", "config_hash" | "problems"})
 * </pre>
 * A new endpoint is one more case in {@link #handle}. When a token is configured, the control
 * endpoints (run control and {@code /config}) require {@code Authorization: Bearer <token>} (401
 * otherwise); reads are open.
 */
final class HttpRoutes {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One answer.
     *
     * @param status      HTTP status
     * @param contentType Content-Type
     * @param body        the body (not sent for HEAD)
     * @param headers     extra headers
     * @param afterSend   run once the answer is written (e.g. let a stop proceed)
     */
    record Reply(int status, String contentType, byte[] body, Map<String, String> headers, Runnable afterSend) {
        Reply(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of(), () -> { });
        }

        Reply withHeader(String name, String value) {
            return new Reply(status, contentType, body, Map.of(name, value), afterSend);
        }
    }

    /** The small JSON answer of control and error replies; absent fields are left out. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Message(String state, String message, Long run,
                   @com.fasterxml.jackson.annotation.JsonProperty("config_hash") String configHash, List<String> problems) {
        Message(String state, String message) {
            this(state, message, null, null, null);
        }
    }

    private final byte[] token;
    private final Supplier<String> metrics;
    private final Function<String, byte[]> status;
    private final Supplier<HealthCheck.Health> health;
    private final RunControl control;
    private final Supplier<String> metricsUrl;
    private final Consumer<Throwable> onError;

    /** {@code onError} is told of what a route threw (the service's distinct error log); the caller gets a 500. */
    HttpRoutes(String token, Supplier<String> metrics, Function<String, byte[]> status, Supplier<HealthCheck.Health> health,
               RunControl control, Supplier<String> metricsUrl, Consumer<Throwable> onError) {
        this.token = token != null && !token.isBlank() ? token.getBytes(StandardCharsets.UTF_8) : null;
        this.metrics = metrics;
        this.status = status;
        this.health = health;
        this.control = control;
        this.metricsUrl = metricsUrl;
        this.onError = onError;
    }

    boolean hasToken() {
        return token != null;
    }

    /** The answer to {@code method path} without a body, from an unknown peer (tests). */
    Reply handle(String method, String path, String authorization) {
        return handle(method, path, authorization, "", "?");
    }

    /** The answer to {@code method path}; {@code authorization} is the header's value or null, {@code peer} names the caller. */
    Reply handle(String method, String path, String authorization, String body, String peer) {
        try {
            switch (path) {
                case "/metrics" -> {
                    return allow(method, "GET") ? new Reply(200, PROMETHEUS_TEXT, metrics.get().getBytes(StandardCharsets.UTF_8))
                            : notAllowed("GET");
                }
                case "/status" -> {
                    return allow(method, "GET") ? new Reply(200, JSON_TYPE, status.apply(metricsUrl.get())) : notAllowed("GET");
                }
                case "/health" -> {
                    if (!allow(method, "GET")) {
                        return notAllowed("GET");
                    }
                    HealthCheck.Health h = health.get();
                    return new Reply(h.healthy() ? 200 : 503, JSON_TYPE, h.json());
                }
                case "/run/start", "/run/stop", "/config" -> {
                    if (!method.equals("POST")) {
                        return notAllowed("POST");
                    }
                    if (!authorized(authorization)) {
                        return message(401, "run control needs Authorization: Bearer <monitoring.token>")
                                .withHeader("WWW-Authenticate", "Bearer realm=\"daq\"");
                    }
                    RunControl.Requester by = RunControl.Requester.http("POST " + path + " from " + peer);
                    return path.equals("/config") ? ControlRequests.reload(control, body, by)
                            : path.equals("/run/start") ? ControlRequests.start(control, body, by) : ControlRequests.stop(control, by);
                }
                default -> {
                    return message(404, "no such endpoint; try GET /metrics, GET /status, GET /health, POST /run/start, "
                            + "POST /run/stop, POST /config");
                }
            }
        } catch (RuntimeException e) {
            onError.accept(e);
            return message(500, "internal error: " + e);
        }
    }

    private static boolean allow(String method, String expected) {
        return method.equals(expected) || (expected.equals("GET") && method.equals("HEAD"));
    }

    private Reply notAllowed(String expected) {
        return message(405, "use " + expected).withHeader("Allow", expected.equals("GET") ? "GET, HEAD" : expected);
    }

    private boolean authorized(String header) {
        if (token == null) {
            return true;
        }
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        return MessageDigest.isEqual(given, token); // constant time: no guessing the token byte by byte
    }

    private Reply message(int code, String text) {
        return json(code, new Message(control.state().label(), text));
    }

    static Reply json(int code, Object value) {
        try {
            byte[] body = JSON.writeValueAsBytes(value);
            byte[] line = java.util.Arrays.copyOf(body, body.length + 1);
            line[body.length] = '\n';
            return new Reply(code, JSON_TYPE, line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }
}
