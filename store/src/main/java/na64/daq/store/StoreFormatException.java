package na64.daq.store;

/**
 * A stored record could not be decoded: the directory holds a queue that is not an NA64 event
 * store, a record written with a newer layout, or a damaged record. The message names the queue
 * index of the record.
 */
public final class StoreFormatException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** A decoding failure with its reason. */
    public StoreFormatException(String message) {
        super(message);
    }

    /** A decoding failure caused by {@code cause} (typically a record shorter than its layout). */
    public StoreFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
