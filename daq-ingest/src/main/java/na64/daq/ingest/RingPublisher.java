package na64.daq.ingest;

import java.util.zip.CRC32C;

import io.netty.buffer.ByteBuf;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import na64.daq.pipeline.Counter;
import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.ProtocolError;
import na64.daq.protocol.SpillMarkerFlyweight;

/**
 * Puts frames into the ingest ring: claims a pre-allocated {@link IngestEntry}, fills it (a
 * fragment's header fields and energies, or a spill marker's payload, whose CRC-32C is checked in
 * place in the socket buffer first), and publishes the entries of one socket read together
 * ({@link #flush()}). Never blocks: when the ring is full it says so and the caller pauses reading
 * (backpressure). Used by the single ingest event loop thread only.
 */
final class RingPublisher {
    /** Results of {@link #publishFrame}: published; ring full (nothing done); malformed (published as an error). */
    static final int PUBLISHED = 0;
    static final int RING_FULL = 2;
    static final int MALFORMED = 3;

    private final RingBuffer<IngestEntry> ring;
    private final CRC32C crc = new CRC32C();
    private final SpillMarkerFlyweight marker = new SpillMarkerFlyweight();
    /** Claims refused because the ring was full (each one pauses a connection); {@code IngestCounters.ringFull}. */
    private final Counter ringFull;
    /** Entries filled before they are published at the latest: keeps ingest and builder working side by side. */
    private static final int MAX_UNPUBLISHED = 512;
    private long pendingLow = -1;
    private long pendingHigh = -1;

    /** Told when a claim fails and when claims succeed again, so timeouts stand still during backpressure; may be null. */
    private final StallClock stall;

    RingPublisher(RingBuffer<IngestEntry> ring, StallClock stall, Counter ringFull) {
        this.ring = ring;
        this.stall = stall;
        this.ringFull = ringFull;
    }

    /** The builder's time for ingest time {@code nowNanos}: backpressure time left out when there is a stall clock. */
    long pipelineTime(long nowNanos) {
        return stall == null ? nowNanos : stall.toPipeline(nowNanos);
    }

    /** Claims the next entry, or returns -1 when the ring is full (and marks the stall); fill it, then {@link #claimed}. */
    long claim() {
        try {
            long seq = ring.tryNext();
            if (stall != null) {
                stall.flowing();
            }
            return seq;
        } catch (InsufficientCapacityException e) {
            ringFull.increment();
            if (stall != null) {
                stall.stalled();
            }
            return -1;
        }
    }

    /**
     * True when the payload at {@code buf[payloadIndex, +length)} has CRC-32C {@code expectedCrc}.
     * Computed in place over the socket buffer (no copy, no allocation), so a corrupt frame never
     * takes a ring entry.
     */
    boolean crcMatches(ByteBuf buf, int payloadIndex, int length, int expectedCrc) {
        crc.reset();
        if (length > 0) {
            if (buf.hasArray()) {
                crc.update(buf.array(), buf.arrayOffset() + payloadIndex, length);
            } else {
                crc.update(buf.internalNioBuffer(payloadIndex, length));
            }
        }
        return (int) crc.getValue() == expectedCrc;
    }

    /**
     * Copies the BEGIN/END_OF_SPILL payload at {@code buf[payloadIndex, +length)} into an entry of
     * {@code kind} and publishes it. If it is not a well-formed marker, the same entry is published
     * as a MALFORMED_PAYLOAD protocol error instead, so the builder can attribute it to the source's
     * spill, and the reason is left in {@code reasonOut[0]}.
     */
    int publishMarker(int kind, int sourceId, ByteBuf buf, int payloadIndex, int length, long nowNanos, String[] reasonOut) {
        long seq = claim();
        if (seq < 0) {
            return RING_FULL;
        }
        IngestEntry entry = ring.get(seq);
        int result = PUBLISHED;
        try {
            byte[] dst = entry.ensureCapacity(length);
            buf.getBytes(payloadIndex, dst, 0, length);
            marker.wrap(dst, 0, length);
            String reason = kind == IngestEntry.BEGIN_OF_SPILL ? marker.validateBegin() : marker.validateEnd();
            if (reason != null) {
                entry.setControl(IngestEntry.PROTOCOL_ERROR, sourceId, pipelineTime(nowNanos));
                reasonOut[0] = reason;
                result = MALFORMED;
            } else {
                entry.kind = kind;
                entry.sourceId = sourceId;
                entry.receivedNanos = pipelineTime(nowNanos);
                entry.length = length;
            }
        } finally {
            claimed(seq);
        }
        return result;
    }

    /** Publishes a protocol error so the builder attributes it to the source's open spill; false if the ring is full. */
    boolean publishError(int sourceId, ProtocolError error, long nowNanos) {
        long seq = claim();
        if (seq < 0) {
            return false;
        }
        ring.get(seq).setControl(IngestEntry.PROTOCOL_ERROR, sourceId, pipelineTime(nowNanos));
        claimed(seq);
        return true;
    }

    /** The entry of a claimed sequence. */
    IngestEntry entry(long seq) {
        return ring.get(seq);
    }

    /** Remembers a filled entry; it becomes visible to the builder at the next {@link #flush()}. */
    void claimed(long seq) {
        if (pendingLow < 0) {
            pendingLow = seq;
        }
        pendingHigh = seq;
        if (pendingHigh - pendingLow + 1 >= MAX_UNPUBLISHED) {
            flush(); // a long read must not keep the builder waiting: it works while we decode on
        }
    }

    /**
     * Publishes every entry filled since the last flush in one step. The decoder calls this at the
     * end of each read (and before it pauses), so the builder sees whole batches and the wait
     * strategy is signalled once per batch instead of once per fragment.
     */
    void flush() {
        if (pendingLow >= 0) {
            ring.publish(pendingLow, pendingHigh);
            pendingLow = -1;
        }
    }

}
