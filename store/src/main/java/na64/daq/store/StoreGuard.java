package na64.daq.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.pipeline.Counter;
import na64.daq.pipeline.CounterDescriptor;
import na64.daq.pipeline.CounterRegistry;
import na64.daq.pipeline.DistinctErrorLog;
import na64.daq.pipeline.StoreStatus;

/**
 * Whether the store can still take records (issue 11, items 7 and 10), and what happens when it
 * cannot. The store fails when its volume's usable space falls under {@link #reserveBytes} (checked
 * every {@link #CHECK_EVERY_BYTES} appended and at every scrape), when its directory or marker file
 * disappears, or when an append throws (a full disk under a memory-mapped file shows as
 * {@code InternalError: a fault occurred in a recent unsafe memory access}). Checking the space
 * before it runs out keeps every stored record whole.
 *
 * <p>Once failed, the writer (the event builder) stops in {@link #beforeAppend} instead of
 * dropping: the ring fills and ingest stops reading the front-ends (backpressure, spec §1) while
 * {@code /status}, {@code daq_store_failed} and the {@code DaqStoreFailed} alert say why. Only when
 * the service stops ({@link #release()}) are the records still arriving counted as not stored
 * ({@link #eventsNotStored}, {@link #spillsNotStored}), never silently lost. A failed store does
 * not recover by itself: a shifter frees space or fixes the volume and restarts the service.
 * Monitoring reads the store through this class's {@link StoreStatus}; a failed append's exception
 * also goes to the service's {@link DistinctErrorLog}.
 */
public final class StoreGuard implements StoreStatus {
    /** Appended bytes between two space checks on the writer thread. */
    public static final long CHECK_EVERY_BYTES = 256 << 10;
    private static final Logger LOG = LoggerFactory.getLogger(StoreGuard.class);

    private final Path directory;
    private final long reserveBytes;
    private volatile String failure;
    private volatile boolean released;
    private long checkedAtBytes;
    /** Events the writer could not store after the failure (writer thread only). */
    public final Counter eventsNotStored;
    /** Spill summaries the writer could not store after the failure (writer thread only). */
    public final Counter spillsNotStored;
    /** Where a failed append's exception is kept for {@code /status}. */
    private final DistinctErrorLog errors;

    /**
     * Guards the store in {@code directory}, counting in {@code counters}; the reserve is 5 % of its
     * volume, between 1 MiB and 256 MiB.
     */
    public StoreGuard(Path directory, CounterRegistry counters) {
        this.directory = directory;
        this.eventsNotStored = counters.counter(CounterDescriptor.STORE_EVENTS_NOT_STORED);
        this.spillsNotStored = counters.counter(CounterDescriptor.STORE_SPILLS_NOT_STORED);
        this.errors = counters.errorLog();
        long total;
        try {
            total = Files.getFileStore(directory).getTotalSpace();
        } catch (IOException e) {
            total = 0;
        }
        this.reserveBytes = Math.max(1L << 20, Math.min(256L << 20, total / 20));
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public String checkFailure() {
        check();
        return failure;
    }

    /** Usable bytes below which the store counts as full. */
    @Override
    public long reserveBytes() {
        return reserveBytes;
    }

    /** Why the store cannot take records, or null while it can. */
    public String failure() {
        return failure;
    }

    /** Usable bytes on the store's volume now (-1 if it cannot be read). */
    @Override
    public long usableBytes() {
        try {
            FileStore fs = Files.getFileStore(directory);
            return fs.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Checks the directory, the marker and the free space; any thread (the writer, a scrape). */
    public void check() {
        if (failure != null) {
            return;
        }
        if (!Files.isDirectory(directory) || !Files.isRegularFile(directory.resolve(EventStore.MARKER))) {
            fail("the store directory " + directory + " (or its " + EventStore.MARKER + " marker) was removed");
            return;
        }
        long usable = usableBytes();
        if (usable >= 0 && usable < reserveBytes) {
            fail("the store volume is full: " + usable / 1024 + " KiB free, under the reserve of " + reserveBytes / 1024
                    + " KiB");
        }
    }

    /**
     * Writer thread, before appending a record, with the bytes appended so far: true to append; false
     * when the store has failed, after waiting until the service stops (the caller counts the record).
     */
    public boolean beforeAppend(long bytesAppended) {
        if (failure == null && bytesAppended - checkedAtBytes >= CHECK_EVERY_BYTES) {
            checkedAtBytes = bytesAppended;
            check();
        }
        if (failure == null) {
            return true;
        }
        holdUntilReleased();
        return false;
    }

    /** An append threw: the store has failed (the record was not stored); waits until the service stops. */
    public void appendFailed(Throwable t) {
        errors.record(t);
        fail("an append failed: " + t);
        holdUntilReleased();
    }

    /** Marks the store failed with {@code why} (first reason wins) and says so once in the log. */
    public synchronized void fail(String why) {
        if (failure == null) {
            failure = why;
            LOG.error("STORE FAILED, the run is held (backpressure) until the service is stopped: {}", why);
        }
    }

    /** The service is stopping: the writer no longer waits, records from now on are counted as not stored. */
    public synchronized void release() {
        released = true;
        notifyAll();
    }

    private synchronized void holdUntilReleased() {
        boolean interrupted = false;
        while (!released) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true; // the builder thread is halted by the service's stop, which releases first
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
