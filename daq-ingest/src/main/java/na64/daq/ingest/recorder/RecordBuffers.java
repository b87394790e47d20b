package na64.daq.ingest.recorder;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import na64.daq.pipeline.NanoClock;
import na64.daq.protocol.FrameHeader;

/**
 * The bounded hand-over between the ingest event loop (the only producer) and the writer thread: a
 * fixed pool of direct buffers ("chunks"), allocated once. Ingest appends whole records to its
 * current chunk; a chunk goes to the writer when it is full, or at the end of a read when the writer
 * has nothing queued (so records reach the file within a read when the disk keeps up, and batch up
 * when it does not). Each record is laid out as in the file, the time still absolute:
 *
 * <pre>
 *  offset size  field
 *       0    8  u64 receive time, ingest's monotonic clock (the writer makes it relative to its file)
 *       8 16+N  the frame, exactly as received
 * </pre>
 *
 * <p><b>Backpressure.</b> With every chunk queued or being written, ingest waits for one, at most
 * {@code stallNanos}; that is the event loop not reading, so TCP pushes back on every front-end,
 * like a slow store. A writer that frees nothing for that long is taken as failed: recording stops,
 * loudly, and frames are counted as not recorded from then on (never dropped without a count).
 */
final class RecordBuffers {
    /** The receive time in front of each frame. */
    static final int TIME_LENGTH = 8;
    /** A chunk holds at least one record of the largest frame. */
    static final int CHUNK_BYTES = 2 << 20;

    private final ArrayBlockingQueue<ByteBuf> free;
    private final ArrayBlockingQueue<ByteBuf> full;
    private final RecorderCounters counters;
    private final NanoClock clock;
    private final long stallNanos;
    private final Runnable onStall;
    /** Set by whichever thread fails recording; ingest then counts instead of copying. */
    private final AtomicBoolean failed = new AtomicBoolean();
    /** Ingest left records in its chunk because the writer was busy: the writer hands it back when idle. */
    private final AtomicBoolean flushWanted = new AtomicBoolean();
    private final Runnable flush = this::endOfRead;
    private volatile Executor loop;
    /** Ingest's chunk being filled; event loop only (or the closing thread once ingest has stopped). */
    private ByteBuf current;
    private Thread producer;

    RecordBuffers(int chunks, RecorderCounters counters, NanoClock clock, long stallNanos, Runnable onStall) {
        if (chunks < 2) {
            throw new IllegalArgumentException("the recorder needs at least 2 buffers, got " + chunks);
        }
        this.free = new ArrayBlockingQueue<>(chunks);
        this.full = new ArrayBlockingQueue<>(chunks);
        for (int i = 0; i < chunks; i++) {
            free.add(Unpooled.directBuffer(CHUNK_BYTES, CHUNK_BYTES));
        }
        this.counters = counters;
        this.clock = clock;
        this.stallNanos = stallNanos;
        this.onStall = onStall;
    }

    /** The event loop the connections run on, where a flush is sent when the writer runs idle. */
    void attach(Executor eventLoop) {
        if (loop == null) {
            loop = eventLoop;
        }
    }

    /** Ingest: appends one record (time, then {@code length} frame bytes of {@code src} from {@code index}). */
    void append(long time, ByteBuf src, int index, int length) {
        ByteBuf c = room(length);
        if (c != null) {
            c.writeLongLE(time).writeBytes(src, index, length);
        }
    }

    /** Ingest: as {@link #append(long, ByteBuf, int, int)} from an array. */
    void append(long time, byte[] src, int offset, int length) {
        ByteBuf c = room(length);
        if (c != null) {
            c.writeLongLE(time).writeBytes(src, offset, length);
        }
    }

    /** A chunk with room for the record, or null when recording failed (the frame is counted as skipped). */
    private ByteBuf room(int frameLength) {
        if (producer != Thread.currentThread()) {
            if (producer != null) {
                throw new IllegalStateException("the raw recorder has one producer thread, " + producer.getName());
            }
            producer = Thread.currentThread();
        }
        if (failed.get()) {
            counters.skippedFrames.increment();
            return null;
        }
        int need = TIME_LENGTH + frameLength;
        if (current != null && current.writableBytes() >= need) {
            return current;
        }
        if (current != null) {
            full.add(current); // never full: there are as many places as chunks
            current = null;
        }
        current = free.poll();
        if (current == null) {
            current = awaitFree();
        }
        if (current == null) {
            counters.skippedFrames.increment();
        }
        return current;
    }

    private ByteBuf awaitFree() {
        long start = clock.nanoTime();
        counters.waits.increment();
        ByteBuf c = null;
        try {
            c = free.poll(stallNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        counters.waitNanos.add(clock.nanoTime() - start);
        if (c == null) {
            onStall.run();
        }
        return c;
    }

    /**
     * Ingest, at the end of a read: hands the current chunk to the writer if it has nothing queued;
     * otherwise the writer asks for it when it is done with what it has.
     */
    void endOfRead() {
        if (current == null || !current.isReadable()) {
            return;
        }
        flushWanted.set(true); // before the check: the writer looks at the queue, then at this flag
        if (full.isEmpty()) {
            flushWanted.set(false);
            full.add(current);
            current = free.poll(); // null is fine: the next record waits for one
        }
    }

    /** Writer: the next chunk, or null after {@code timeoutMillis}. */
    ByteBuf take(long timeoutMillis) throws InterruptedException {
        return full.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Writer: gives a written chunk back; when nothing else is queued, asks ingest for what it holds. */
    void recycle(ByteBuf chunk) {
        chunk.clear();
        free.add(chunk);
        if (full.isEmpty() && flushWanted.getAndSet(false)) {
            Executor l = loop;
            try {
                if (l != null) {
                    l.execute(flush);
                }
            } catch (RejectedExecutionException e) {
                // ingest has stopped: finish() hands the last chunk over
            }
        }
    }

    /** Marks recording failed; true for the first caller. */
    boolean fail() {
        return failed.compareAndSet(false, true);
    }

    boolean failed() {
        return failed.get();
    }

    /** Chunks waiting for the writer. */
    int queued() {
        return full.size();
    }

    /** After ingest has stopped (its thread is done): hands the last records to the writer. */
    void finish() {
        if (current != null && current.isReadable()) {
            full.add(current);
            current = null;
        }
    }

    /** After the writer has stopped: frees the buffers' memory. */
    void release() {
        for (ByteBuf b : free) {
            b.release();
        }
        free.clear();
        if (current != null) {
            current.release();
            current = null;
        }
    }
}
