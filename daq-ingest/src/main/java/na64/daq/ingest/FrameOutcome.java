package na64.daq.ingest;

/** What became of one frame the decoder handed to its {@link SourceSession}. */
enum FrameOutcome {
    /** Taken: published, or counted as a protocol error and skipped. Its bytes may go. */
    CONSUMED,
    /** Ring, arena or event window full: nothing was done; offer the same frame again later. */
    NO_CAPACITY,
    /** A fatal protocol error: counted, ERROR sent, the connection is closing; decode nothing more. */
    CLOSED
}
