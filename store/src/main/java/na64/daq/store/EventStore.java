package na64.daq.store;

import na64.daq.pipeline.EventView;
import na64.daq.pipeline.SpillSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import na64.daq.pipeline.Counter;
import na64.daq.pipeline.NanoClock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last pipeline stage: appends built events and spill summaries to a Chronicle Queue in a
 * directory, one Chronicle document per record. Exactly one thread appends at a time (the event
 * builder's consumer thread); {@link EventStoreReader}s in this or other processes may tail the
 * store while it is written. Appending an event allocates nothing in steady state; a spill record
 * may allocate a few small iterators (once per spill).
 *
 * <p><b>Files.</b> {@code SingleChronicleQueueBuilder.binary(dir)} with {@link RollCycles#FAST_HOURLY}:
 * a run lasts hours, so hourly files cut it into pieces that can be copied, checked and deleted
 * while the run goes on (a finished hour's file is never written again), and the cycle's index
 * holds 2^32-1 records, far above the 3.6x10^8 a sustained 100 kHz could give in an hour. A marker
 * file {@value #MARKER} tells readers the directory is an NA64 store. Chronicle writes in native
 * byte order; the store refuses to open on a big-endian machine, so every field below is
 * little-endian.
 *
 * <p><b>Durability.</b> A record is in the page cache when its append returns, so a crash of this
 * process loses nothing already appended; readers see it at once. With {@code syncAtSpillEnd}, the
 * queue is built with {@link SyncMode#SYNC} and every spill record is followed by the appender's
 * {@code sync()}: an {@code msync(MS_SYNC)} of the mapped chunk being written, from its last sync
 * point to the end of the spill record. Chunks the appender has moved past and finished cycle files
 * are msync'd the same way when Chronicle releases them, at the latest at {@link #close()}. So when
 * {@link #appendSpill} returns, the spill record, and normally all events before it, survive a power
 * cut or kernel crash; the exception is an earlier chunk Chronicle still holds mapped. Without the
 * option, the kernel writes pages back at its own pace.
 *
 * <p><b>Records.</b> The event record (kind 1) and the spill record (kind 2), layout version 1, are
 * drawn byte by byte in the {@linkplain na64.daq.store package documentation} (and in
 * store/README.md); {@link RecordLayout} writes and reads them.
 * A record has exactly these bytes; readers reject trailing bytes, unknown kinds and other versions.
 */
public final class EventStore implements AutoCloseable {
    /** Name of the file that marks a directory as an NA64 event store. */
    public static final String MARKER = "NA64-EVENT-STORE";
    /** Roll cycle of the queue files; see the class comment. */
    static final RollCycle ROLL_CYCLE = RollCycles.FAST_HOURLY;

    private static final Logger LOG = LoggerFactory.getLogger(EventStore.class);

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final boolean syncAtSpillEnd;
    private final AppendHook hook;
    /** Times the appends (latency counters); the service's clock, so a hand-driven test clock times them too. */
    private final NanoClock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final StoreGuard guard;
    private final Counter eventsAppended = new Counter();
    private final Counter spillsAppended = new Counter();
    private final Counter bytesAppended = new Counter();
    private final Counter appendNanosTotal = new Counter();
    private final Counter lastAppendLatencyNanos = new Counter();
    // The config hash is the same for a whole run: encode it once, not per spill.
    private String lastHash;
    private byte[] lastHashUtf8;

    private EventStore(Path directory, SingleChronicleQueue queue, boolean syncAtSpillEnd, AppendHook hook, NanoClock clock) {
        this.directory = directory;
        this.queue = queue;
        this.syncAtSpillEnd = syncAtSpillEnd;
        this.hook = hook;
        this.clock = clock;
        this.guard = new StoreGuard(directory);
        this.appender = queue.createAppender();
        // The store is created on one thread and written by the builder thread, handed over with a
        // happens-before edge (thread start); Chronicle's own-thread check would reject that.
        appender.singleThreadedCheckDisabled(true);
    }

    /** Opens (creating if needed) the store in {@code dir}, appending after any existing records. */
    public static EventStore open(Path dir, boolean syncAtSpillEnd) {
        return open(dir, syncAtSpillEnd, AppendHook.NONE);
    }

    /** As {@link #open(Path, boolean)}, calling {@code hook} before every append. */
    public static EventStore open(Path dir, boolean syncAtSpillEnd, AppendHook hook) {
        return open(dir, syncAtSpillEnd, hook, NanoClock.SYSTEM);
    }

    /**
     * As {@link #open(Path, boolean)}, calling {@code hook} before every append and timing appends on {@code clock}.
     *
     * @throws IllegalArgumentException if {@code dir} is a file or holds a Chronicle queue that is not a store
     * @throws UncheckedIOException     if the directory or marker cannot be created
     */
    public static EventStore open(Path dir, boolean syncAtSpillEnd, AppendHook hook, NanoClock clock) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("the event store layout is little-endian; this machine is not");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("cannot open event store " + dir + ": it is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
            boolean marked = Files.isRegularFile(dir.resolve(MARKER));
            if (!marked && holdsQueueFiles(dir)) {
                throw new IllegalArgumentException("cannot open event store " + dir
                        + ": it holds a Chronicle queue without the " + MARKER + " marker, not an NA64 event store");
            }
            SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(dir).rollCycle(ROLL_CYCLE);
            if (syncAtSpillEnd) {
                builder.syncMode(SyncMode.SYNC);
            }
            SingleChronicleQueue queue = builder.build();
            try {
                EventStore store = new EventStore(dir, queue, syncAtSpillEnd, hook, clock);
                if (!marked) {
                    writeMarker(dir); // last: a marked directory always has queue metadata for readers
                }
                LOG.info("event store open at {} (sync at spill end: {})", dir, syncAtSpillEnd);
                return store;
            } catch (IOException | RuntimeException e) {
                queue.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open event store " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends one event record (layout in the class comment). Writer thread only. On a bad value
     * (IllegalArgumentException) nothing is appended.
     */
    public void appendEvent(EventView e) {
        ensureOpen();
        long start = clock.nanoTime();
        hook.beforeAppend();
        long length;
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> out = dc.wire().bytes();
            long begin = out.writePosition();
            try {
                RecordLayout.writeEvent(out, e);
            } catch (RuntimeException | Error ex) {
                dc.rollbackOnClose(); // never leave half a record for readers
                throw ex;
            }
            length = out.writePosition() - begin;
        }
        eventsAppended.increment();
        appended(length, start);
    }

    /**
     * Appends one spill record and, with {@code syncAtSpillEnd}, forces it and the records before it
     * to disk (see the class comment). Writer thread only.
     */
    public void appendSpill(SpillSummary s) {
        ensureOpen();
        long start = clock.nanoTime();
        hook.beforeAppend();
        byte[] hash = encodedHash(s.configHash);
        long length;
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> out = dc.wire().bytes();
            long begin = out.writePosition();
            try {
                RecordLayout.writeSpill(out, s, hash);
            } catch (RuntimeException | Error ex) {
                dc.rollbackOnClose();
                throw ex;
            }
            length = out.writePosition() - begin;
        }
        if (syncAtSpillEnd) {
            appender.sync();
        }
        spillsAppended.increment();
        appended(length, start);
    }

    private void appended(long length, long start) {
        long nanos = clock.nanoTime() - start;
        bytesAppended.add(length);
        appendNanosTotal.add(nanos);
        lastAppendLatencyNanos.set(nanos);
    }

    private byte[] encodedHash(String hash) {
        if (hash == null) {
            return null;
        }
        if (!hash.equals(lastHash)) {
            lastHashUtf8 = hash.getBytes(StandardCharsets.UTF_8);
            lastHash = hash;
        }
        return lastHashUtf8;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("event store " + directory + " is closed");
        }
    }

    /** Event records appended since open. */
    public Counter eventsAppended() {
        return eventsAppended;
    }

    /** Spill records appended since open. */
    public Counter spillsAppended() {
        return spillsAppended;
    }

    /** Record bytes appended since open (record bodies, without Chronicle's 4-byte document headers). */
    public Counter bytesAppended() {
        return bytesAppended;
    }

    /** Total time spent in appends since open, ns, including the hook and any sync. */
    public Counter appendNanosTotal() {
        return appendNanosTotal;
    }

    /** Duration of the most recent append, ns. */
    public Counter lastAppendLatencyNanos() {
        return lastAppendLatencyNanos;
    }

    /** Whether the store can still take records, and what the writer does when it cannot (issue 11). */
    public StoreGuard guard() {
        return guard;
    }

    /** The store directory. */
    public Path directory() {
        return directory;
    }

    /**
     * Closes the appender and the queue; idempotent. Call after the writer thread has stopped
     * appending. The store reopens with every appended record readable.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (syncAtSpillEnd) {
                appender.sync();
            }
            appender.close();
        } finally {
            queue.close();
        }
        LOG.info("event store closed at {}: {} events, {} spills, {} bytes", directory,
                eventsAppended.get(), spillsAppended.get(), bytesAppended.get());
    }

    private static boolean holdsQueueFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.endsWith(".cq4") || n.endsWith(".cq4t"));
        }
    }

    private static void writeMarker(Path dir) throws IOException {
        Path tmp = dir.resolve(MARKER + ".tmp");
        Files.writeString(tmp, "NA64 DAQ event store\nrecord layout version " + RecordLayout.VERSION
                + "\nChronicle Queue, binary, roll cycle " + ROLL_CYCLE + "\n");
        Files.move(tmp, dir.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
