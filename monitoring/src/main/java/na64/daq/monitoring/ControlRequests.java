package na64.daq.monitoring;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The authorized control requests of the HTTP endpoint turned into {@link RunControl} calls and
 * JSON answers: {@code POST /run/start} (optional body {@code {"run": N}}), {@code POST /run/stop},
 * {@code POST /config} (a YAML body).
 */
final class ControlRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest run number: u32, less the value that means "none given" in the store. */
    static final long MAX_RUN = 0xFFFF_FFFEL;

    private ControlRequests() {
    }

    static HttpRoutes.Reply start(RunControl control, String body, RunControl.Requester by) {
        Long run;
        try {
            run = runOf(body);
        } catch (IllegalArgumentException e) {
            return HttpRoutes.json(400, new HttpRoutes.Message(control.state().label(), e.getMessage()));
        }
        return answer(control.requestStart(run, by));
    }

    static HttpRoutes.Reply stop(RunControl control, RunControl.Requester by) {
        CountDownLatch replied = new CountDownLatch(1);
        RunControl.Result r;
        try {
            r = control.requestStop(by, replied);
        } catch (RuntimeException e) {
            replied.countDown();
            throw e;
        }
        HttpRoutes.Reply reply = answer(r);
        // The stop waits for this: the caller gets its answer before the drain begins.
        return new HttpRoutes.Reply(reply.status(), reply.contentType(), reply.body(), Map.of(), replied::countDown);
    }

    static HttpRoutes.Reply reload(RunControl control, String body, RunControl.Requester by) {
        if (body == null || body.isBlank()) {
            return HttpRoutes.json(400, new HttpRoutes.Message(control.state().label(),
                    "send the run configuration (YAML, as the --config file) as the request body"));
        }
        RunControl.Reload r = control.reload(body, "POST /config", by);
        return HttpRoutes.json(r.accepted() ? 200 : 400, new HttpRoutes.Message(control.state().label(), r.message(), null,
                r.hash(), r.accepted() ? null : r.problems()));
    }

    private static HttpRoutes.Reply answer(RunControl.Result r) {
        return HttpRoutes.json(r.httpStatus(), new HttpRoutes.Message(r.state().label(), r.message(), r.run(), null, null));
    }

    /** The run number of a start body: none (empty body or no "run"), or {@code {"run": N}} with 0 <= N <= MAX_RUN. */
    static Long runOf(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the body must be JSON, e.g. {\"run\": 4243}");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object, e.g. {\"run\": 4243}");
        }
        JsonNode run = n.get("run");
        if (n.size() > (run == null ? 0 : 1)) {
            throw new IllegalArgumentException("unknown field in the body; only \"run\" is taken");
        }
        if (run == null || run.isNull()) {
            return null;
        }
        if (!run.isIntegralNumber() || !run.canConvertToLong() || run.asLong() < 0 || run.asLong() > MAX_RUN) {
            throw new IllegalArgumentException("run must be an integer in 0.." + MAX_RUN + ", got " + run);
        }
        return run.asLong();
    }
}
