package na64.daq.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;

import na64.daq.pipeline.NanoClock;

/**
 * Backpressure of one connection (docs/architecture.md, "Backpressure"). When the {@link FrameDecoder}
 * finds no room downstream for a frame (ring, the source's arena, or the event window), the frame
 * stays in the decoder's buffer and this handler holds decoding until a retry gets through: one
 * comes as soon as another connection makes progress, or from the shared {@link HeldConnections}
 * timer. While held, reading goes on until {@link #HELD_READ_CAP} more bytes are buffered, so a
 * short hold costs no change of the socket's interest set; past it auto-read stops, the kernel's
 * buffer fills, TCP's window closes and the front-end's send blocks. Nothing is dropped.
 *
 * <pre>
 *              hold()                  cap read
 *   FLOWING ──────────▶ HELD ──────────────────▶ STOPPED (auto-read off)
 *      ▲                  │  retry gets through     │
 *      └──────────────────┴─────────────────────────┘ (auto-read on again)
 *
 *   peer closed while HELD or STOPPED, or no ring entry free to report a cut frame: CLOSING,
 *      retries deliver the kept frames, report a cut frame, then end the session ──▶ CLOSED
 *   the service refused or closed the connection (from any state): DISCARDING ──▶ CLOSED
 *   peer closed otherwise: the close goes straight to the decoder ──▶ CLOSED
 * </pre>
 *
 * Sits before the decoder, so it sees the bytes on their way in, the decoder's read requests on
 * their way out (swallowed while STOPPED: a decoder that hands on no messages asks for more when
 * auto-read is off), and the close. Time held is counted per source ({@code backpressureNanos}).
 * Event loop thread only.
 */
final class FlowControl extends ChannelDuplexHandler {
    /** Where the connection stands; see the class comment for the transitions. */
    enum State { FLOWING, HELD, STOPPED, CLOSING, DISCARDING, CLOSED }

    /** While held, reading continues until this much more is buffered; then auto-read stops (the kernel holds the rest). */
    static final int HELD_READ_CAP = 2 * 1024 * 1024;

    private final HeldConnections held;
    private final SourceSession session;
    private final IngestCounters counters;
    private final NanoClock clock;
    private State state = State.FLOWING;
    private ChannelHandlerContext ctx;
    private long heldSinceNanos;
    private long readWhileHeld;
    /** The decoder, once the peer closed while held (the pipeline is gone by the retry). */
    private FrameDecoder decoder;

    FlowControl(HeldConnections held, SourceSession session, IngestCounters counters, NanoClock clock) {
        this.held = held;
        this.session = session;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    State state() {
        return state;
    }

    /** True while the decoder may decode: nothing is held back and the connection was not refused. */
    boolean decoding() {
        return state == State.FLOWING;
    }

    /** True while decoding waits for room downstream (the peer is sending; the service is not reading). */
    boolean held() {
        return state == State.HELD || state == State.STOPPED || state == State.CLOSING;
    }

    /** True once the service refused or closed the connection: what arrives is dropped, nothing more is decoded. */
    boolean discarding() {
        return state == State.DISCARDING || state == State.CLOSED;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (state) {
            case DISCARDING, CLOSED -> ReferenceCountUtil.release(msg);
            case HELD, STOPPED -> {
                readWhileHeld += ((ByteBuf) msg).readableBytes();
                if (state == State.HELD && readWhileHeld >= HELD_READ_CAP) {
                    state = State.STOPPED;
                    ctx.channel().config().setAutoRead(false);
                }
                ctx.fireChannelRead(msg); // into the decoder's buffer, decoded after the hold
            }
            default -> ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (state != State.STOPPED) {
            ctx.read();
        }
    }

    /** The decoder found no room for the frame at the front of its buffer: decoding stops until a retry gets through. */
    void hold() {
        if (state == State.FLOWING) {
            state = State.HELD;
            heldSinceNanos = clock.nanoTime();
            held.add(this, ctx.executor());
        }
    }

    /** The decoder delivered frames: the slowest source may have moved on, so held connections retry now. */
    void madeProgress() {
        held.wake();
    }

    /** Tries the held frames again; called by {@link HeldConnections}. */
    void retry() {
        State was = state;
        if (was != State.HELD && was != State.STOPPED && was != State.CLOSING) {
            return;
        }
        long since = heldSinceNanos;
        state = State.FLOWING;
        boolean closed = false;
        if (was == State.CLOSING) {
            closed = decoder.retryClose(); // the pipeline is gone: the decoder decodes what it kept
        } else {
            ctx.fireChannelRead(Unpooled.EMPTY_BUFFER); // the decoder decodes what it has buffered
        }
        if (state == State.HELD || (was == State.CLOSING && !closed && state == State.FLOWING)) {
            state = was; // still no room: the hold goes on from when it began
            heldSinceNanos = since;
            return;
        }
        held.remove(this);
        readWhileHeld = 0; // a retry that fails keeps counting toward the cap; one that gets through ends the hold
        if (state == State.FLOWING) {
            counters.backpressureNanos[counters.indexOf(session.sourceId())].add(clock.nanoTime() - since);
        }
        if (closed) {
            state = State.CLOSED;
        } else if (was == State.STOPPED && state == State.FLOWING) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** The service refuses or closes the connection: drop what is buffered and arrives, decode nothing more. */
    void discard() {
        State was = state;
        if (discarding()) {
            return;
        }
        state = State.DISCARDING;
        held.remove(this);
        if (was == State.CLOSING && decoder.retryClose()) {
            state = State.CLOSED; // the peer had gone already: the decoder dropped what it kept and finished
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.HELD || state == State.STOPPED || (state == State.FLOWING && !session.canReportError())) {
            // Frames wait for room, or a cut frame waits for a ring entry to be reported. The pipeline
            // is torn down right after a close, so the decoder keeps its bytes and retries go to it directly.
            if (state == State.FLOWING) {
                heldSinceNanos = clock.nanoTime();
                held.add(this, ctx.executor());
            }
            state = State.CLOSING;
            decoder = ctx.pipeline().get(FrameDecoder.class);
            decoder.keepAfterClose();
        } else {
            ctx.fireChannelInactive(); // the decoder: the rest decoded, a cut frame reported, the session ended
            state = State.CLOSED;
        }
    }
}
