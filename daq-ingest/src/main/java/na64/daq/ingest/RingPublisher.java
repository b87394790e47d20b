package na64.daq.ingest;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import na64.daq.pipeline.Counter;
import na64.daq.pipeline.FragmentArena;
import na64.daq.pipeline.FragmentReconstruction;
import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FragmentFlyweight;

/**
 * Puts checked frames into the ingest ring: claims a pre-allocated {@link IngestEntry} and fills it
 * with a fragment's header fields and reconstructed energies (spec §7, computed from the arena copy
 * while it is in cache), a spill marker's payload, or a protocol error; then publishes the entries
 * of one socket read together ({@link #flush()}). Never blocks: when the ring is full it says so,
 * marks the stall on the pipeline clock, and the caller holds the frame (backpressure). One per
 * ingest server; used by the single ingest event loop thread only.
 */
final class RingPublisher {
    /** Entries filled before they are published at the latest: keeps ingest and builder working side by side. */
    private static final int MAX_UNPUBLISHED = 512;

    private final RingBuffer<IngestEntry> ring;
    /** Stopped while a claim fails and running again at the next success, so timeouts stand still during backpressure. */
    private final StallClock stall;
    private final FragmentReconstruction reconstruction;
    /** Claims refused because the ring was full (each one holds a connection). */
    private final Counter ringFull;
    private long pendingLow = -1;
    private long pendingHigh = -1;

    RingPublisher(RingBuffer<IngestEntry> ring, StallClock stall, FragmentReconstruction reconstruction, Counter ringFull) {
        this.ringFull = ringFull;
        this.ring = ring;
        this.stall = stall;
        this.reconstruction = reconstruction;
    }

    /** True when an entry can be claimed now. */
    boolean hasRoom() {
        return ring.hasAvailableCapacity(1);
    }

    /**
     * The fragment {@code f}, wrapped over its checked copy at the place {@code arena} reserved for
     * it, read at (base-clock) time {@code now}: reconstructed into an entry, its arena space taken.
     * False when the ring is full (nothing taken).
     */
    boolean publishFragment(FragmentArena arena, FragmentFlyweight f, long now) {
        long seq = claim();
        if (seq < 0) {
            return false;
        }
        IngestEntry e = ring.get(seq);
        int sourceId = arena.sourceId();
        e.setFragment(sourceId, f, f.offset(), f.length());
        reconstruction.reconstruct(sourceId, f, e);
        e.arenaOrdinal = arena.commit(f.length());
        e.receivedNanos = stall.toPipeline(now);
        e.readNanos = now;
        claimed(seq);
        return true;
    }

    /** A checked BEGIN/END_OF_SPILL payload {@code payload[0, length)}, copied into an entry of {@code kind}; false when the ring is full. */
    boolean publishMarker(int kind, int sourceId, byte[] payload, int length, long now) {
        long seq = claim();
        if (seq < 0) {
            return false;
        }
        IngestEntry e = ring.get(seq);
        System.arraycopy(payload, 0, e.ensureCapacity(length), 0, length);
        e.setControl(kind, sourceId, stall.toPipeline(now));
        e.length = length;
        claimed(seq);
        return true;
    }

    /**
     * A protocol error of {@code sourceId} (counted by reason in {@link IngestCounters}), so the builder
     * attributes it to the source's open spill; false when the ring is full.
     */
    boolean publishError(int sourceId, long now) {
        long seq = claim();
        if (seq < 0) {
            return false;
        }
        ring.get(seq).setControl(IngestEntry.PROTOCOL_ERROR, sourceId, stall.toPipeline(now));
        claimed(seq);
        return true;
    }

    /** Claims the next entry, or returns -1 when the ring is full (and marks the stall). */
    private long claim() {
        try {
            long seq = ring.tryNext();
            stall.flowing();
            return seq;
        } catch (InsufficientCapacityException e) {
            ringFull.increment();
            stall.stalled();
            return -1;
        }
    }

    /** Remembers a filled entry; it becomes visible to the builder at the next {@link #flush()}. */
    private void claimed(long seq) {
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
     * end of each read (a hold ends a read too), so the builder sees whole batches and the wait
     * strategy is signalled once per batch instead of once per fragment.
     */
    void flush() {
        if (pendingLow >= 0) {
            ring.publish(pendingLow, pendingHigh);
            pendingLow = -1;
        }
    }
}
