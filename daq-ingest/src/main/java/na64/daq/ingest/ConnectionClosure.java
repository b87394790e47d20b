package na64.daq.ingest;

import java.util.Locale;

/**
 * Why ingest closed a connection that broke no frame rule (issue 11): it held resources without
 * doing its part. Counted per source (or "unattributed" before a valid HELLO) and reason in
 * {@link IngestCounters#closures}, with an ERROR frame naming the reason sent before the close.
 * Unlike protocol errors these never enter the ring: no frame was refused.
 */
public enum ConnectionClosure {
    /** No valid HELLO within {@code ingest.helloTimeoutMs} of opening. */
    HELLO_TIMEOUT,
    /** Nothing received for {@code ingest.idleTimeoutMs} (a front-end sends a HEARTBEAT every second). */
    IDLE_TIMEOUT,
    /** More than {@code ingest.maxPendingConnections} waited for their HELLO: the oldest of them was closed. */
    PENDING_LIMIT,
    /** A new HELLO for the same source arrived while this connection had been silent beyond the silence timeout. */
    TAKEN_OVER;

    /** Lower-case label used in metrics, logs and ERROR frames, e.g. {@code hello_timeout}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
