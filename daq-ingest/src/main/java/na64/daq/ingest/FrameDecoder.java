package na64.daq.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;

import na64.daq.pipeline.NanoClock;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.ProtocolError;

/**
 * Cuts one connection's byte stream into protocol v1 frames (spec §2) and hands each whole frame to
 * its {@link SourceSession}. Framing is checked before any payload is buffered:
 *
 * <pre>
 *  offset size  field            checked here
 *       0    4  magic "NA64"     else BAD_MAGIC: ERROR frame, close (framing lost)
 *       4    1  version 1        else BAD_VERSION: ERROR frame, close
 *       5    1  type             (by the session)
 *       6    2  source id        (by the session)
 *       8    4  payload length   &gt; 1 MiB: BAD_LENGTH, ERROR, close, nothing allocated for it
 *      12    4  CRC-32C          (by the session, over the arena copy or in place)
 *      16    N  payload          waits here until all N bytes have arrived
 * </pre>
 *
 * <p><b>Backpressure.</b> Ring, arena or window full: the frame stays unconsumed, auto-read stops, a retry
 * follows on the event loop; the front-end's send blocks, nothing is dropped. Frames buffered when
 * the peer closes are still delivered before the close is handled.
 */
final class FrameDecoder extends ChannelInboundHandlerAdapter {
    /** While paused, reading continues until this much is buffered; then auto-read stops (the kernel holds the rest). */
    private static final int PAUSED_READ_CAP = 2 * 1024 * 1024;

    private final SourceSession session;
    private final NanoClock clock;
    private final IngestCounters counters;
    private ByteBuf cumulation;
    private boolean paused;
    private long pausedSinceNanos;
    private boolean inactive;
    private boolean finished;
    private boolean discarding;
    private final Runnable onFinished;
    private final PausedDecoders pausedDecoders;
    private ChannelHandlerContext context;
    private boolean readingStopped;
    private boolean published;

