package na64.daq.ingest;

import java.util.zip.CRC32C;

import io.netty.buffer.ByteBuf;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import na64.daq.builder.IngestEntry;
import na64.daq.protocol.ProtocolError;

/**
 * Puts frames into the ingest ring: claims a pre-allocated {@link IngestEntry}, copies the payload
 * straight from the socket buffer into it (the one copy on the way in), checks its CRC-32C there,
 * and publishes. Never blocks: when the ring is full it says so and the caller pauses reading
 * (backpressure). Used by the single ingest event loop thread only.
 */
final class RingPublisher {
    /** Results of {@link #publishFrame}: published; CRC mismatch or malformed payload (published as an error); ring full. */
    static final int PUBLISHED = 0;
    static final int BAD_CRC = 1;
    static final int RING_FULL = 2;
    static final int MALFORMED = 3;

    private final RingBuffer<IngestEntry> ring;
    private final CRC32C crc = new CRC32C();

    RingPublisher(RingBuffer<IngestEntry> ring) {
        this.ring = ring;
    }

    /** True when at least {@code n} entries are free. */
    boolean hasCapacity(int n) {
        return ring.hasAvailableCapacity(n);
    }

    /**
     * Copies the payload at {@code buf[payloadIndex, +length)} into an entry of {@code kind} and
     * publishes it. If its CRC-32C differs from {@code expectedCrc} the same entry is published as a
     * BAD_CRC protocol error instead, so the builder can attribute it to the source's spill.
     * {@code validator} may then reject the payload as malformed (it returns a reason or null).
     */
    int publishFrame(int kind, int sourceId, ByteBuf buf, int payloadIndex, int length, int expectedCrc,
                     long nowNanos, PayloadValidator validator, String[] reasonOut) {
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException e) {
            return RING_FULL;
        }
        IngestEntry entry = ring.get(seq);
        int result = PUBLISHED;
        try {
            byte[] dst = entry.ensureCapacity(length);
            buf.getBytes(payloadIndex, dst, 0, length);
            crc.reset();
            crc.update(dst, 0, length);
            if ((int) crc.getValue() != expectedCrc) {
                entry.setControl(IngestEntry.PROTOCOL_ERROR, sourceId, nowNanos, ProtocolError.BAD_CRC.ordinal());
                result = BAD_CRC;
            } else {
                String reason = validator == null ? null : validator.validate(kind, sourceId, dst, length);
                if (reason != null) {
                    entry.setControl(IngestEntry.PROTOCOL_ERROR, sourceId, nowNanos,
                            ProtocolError.MALFORMED_PAYLOAD.ordinal());
                    reasonOut[0] = reason;
                    result = MALFORMED;
                } else {
                    entry.kind = kind;
                    entry.sourceId = sourceId;
                    entry.receivedNanos = nowNanos;
                    entry.length = length;
                }
            }
        } finally {
            ring.publish(seq);
        }
        return result;
    }

    /** Publishes a protocol error so the builder attributes it to the source's open spill; false if the ring is full. */
    boolean publishError(int sourceId, ProtocolError error, long nowNanos) {
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException e) {
            return false;
        }
        ring.get(seq).setControl(IngestEntry.PROTOCOL_ERROR, sourceId, nowNanos, error.ordinal());
        ring.publish(seq);
        return true;
    }

    /** Checks a payload copied into an entry; returns {@code null} if it is well-formed, else why not. */
    interface PayloadValidator {
        String validate(int kind, int sourceId, byte[] payload, int length);
    }
}
