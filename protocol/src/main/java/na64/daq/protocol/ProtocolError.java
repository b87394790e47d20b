package na64.daq.protocol;

/**
 * Why a frame or a connection was refused. Every protocol error is counted per source and per
 * one of these reasons; {@link #fatal} says whether the stream can still be trusted afterwards.
 */
public enum ProtocolError {
    /** The first four bytes are not "NA64": framing is lost, the connection is closed. */
    BAD_MAGIC(true),
    /** Version other than 1: the header layout cannot be trusted, the connection is closed. */
    BAD_VERSION(true),
    /** Declared payload length over 1 MiB: refused before any allocation, connection closed. */
    BAD_LENGTH(true),
    /** Unknown frame type (or ERROR sent by a front-end): the frame is skipped. */
    BAD_TYPE(false),
    /** CRC-32C mismatch: the frame is skipped, the stream continues. */
    BAD_CRC(false),
    /** Payload shorter or longer than its own fields say, or field values out of range: skipped. */
    MALFORMED_PAYLOAD(false),
    /** A frame other than HELLO arrived first on the connection: closed. */
    NO_HELLO(true),
    /** A second HELLO on a connection that already sent one: skipped. */
    REPEATED_HELLO(false),
    /** A frame whose source id differs from the connection's HELLO: skipped. */
    SOURCE_MISMATCH(false),
    /** HELLO from a source id the run configuration does not expect: refused and closed. */
    UNKNOWN_SOURCE(true),
    /** HELLO for a source id that already has a live connection: refused and closed. */
    SOURCE_ALREADY_CONNECTED(true),
    /** Connection from a peer address not in the configured allow-list: refused and closed. */
    PEER_NOT_ALLOWED(true),
    /** The connection closed in the middle of a frame: the partial frame is discarded. */
    TRUNCATED_FRAME(true),
    /** HELLO whose board kind, channel count or name differs from the configured source: refused and closed. */
    HELLO_MISMATCH(true);

    /** Whether the connection is closed after this error. */
    public final boolean fatal;

    ProtocolError(boolean fatal) {
        this.fatal = fatal;
    }

    /** Lower-case label used in metrics and summaries, e.g. {@code bad_crc}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
