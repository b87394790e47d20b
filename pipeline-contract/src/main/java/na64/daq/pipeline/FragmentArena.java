package na64.daq.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One source's raw fragment payloads, in a bounded, pre-allocated byte ring. The ingest thread is
 * the only writer: it copies each FRAGMENT payload here straight from the socket buffer (the one
 * copy on the hot path), reconstructs its energies from this copy while it is in cache, and puts
 * only the header fields and energies into the ring entry. The builder keeps (ordinal, offset,
 * length) per event and reads the bytes only for events that are stored.
 *
 * <pre>
 *  bytes     [0 .. capacity)   payloads back to back; one that does not fit before the end starts at 0
 *  start[]   descriptor ring   absolute start position of fragment ordinal k at start[k &amp; mask]
 *  released  builder only      released[k &amp; mask] = the builder is done with ordinal k
 *  holders   builder only      the builder's holder (event slot) of fragment ordinal k, while it is held
 *  free      builder → ingest  first ordinal still in use; ingest may overwrite everything before it
 * </pre>
 *
 * Ordinals are given out in arrival order and the builder sees them in that order (the ring is
 * FIFO), but releases them out of order (a complete event goes before an older incomplete one). So
 * the builder marks an ordinal released and advances {@code free} over the released run; ingest
 * reads {@code free} with acquire semantics.
 *
 * <p>One old event (waiting for a silent source, say) would hold {@code free} back and with it the
 * whole arena. So when more than half of the arena lies between {@code free} and the newest
 * fragment the builder has seen, the builder moves the oldest held fragment into its slot's own
 * buffer (the builder's event slot) and releases it: the arena only fills when the builder lags
 * ingest by half of it, and then {@link #reserve} says so and ingest pauses that source only
 * (backpressure), exactly as for a full ring.
 */
public final class FragmentArena {
    private static final VarHandle FREE;

    static {
        try {
            FREE = MethodHandles.lookup().findVarHandle(FragmentArena.class, "free", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int sourceId;
    private final byte[] bytes;
    private final long[] start;
    private final boolean[] released;
    /** The builder's object holding each fragment (its event slot); opaque here, builder thread only. */
    private final Object[] holders;
    private final int mask;

    // Ingest thread only.
    private long writeOrdinal;
    private long writePosition;
    private long reservedPosition;

    // Written by the builder thread (release store), read by ingest (acquire load).
    @SuppressWarnings("unused")
    private long free;

    /** An arena of {@code capacityBytes} for at most {@code descriptors} (a power of two) fragments in use. */
    public FragmentArena(int sourceId, int capacityBytes, int descriptors) {
        if (Integer.bitCount(descriptors) != 1) {
            throw new IllegalArgumentException("descriptors must be a power of two: " + descriptors);
        }
        this.sourceId = sourceId;
        this.bytes = new byte[capacityBytes];
        this.start = new long[descriptors];
        this.released = new boolean[descriptors];
        this.holders = new Object[descriptors];
        this.mask = descriptors - 1;
    }

    /** Source id whose fragments live here. */
    public int sourceId() {
        return sourceId;
    }

    /** The arena's bytes: a fragment of ordinal k lives at {@code [offset, offset + length)} given with it. */
    public byte[] bytes() {
        return bytes;
    }

    /**
     * Ingest: finds room for a payload of {@code length} bytes; returns its offset in {@link #bytes()},
     * or -1 when the arena is full (pause the source and try again later). Nothing is taken until
     * {@link #commit()}, so a frame refused after the copy (bad CRC, malformed) costs no space.
     */
    public int reserve(int length) {
        if (length > bytes.length) {
            throw new IllegalArgumentException("fragment of " + length + " bytes exceeds the arena of " + bytes.length);
        }
        long freeOrdinal = (long) FREE.getAcquire(this);
        if (writeOrdinal - freeOrdinal > mask) {
            return -1;
        }
        long freePosition = freeOrdinal == writeOrdinal ? writePosition : start[(int) (freeOrdinal & mask)];
        long position = writePosition;
        int offset = (int) (position % bytes.length);
        if (offset + length > bytes.length) {
            position += bytes.length - offset; // wrap: a payload is always contiguous
            offset = 0;
        }
        if (position + length - freePosition > bytes.length) {
            return -1;
        }
        reservedPosition = position;
        return offset;
    }

    /** Ingest: takes the space of the last {@link #reserve} for a payload of {@code length}; returns its ordinal. */
    public long commit(int length) {
        long ordinal = writeOrdinal++;
        start[(int) (ordinal & mask)] = reservedPosition;
        writePosition = reservedPosition + length;
        return ordinal;
    }

    /** Builder: {@code slot} holds fragment {@code ordinal} until it releases or evacuates it. */
    public void hold(long ordinal, Object slot) {
        holders[(int) (ordinal & mask)] = slot;
    }

    /**
     * Builder: true when more than half of the arena (by count or bytes) lies between the oldest
     * held fragment and fragment {@code ordinal} (just seen, ending at {@code end} in the arena).
     */
    public boolean crowded(long ordinal, int end) {
        long f = (long) FREE.get(this);
        if (f > ordinal) {
            return false;
        }
        if (ordinal - f >= (mask + 1) / 2) {
            return true;
        }
        int used = end - (int) (start[(int) (f & mask)] % bytes.length);
        return (used < 0 ? used + bytes.length : used) > bytes.length / 2;
    }

    /** Builder: the slot holding the oldest unreleased fragment (call only when {@link #crowded}). */
    public Object oldestHolder() {
        return holders[(int) ((long) FREE.get(this) & mask)];
    }

    /** Builder: done with fragment {@code ordinal}; its space (and that of every earlier released one) is reused. */
    public void release(long ordinal) {
        holders[(int) (ordinal & mask)] = null;
        released[(int) (ordinal & mask)] = true;
        long f = (long) FREE.get(this);
        long before = f;
        while (released[(int) (f & mask)]) {
            released[(int) (f & mask)] = false;
            f++;
        }
        if (f != before) {
            FREE.setRelease(this, f);
        }
    }
}
