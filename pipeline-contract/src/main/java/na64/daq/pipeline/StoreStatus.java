package na64.daq.pipeline;

import java.nio.file.Path;

/**
 * What monitoring reads of the store besides its counters: where it is and whether it can still
 * take records. Implemented by the Chronicle event store. Any thread.
 */
public interface StoreStatus {
    /** The store's directory. */
    Path directory();

    /**
     * Checks the store now (directory, marker, free space) and returns why it cannot take records,
     * or null while it can. A failed store stays failed.
     */
    String checkFailure();

    /** Usable bytes on the store's volume now (-1 if they cannot be read). */
    long usableBytes();

    /** Usable bytes under which the store counts as full. */
    long reserveBytes();
}
