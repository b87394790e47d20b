package na64.daq.store;

import na64.daq.pipeline.EventView;
import na64.daq.pipeline.SpillSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import na64.daq.pipeline.Counter;
import na64.daq.pipeline.CounterDescriptor;
import na64.daq.pipeline.CounterRegistry;
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
 * builder's consumer thread) and one writer has the store open at a time ({@link StoreLock});
 * {@link EventStoreReader}s in this or other processes may tail the store while it is written.
 * Appending an event allocates nothing in steady state; a spill record may allocate a few small
 * iterators (once per spill).
 *
 * <p>Files (hourly cycles) and durability ({@code syncAtSpillEnd}) are explained in the
 * {@linkplain na64.daq.store package documentation}.
 *
 * <p><b>Records.</b> The event record (kind 1), the spill record (kind 2), the run record (kind 3)
 * and the configuration record (kind 4), layout version 1, are drawn byte by byte in the
 * {@linkplain na64.daq.store package documentation} (and in store/README.md); {@link RecordLayout}
 * and {@link RunRecordLayout} write and read them.
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
    /** Held from open to close: one writer per store (issue 12). */
    private final StoreLock writerLock;
    private final Counter eventsAppended;
    private final Counter spillsAppended;
    private final Counter bytesAppended;
    private final Counter appendNanosTotal;
    private final Counter lastAppendLatencyNanos;
    /** The event {@link #appendEvent} is writing, read by the one pre-built codec: no lambda per event. */
    private EventView pendingEvent;
    private final Consumer<Bytes<?>> eventCodec = out -> RecordLayout.writeEvent(out, pendingEvent);
    // The config hash is the same for a whole run: encode it once, not per spill.
    private String lastHash;
    private byte[] lastHashUtf8;

    private EventStore(Path directory, SingleChronicleQueue queue, boolean syncAtSpillEnd, AppendHook hook,
                       StoreLock writerLock, CounterRegistry counters, NanoClock clock) {
        this.directory = directory;
        this.writerLock = writerLock;
        this.queue = queue;
        this.syncAtSpillEnd = syncAtSpillEnd;
        this.hook = hook;
        this.clock = clock;
        this.guard = new StoreGuard(directory, counters);
        this.eventsAppended = counters.counter(CounterDescriptor.STORE_EVENTS_APPENDED);
        this.spillsAppended = counters.counter(CounterDescriptor.STORE_SPILLS_APPENDED);
        this.bytesAppended = counters.counter(CounterDescriptor.STORE_BYTES_APPENDED);
        this.appendNanosTotal = counters.counter(CounterDescriptor.STORE_APPEND_TIME);
        this.lastAppendLatencyNanos = counters.counter(CounterDescriptor.STORE_LAST_APPEND);
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
        return open(dir, syncAtSpillEnd, hook, new CounterRegistry(), NanoClock.SYSTEM);
    }

    /**
     * The store's writer: {@code hook} called before every append, counters from the service's
     * {@code counters}, appends timed on {@code clock}.
     *
     * @throws IllegalArgumentException if {@code dir} is a file or holds a Chronicle queue that is not a store
     * @throws StoreLock.InUseException  if another writer has the store open (it names the holder's PID)
     * @throws UncheckedIOException     if the directory or marker cannot be created
     */
    public static EventStore open(Path dir, boolean syncAtSpillEnd, AppendHook hook, CounterRegistry counters,
                                  NanoClock clock) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("the event store layout is little-endian; this machine is not");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("cannot open event store " + dir + ": it is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
            boolean marked = Files.isRegularFile(dir.resolve(MARKER));
            if (!marked && StoreMarker.holdsQueueFiles(dir)) {
                throw new IllegalArgumentException("cannot open event store " + dir
                        + ": it holds a Chronicle queue without the " + MARKER + " marker, not an NA64 event store");
            }
            StoreLock lock = StoreLock.acquire(dir); // before the queue: a refused writer changes nothing
            SingleChronicleQueue queue = null;
            try {
                SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(dir).rollCycle(ROLL_CYCLE);
                if (syncAtSpillEnd) {
                    builder.syncMode(SyncMode.SYNC);
                }
                queue = builder.build();
                EventStore store = new EventStore(dir, queue, syncAtSpillEnd, hook, lock, counters, clock);
                if (!marked) {
                    StoreMarker.write(dir, ROLL_CYCLE); // last: a marked directory always has queue metadata for readers
                }
                LOG.info("event store open at {} (sync at spill end: {})", dir, syncAtSpillEnd);
                return store;
            } catch (IOException | RuntimeException e) {
                if (queue != null) {
                    queue.close();
                }
                lock.close();
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
        pendingEvent = e;
        try {
            append(eventCodec, false);
        } finally {
            pendingEvent = null;
        }
        eventsAppended.increment();
    }

    /** Appends one spill record; with {@code syncAtSpillEnd}, forced to disk with what came before. Writer thread only. */
    public void appendSpill(SpillSummary s) {
        byte[] hash = encodedHash(s.configHash);
        appendRare(out -> RecordLayout.writeSpill(out, s, hash));
        spillsAppended.increment();
    }

    /** Appends a begin- or end-of-run record, forced to disk like a spill record. Writer thread only. */
    public void appendRun(StoredRun run) {
        appendRare(out -> RunRecordLayout.writeRun(out, run));
    }

    /** Appends a configuration record (the full YAML under its hash), forced to disk like a spill record. Writer thread only. */
    public void appendConfig(StoredConfig config) {
        appendRare(out -> RunRecordLayout.writeConfig(out, config));
    }

    /** A record written a few times per spill at most: may allocate; synced with {@code syncAtSpillEnd}. */
    private void appendRare(Consumer<Bytes<?>> codec) {
        append(codec, true);
    }

    /** Writes one record with {@code codec}; one that throws leaves nothing for readers. */
    private void append(Consumer<Bytes<?>> codec, boolean sync) {
        ensureOpen();
        long start = clock.nanoTime();
        hook.beforeAppend();
        long length;
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> out = dc.wire().bytes();
            long begin = out.writePosition();
            try {
                codec.accept(out);
            } catch (RuntimeException | Error ex) {
                dc.rollbackOnClose(); // never leave half a record for readers
                throw ex;
            }
            length = out.writePosition() - begin;
        }
        if (sync && syncAtSpillEnd) {
            appender.sync();
        }
        appended(length, start);
    }

    private void appended(long length, long start) {
        long nanos = clock.nanoTime() - start;
        bytesAppended.add(length);
        appendNanosTotal.add(nanos);
        lastAppendLatencyNanos.set(nanos);
    }

    private byte[] encodedHash(String hash) {
        if (hash != null && !hash.equals(lastHash)) {
            lastHashUtf8 = hash.getBytes(StandardCharsets.UTF_8);
            lastHash = hash;
        }
        return hash == null ? null : lastHashUtf8;
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

    /** Whether the store can still take records, and what the writer does when it cannot (issue 11); what monitoring reads. */
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
            try {
                queue.close();
            } finally {
                writerLock.close();
            }
        }
        LOG.info("event store closed at {}: {} events, {} spills, {} bytes", directory,
                eventsAppended.get(), spillsAppended.get(), bytesAppended.get());
    }
}
