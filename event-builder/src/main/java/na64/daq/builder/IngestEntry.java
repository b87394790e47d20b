package na64.daq.builder;

import java.util.Arrays;

/**
 * One entry of the ingest ring, pre-allocated by the Disruptor and reused forever. The ingest
 * thread copies a frame's payload into {@link #payload} (one copy from the socket buffer) and
 * publishes; the builder thread reads it. The payload array grows to the largest payload seen in
 * this entry and is never shrunk, so steady state allocates nothing.
 *
 * <pre>
 *  field          meaning
 *  kind           FRAGMENT, BEGIN_OF_SPILL, END_OF_SPILL (payload = the frame's payload),
 *                 PROTOCOL_ERROR (errorReason set, payload unused) or TICK (time only)
 *  sourceId       source of the connection (0 if not yet known)
 *  receivedNanos  NanoClock time the frame was decoded
 *  payload[0..length)  the frame payload bytes exactly as received
 * </pre>
 */
public final class IngestEntry {
    public static final int FRAGMENT = 1;
    public static final int BEGIN_OF_SPILL = 2;
    public static final int END_OF_SPILL = 3;
    public static final int PROTOCOL_ERROR = 4;
    public static final int TICK = 5;

    private static final int INITIAL_CAPACITY = 256;

    public int kind;
    public int sourceId;
    public long receivedNanos;
    /** Ordinal of a {@link na64.daq.protocol.ProtocolError} for PROTOCOL_ERROR entries. */
    public int errorReason;
    public byte[] payload = new byte[INITIAL_CAPACITY];
    public int length;

    /** Makes room for a payload of {@code n} bytes; grows only, so it allocates at most a few times per entry. */
    public byte[] ensureCapacity(int n) {
        if (payload.length < n) {
            payload = Arrays.copyOf(payload, Math.max(n, payload.length * 2));
        }
        return payload;
    }

    /** Fills this entry as a control entry without payload. */
    public void setControl(int kind, int sourceId, long receivedNanos, int errorReason) {
        this.kind = kind;
        this.sourceId = sourceId;
        this.receivedNanos = receivedNanos;
        this.errorReason = errorReason;
        this.length = 0;
    }
}
