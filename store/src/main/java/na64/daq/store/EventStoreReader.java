package na64.daq.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads an event store's records in stored order, from the first. The store may be written at the
 * same time by an {@link EventStore} in this or another process: the queue is opened read-only and
 * {@link #next()} returns {@code null} when it has caught up, so a caller tails a live store by
 * polling. One reader is used by one thread at a time.
 */
public final class EventStoreReader implements AutoCloseable {
    private final Path directory;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EventStoreReader(Path directory, SingleChronicleQueue queue) {
        this.directory = directory;
        this.queue = queue;
        this.tailer = queue.createTailer();
        // A reader may be opened on one thread and polled on another (e.g. daq dump's tail loop).
        tailer.singleThreadedCheckDisabled(true);
    }

    /**
     * Opens the store in {@code dir} for reading, positioned before its first record.
     *
     * @throws IllegalArgumentException if {@code dir} does not exist, is not a directory, or is not an
     *                                  NA64 event store (no {@value EventStore#MARKER} marker file)
     */
    public static EventStoreReader open(Path dir) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("no event store at " + dir + ": the directory does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not an event store: it is a file, not a directory");
        }
        if (!isStore(dir)) {
            throw new IllegalArgumentException(dir + " is not an NA64 event store: it has no " + EventStore.MARKER
                    + " marker file (a store is a directory written by EventStore)");
        }
        SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(EventStore.ROLL_CYCLE)
                .readOnly(true)
                .build();
        try {
            return new EventStoreReader(dir, queue);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /** Whether {@code dir} is a directory marked as an NA64 event store. */
    public static boolean isStore(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(EventStore.MARKER));
    }

    /**
     * The next record in stored order, or {@code null} if there is none yet; poll again to tail a
     * store that is still being written.
     *
     * @throws StoreFormatException if the record cannot be decoded; the reader has then moved past it,
     *                              so the next call reads the following record
     */
    public StoredRecord next() {
        if (closed.get()) {
            throw new IllegalStateException("event store reader on " + directory + " is closed");
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return null;
            }
            return RecordLayout.read(dc.wire().bytes(), dc.index());
        }
    }

    /** The store directory. */
    public Path directory() {
        return directory;
    }

    /** Closes the tailer and the queue; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                tailer.close();
            } finally {
                queue.close();
            }
        }
    }
}
