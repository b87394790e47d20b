package na64.daq.ingest;

import io.netty.buffer.ByteBuf;

import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.HelloFlyweight;
import na64.daq.protocol.ProtocolError;

/**
 * The checks {@link FrameDecoder} makes on a frame header before any payload is buffered: magic,
 * version, and the length cap, which before a valid HELLO is the HELLO's own maximum
 * ({@link HelloFlyweight#MAX_LENGTH}), so a connection without HELLO can never make the service
 * buffer more than one HELLO-sized frame (issue 11, item 1).
 */
final class FrameChecks {
    private FrameChecks() {
    }

    /** The framing error of the header at {@code b[r..]}, or null; {@code beforeHello}: no valid HELLO yet. */
    static ProtocolError framing(ByteBuf b, int r, boolean beforeHello) {
        if (b.getIntLE(r + FrameHeader.MAGIC_OFFSET) != FrameHeader.MAGIC) {
            return ProtocolError.BAD_MAGIC;
        }
        if (b.getUnsignedByte(r + FrameHeader.VERSION_OFFSET) != FrameHeader.VERSION) {
            return ProtocolError.BAD_VERSION;
        }
        long length = b.getUnsignedIntLE(r + FrameHeader.LENGTH_OFFSET);
        // Before a valid HELLO only a HELLO-sized frame may be buffered (issue 11: memory before HELLO).
        if (length > FrameHeader.MAX_PAYLOAD || (beforeHello && length > HelloFlyweight.MAX_LENGTH)) {
            return ProtocolError.BAD_LENGTH;
        }
        return null;
    }

    /** The text of the ERROR frame for framing error {@code e}. */
    static String describe(ProtocolError e, ByteBuf b, int r, boolean beforeHello) {
        return switch (e) {
            case BAD_MAGIC -> "bad magic 0x" + Integer.toHexString(b.getIntLE(r + FrameHeader.MAGIC_OFFSET)) + ", expected \"NA64\"";
            case BAD_VERSION -> "unsupported version " + b.getUnsignedByte(r + FrameHeader.VERSION_OFFSET) + ", expected 1";
            case BAD_LENGTH -> "payload length " + b.getUnsignedIntLE(r + FrameHeader.LENGTH_OFFSET)
                    + (beforeHello ? " before HELLO, over the HELLO maximum of " + HelloFlyweight.MAX_LENGTH
                    : " over the 1048576-byte cap");
            default -> e.label();
        };
    }
}
