package na64.daq.ingest;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import na64.daq.pipeline.NanoClock;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.ProtocolError;

/**
 * Cuts one connection's byte stream into protocol v1 frames (spec §2) and hands each whole frame, in
 * place in the buffer, to its {@link SourceSession}; nothing is passed down the pipeline. The header
 * is checked before any payload is buffered:
 *
 * <pre>
 *  offset size  field            checked here
 *       0    4  magic "NA64"     else BAD_MAGIC: ERROR frame, close (framing lost)
 *       4    1  version 1        else BAD_VERSION: ERROR frame, close
 *       5    1  type             (by the session)
 *       6    2  source id        (by the session)
 *       8    4  payload length   &gt; 1 MiB (before HELLO: &gt; a HELLO's maximum): BAD_LENGTH, ERROR,
 *                                close, nothing allocated for it
 *      12    4  CRC-32C          (by the session, on its copy)
 *      16    N  payload          waits in the buffer until all N bytes have arrived
 * </pre>
 *
 * <p>Copies: a read's frames are decoded straight from the read's buffer, and the session copies a
 * FRAGMENT's payload once, into its source's arena. Only a frame cut by the end of a read is put
 * together: the next read first gives it just its missing bytes, and the rest of that read is again
 * decoded in place ({@link #channelRead}). A frame the session has no room for stays in the buffer
 * and {@link FlowControl} holds decoding (backpressure); {@link #decodeLast} reports a frame cut by
 * the peer's close as TRUNCATED_FRAME, after every whole frame before it was delivered.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    /**
     * Netty's merging cumulator, except that when the new bytes do not fit behind what is buffered,
     * the unread bytes (usually the frame the last read cut) first move to the front of the buffer:
     * they then fit instead of growing (copying) the whole buffer. Only then: moving them before every
     * retry of a held connection would copy its whole buffer each time.
     */
    private static final Cumulator CUT_FRAME_TO_FRONT = (alloc, cumulation, in) -> {
        if (cumulation.isReadable() && cumulation.refCnt() == 1 && cumulation.writableBytes() < in.readableBytes()) {
            cumulation.discardSomeReadBytes();
        }
        return MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
    };

    private final SourceSession session;
    private final FlowControl flow;
    private final NanoClock clock;
    private final Runnable onFinished;
    /** Frames were delivered in this read: held connections get a retry after it. */
    private boolean delivered;
    private ChannelHandlerContext ctx;
    /**
     * What was still buffered when the peer closed while held. Netty tears the pipeline down (and
     * with it this decoder's buffer) right after a close, so these bytes are kept here for the retries.
     */
    private ByteBuf keptAfterClose;

    /** {@code onFinished} runs once the connection is closed and everything it sent is delivered or counted. */
    FrameDecoder(SourceSession session, FlowControl flow, NanoClock clock, Runnable onFinished) {
        this.session = session;
        this.flow = flow;
        this.clock = clock;
        this.onFinished = onFinished;
        setCumulator(CUT_FRAME_TO_FRONT);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** This connection's protocol rules (tests offer frames to it directly). */
    SourceSession session() {
        return session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        ByteBuf in = (ByteBuf) msg;
        long rest;
        while (flow.decoding() && (rest = restOfCutFrame()) > 0 && rest < in.readableBytes()) {
            super.channelRead(ctx, in.readRetainedSlice((int) rest)); // completes (and decodes) the cut frame
        }
        super.channelRead(ctx, in); // when nothing is cut any more, decoded in place
        endOfRead();
    }

    /** End of a read: what it put into the ring becomes visible; if it delivered frames, held connections retry. */
    private void endOfRead() {
        session.flush();
        if (delivered) {
            delivered = false;
            flow.madeProgress();
        }
    }

    /** Bytes still missing from the frame the last read cut (first its header, then its payload); 0 when none is cut. */
    private long restOfCutFrame() {
        ByteBuf cut = internalBuffer();
        int have = cut.readableBytes();
        if (have < FrameHeader.LENGTH) {
            return have == 0 ? 0 : FrameHeader.LENGTH - have;
        }
        // decode() checked this header when it arrived (magic, version, length cap)
        return FrameHeader.LENGTH + cut.getUnsignedIntLE(cut.readerIndex() + FrameHeader.LENGTH_OFFSET) - have;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!flow.decoding()) {
            if (flow.discarding()) {
                in.skipBytes(in.readableBytes());
            }
            return;
        }
        long now = clock.nanoTime();
        while (in.readableBytes() >= FrameHeader.LENGTH) {
            int r = in.readerIndex();
            boolean beforeHello = session.beforeHello();
            ProtocolError framing = FrameChecks.framing(in, r, beforeHello);
            if (framing != null) {
                act(session.fatal(ctx, framing, FrameChecks.describe(framing, in, r, beforeHello), now), in, 0);
                return;
            }
            int frame = FrameHeader.LENGTH + (int) in.getUnsignedIntLE(r + FrameHeader.LENGTH_OFFSET);
            if (in.readableBytes() < frame) {
                return; // the payload is still on its way
            }
            if (!act(session.onFrame(ctx, in, r, frame - FrameHeader.LENGTH, now), in, frame)) {
                return;
            }
        }
    }

    /** Applies what became of the frame of {@code frameLength} bytes at the front of {@code in}; false: stop decoding. */
    private boolean act(FrameOutcome outcome, ByteBuf in, int frameLength) {
        switch (outcome) {
            case CONSUMED -> {
                in.skipBytes(frameLength);
                delivered = true;
                return true;
            }
            case NO_CAPACITY -> flow.hold();
            case CLOSED -> {
                flow.discard();
                in.skipBytes(in.readableBytes());
            }
        }
        return false;
    }

    /**
     * The peer closed. {@link #decode} has delivered every whole frame (FlowControl passes the close on
     * only then, and only when the ring has room for the error), so what is left is a frame the close cut.
     */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.isReadable() && !flow.discarding()) {
            session.truncated(ctx, in.readableBytes(), clock.nanoTime());
        }
        in.skipBytes(in.readableBytes());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx); // decodes what is left, then decodeLast, then releases the buffer
        finish();
    }

    /** The peer closed while {@link FlowControl} holds this connection: keeps the buffered bytes for {@link #retryClose}. */
    void keepAfterClose() {
        ByteBuf buffered = internalBuffer();
        keptAfterClose = buffered.readRetainedSlice(buffered.readableBytes());
    }

    /**
     * A retry after the peer closed while held: decodes the kept frames; then, when all were
     * delivered and the ring has room to report a frame the close cut, reports it and ends the
     * session. True once ended (also when the connection was discarded meanwhile).
     */
    boolean retryClose() {
        decode(ctx, keptAfterClose, null);
        endOfRead();
        if (flow.decoding() && keptAfterClose.isReadable() && !session.canReportError()) {
            return false; // whole frames delivered, no room yet to report the cut one
        }
        if (!flow.decoding() && !flow.discarding()) {
            return false; // held again
        }
        if (keptAfterClose.isReadable() && !flow.discarding()) {
            session.truncated(ctx, keptAfterClose.readableBytes(), clock.nanoTime()); // flushes
        }
        keptAfterClose.release();
        finish();
        return true;
    }

    private void finish() {
        session.onDisconnect(ctx);
        onFinished.run();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.onTransportError(ctx, cause);
    }
}