    FrameDecoder(SourceSession session, NanoClock clock, IngestCounters counters, PausedDecoders pausedDecoders,
                 Runnable onFinished) {
        this.session = session;
        this.clock = clock;
        this.counters = counters;
        this.pausedDecoders = pausedDecoders;
        this.onFinished = onFinished;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        context = ctx;
        session.onConnect(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (discarding || finished) {
            in.release();
            return;
        }
        if (cumulation == null) {
            cumulation = in;
        } else if (!paused && completePendingFrame(ctx, in)) {
            cumulation = in; // the frame cut by the last read is done: decode the rest straight from this read
        } else if (discarding || finished) {
            in.release(); // the connection was refused or finished while completing that frame
            return;
        } else if (cumulation == null) {
            cumulation = in;
        } else {
            cumulation = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        }
        if (!paused) {
            drain(ctx);
        } else if (!readingStopped && cumulation.readableBytes() >= PAUSED_READ_CAP) {
            readingStopped = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    /**
     * Payload bytes are copied once, socket buffer to arena: only the frame cut by the last read gets
     * its missing bytes from {@code in}, and is decoded; true = decoding goes on in {@code in} itself.
     * False (bad header, still incomplete, no room downstream): the caller appends {@code in}.
     */
    private boolean completePendingFrame(ChannelHandlerContext ctx, ByteBuf in) {
        int have = cumulation.readableBytes();
        if (have < FrameHeader.LENGTH) {
            int take = Math.min(FrameHeader.LENGTH - have, in.readableBytes());
            cumulation = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in.readRetainedSlice(take));
            if ((have += take) < FrameHeader.LENGTH) {
                return false;
            }
        }
        if (checkFraming(cumulation, cumulation.readerIndex()) != null) {
            return false;
        }
        long missing = FrameHeader.LENGTH + cumulation.getUnsignedIntLE(cumulation.readerIndex() + FrameHeader.LENGTH_OFFSET) - have;
        if (missing > in.readableBytes()) {
            return false;
        }
        cumulation = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in.readRetainedSlice((int) missing));
        drain(ctx);
        return !(paused || discarding || finished || cumulation != null);
    }

    /** Decodes and hands on every whole frame buffered, until the buffer runs short or the ring is full. */
    private void drain(ChannelHandlerContext ctx) {
        published = false;
        try {
            decodeAll(ctx);
        } finally {
            session.flush();
        }
        if (published) {
            pausedDecoders.wake(); // the slowest source may have moved on: held connections retry now
        }
    }

    private void decodeAll(ChannelHandlerContext ctx) {
        long now = clock.nanoTime();
        while (!discarding && cumulation != null) {
            int readable = cumulation.readableBytes();
            if (readable < FrameHeader.LENGTH) {
                break;
            }
            int r = cumulation.readerIndex();
            ProtocolError framing = checkFraming(cumulation, r);
            if (framing != null) {
                if (!session.fatal(ctx, framing, describe(framing, cumulation, r), now)) {
                    pause(ctx);
                    return;
                }
                discard();
                return;
            }
            int length = (int) cumulation.getUnsignedIntLE(r + FrameHeader.LENGTH_OFFSET);
            if (readable < FrameHeader.LENGTH + length) {
                break;
            }
            int outcome = session.onFrame(ctx, cumulation, r, length, now);
            if (outcome == SourceSession.NO_CAPACITY) {
                pause(ctx);
                return;
            }
            if (outcome == SourceSession.CLOSED) {
                discard();
                return;
            }
            cumulation.skipBytes(FrameHeader.LENGTH + length);
            published = true;
        }
        if (cumulation != null) {
            if (!cumulation.isReadable()) {
                cumulation.release();
                cumulation = null;
            } else {
                // Partial frame to the front, or the buffer keeps (and copies again) every consumed byte.
                cumulation.discardSomeReadBytes();
            }
        }
        if (inactive) {
            finish(ctx);
        }
    }

    private ProtocolError checkFraming(ByteBuf b, int r) {
        return FrameChecks.framing(b, r, session.sourceId() == 0);
    }

    private String describe(ProtocolError e, ByteBuf b, int r) {
        return FrameChecks.describe(e, b, r, session.sourceId() == 0);
    }

    /**
     * Stops decoding this connection until a retry succeeds. Reading goes on until
     * {@link #PAUSED_READ_CAP} is buffered, so a short pause costs no change of the socket's interest
     * set; past it auto-read stops and TCP pushes back on the front-end. A retry comes when another
     * connection makes progress or from the shared retry timer ({@link PausedDecoders}), whichever is first.
     */
    private void pause(ChannelHandlerContext ctx) {
        if (!paused) {
            paused = true;
            pausedSinceNanos = clock.nanoTime();
            pausedDecoders.add(this, ctx.executor());
            if (cumulation != null && cumulation.readableBytes() >= PAUSED_READ_CAP && !readingStopped) {
                readingStopped = true;
                ctx.channel().config().setAutoRead(false);
            }
        }
    }

    /** Tries to decode again after a pause; called by the timer or by {@link PausedDecoders#wake()}. */
    void retry() {
        if (!paused) {
            return;
        }
        ChannelHandlerContext ctx = context;
        long since = pausedSinceNanos;
        paused = false;
        drain(ctx);
        if (paused) {
            pausedSinceNanos = since; // still paused: the pause goes on from when it began, not from this retry
        } else {
            pausedDecoders.remove(this);
            int i = counters.indexOf(session.sourceId());
            counters.backpressureNanos[i].add(clock.nanoTime() - pausedSinceNanos);
            if (readingStopped && !inactive && !discarding) {
                readingStopped = false;
                ctx.channel().config().setAutoRead(true);
            }
        }
    }

    /** True while decoding waits for the ring or the event window (the peer is sending; the service is not reading). */
    boolean paused() {
        return paused;
    }

    /** True once the connection was refused or is being closed by the service: nothing more is decoded. */
    boolean discarding() {
        return discarding;
    }

    /** Drops whatever is buffered and decodes nothing more (also when the service closes the connection). */
    void discard() {
        discarding = true;
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        context = ctx;
        inactive = true;
        if (!paused) {
            drain(ctx);
            if (!paused) {
                finish(ctx);
            }
        }
        ctx.fireChannelInactive();
    }

    /** After the peer closed and every whole frame was delivered: report a cut frame, then forget the connection. */
    private void finish(ChannelHandlerContext ctx) {
        if (finished) {
            return;
        }
        if (!discarding && cumulation != null && cumulation.isReadable()) {
            if (!session.truncated(cumulation.readableBytes(), clock.nanoTime())) {
                pause(ctx);
                return;
            }
        }
        finished = true;
        pausedDecoders.remove(this);
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        session.onDisconnect(ctx);
        onFinished.run();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.onTransportError(ctx, cause);
    }
}
