package na64.daq.ingest;

import java.util.zip.CRC32C;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.pipeline.FragmentArena;
import na64.daq.pipeline.FragmentArenas;
import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.HelloFlyweight;
import na64.daq.protocol.ProtocolError;
import na64.daq.protocol.SpillMarkerFlyweight;

/**
 * The protocol rules of one front-end connection (spec §1–§5): HELLO first, a configured source id
 * with no other live connection, the same source id on every later frame, known frame types, and
 * well-formed payloads. The decoder hands it each whole frame in place in its buffer; it says what
 * became of the frame (a {@link FrameOutcome}).
 *
 * <p>A FRAGMENT's payload is copied once, from that buffer into its source's arena; its CRC-32C, its
 * shape and the board's channel count are checked on that copy before any of its fields is read;
 * the {@link EventWindow} may hold it back; then the {@link RingPublisher} reconstructs and publishes
 * it. A refused fragment takes no arena space. HELLO and spill markers are checked on a scratch copy.
 * Every protocol error is counted per source and reason and also put into the ring, so the builder
 * attributes it to the spill open on this connection. Event loop thread only; allocates nothing for
 * a good frame.
 */
final class SourceSession {
    private static final Logger LOG = LoggerFactory.getLogger(SourceSession.class);

    private final SourceRegistry registry;
    private final RingPublisher publisher;
    private final IngestCounters counters;
    private final EventWindow window;
    private final FragmentArenas arenas;
    private final ConnectionGuard guard;
    private final FragmentFlyweight fragment = new FragmentFlyweight();
    private final SpillMarkerFlyweight marker = new SpillMarkerFlyweight();
    private final HelloFlyweight hello = new HelloFlyweight();
    private final CRC32C crc = new CRC32C();
    /** HELLO and spill-marker payloads are checked here: rare frames, so a second copy costs nothing. */
    private byte[] scratch = new byte[64];
    /** This source's payload arena and channel count, from its HELLO on. */
    private FragmentArena arena;
    private int channelLimit;
    private int sourceId;
    /** Set when the frame being handled was refused with a protocol error (for the fragment-frame counters). */
    private boolean refused;
    /** Run control's gate: between runs, fragments and spill markers are counted, not built. */
    private final OutsideRun outsideRun;

    SourceSession(SourceRegistry registry, RingPublisher publisher, FragmentArenas arenas, IngestCounters counters,
                  EventWindow window, ConnectionGuard guard, OutsideRun outsideRun) {
        this.outsideRun = outsideRun;
        this.registry = registry;
        this.publisher = publisher;
        this.arenas = arenas;
        this.counters = counters;
        this.window = window;
        this.guard = guard;
    }

    /** Source id announced by this connection's HELLO, 0 before it. */
    int sourceId() {
        return sourceId;
    }

    /** True until a valid HELLO was accepted (frames are then capped at a HELLO's size). */
    boolean beforeHello() {
        return sourceId == 0;
    }

    /** Handles the whole frame at {@code buf[r..]} with a payload of {@code length}; every frame not left for later counts as received. */
    FrameOutcome onFrame(ChannelHandlerContext ctx, ByteBuf buf, int r, int length, long now) {
        refused = false;
        FrameOutcome outcome = handle(ctx, buf, r, length, now);
        if (outcome != FrameOutcome.NO_CAPACITY) {
            int i = counters.indexOf(sourceId);
            counters.frames[i].increment();
            counters.bytes[i].add(FrameHeader.LENGTH + length);
            if (buf.getUnsignedByte(r + FrameHeader.TYPE_OFFSET) == FrameHeader.TYPE_FRAGMENT) {
                counters.fragmentFrames[i].increment();
                if (refused) {
                    counters.fragmentFramesRefused[i].increment();
                }
            }
        }
        return outcome;
    }

    private FrameOutcome handle(ChannelHandlerContext ctx, ByteBuf buf, int r, int length, long now) {
        int type = buf.getUnsignedByte(r + FrameHeader.TYPE_OFFSET);
        int src = buf.getUnsignedShortLE(r + FrameHeader.SOURCE_OFFSET);
        int crc = buf.getIntLE(r + FrameHeader.CRC_OFFSET);
        int payload = r + FrameHeader.LENGTH;
        if (sourceId == 0) {
            return type == FrameHeader.TYPE_HELLO ? onHello(ctx, buf, src, payload, length, crc, now)
                    : fatal(ctx, ProtocolError.NO_HELLO, FrameHeader.typeName(type) + " before HELLO", now);
        }
        counters.lastFrameNanos[counters.indexOf(sourceId)].set(now);
        if (src != sourceId) {
            return error(ProtocolError.SOURCE_MISMATCH, "frame of source " + src + " on the connection of source " + sourceId, now);
        }
        return switch (type) {
            case FrameHeader.TYPE_FRAGMENT -> onFragment(buf, payload, length, crc, now);
            case FrameHeader.TYPE_BEGIN_OF_SPILL, FrameHeader.TYPE_END_OF_SPILL -> onSpillMarker(type, buf, payload, length, crc, now);
            case FrameHeader.TYPE_HEARTBEAT -> onHeartbeat(length, crc, now);
            case FrameHeader.TYPE_HELLO -> error(ProtocolError.REPEATED_HELLO, "second HELLO on one connection", now);
            default -> error(ProtocolError.BAD_TYPE, "frame type " + FrameHeader.typeName(type) + " not accepted from a front-end", now);
        };
    }

    /** The hot path: one copy into the arena, checks on the copy, the window, the ring. */
    private FrameOutcome onFragment(ByteBuf buf, int payload, int length, int crc, long now) {
        if (outsideRun.fragment(sourceId)) {
            return FrameOutcome.CONSUMED;
        }
        int at = arena.reserve(length);
        if (at < 0) {
            counters.arenaFull[counters.indexOf(sourceId)].increment();
            return FrameOutcome.NO_CAPACITY;
        }
        byte[] bytes = arena.bytes();
        buf.getBytes(payload, bytes, at, length);
        if (!crcMatches(bytes, at, length, crc)) {
            return error(ProtocolError.BAD_CRC, "FRAGMENT with bad CRC", now);
        }
        String bad = fragment.wrap(bytes, at, length).validate(channelLimit);
        if (bad != null) {
            return error(ProtocolError.MALFORMED_PAYLOAD, bad, now);
        }
        long run = fragment.run();
        long spill = fragment.spill();
        long event = fragment.event();
        if (window.mustWait(sourceId, run, spill, event, now) || !publisher.publishFragment(arena, fragment, now)) {
            return FrameOutcome.NO_CAPACITY;
        }
        window.fragment(sourceId, run, spill, event, now);
        return FrameOutcome.CONSUMED;
    }

    private FrameOutcome onSpillMarker(int type, ByteBuf buf, int payload, int length, int crc, long now) {
        if (outsideRun.marker(sourceId)) {
            return FrameOutcome.CONSUMED;
        }
        byte[] copy = copy(buf, payload, length);
        if (!crcMatches(copy, 0, length, crc)) {
            return error(ProtocolError.BAD_CRC, FrameHeader.typeName(type) + " with bad CRC", now);
        }
        boolean begin = type == FrameHeader.TYPE_BEGIN_OF_SPILL;
        marker.wrap(copy, 0, length);
        String bad = begin ? marker.validateBegin() : marker.validateEnd();
        if (bad != null) {
            return error(ProtocolError.MALFORMED_PAYLOAD, bad, now);
        }
        if (!publisher.publishMarker(begin ? IngestEntry.BEGIN_OF_SPILL : IngestEntry.END_OF_SPILL, sourceId, copy, length, now)) {
            return FrameOutcome.NO_CAPACITY;
        }
        if (begin) {
            window.beginOfSpill(sourceId, marker.run(), marker.spill(), now);
        } else {
            window.endOfSpill(sourceId, marker.run(), marker.spill());
        }
        return FrameOutcome.CONSUMED;
    }

    private FrameOutcome onHeartbeat(int length, int crc, long now) {
        if (length != 0 || crc != 0) {
            return error(length != 0 ? ProtocolError.MALFORMED_PAYLOAD : ProtocolError.BAD_CRC, "bad HEARTBEAT", now);
        }
        counters.heartbeats[counters.indexOf(sourceId)].increment();
        return FrameOutcome.CONSUMED;
    }

    private FrameOutcome onHello(ChannelHandlerContext ctx, ByteBuf buf, int src, int payload, int length, int crc, long now) {
        byte[] copy = copy(buf, payload, length);
        if (!crcMatches(copy, 0, length, crc)) {
            return error(ProtocolError.BAD_CRC, "HELLO with bad CRC", now);
        }
        String bad = hello.wrap(copy, 0, length).validate();
        if (bad != null) {
            return fatal(ctx, ProtocolError.MALFORMED_PAYLOAD, bad, now);
        }
        int i = counters.indexOf(src);
        ConnectionGuard.Refusal refusal = guard.admit(registry, src, hello, counters.lastFrameNanos[i].get(), now, ConnectionGuard.peer(ctx));
        if (refusal != null) {
            return fatal(ctx, refusal.error(), refusal.detail(), now);
        }
        sourceId = src;
        arena = arenas.forSource(src);
        channelLimit = registry.channelLimit(src);
        registry.register(src, ctx.channel());
        ConnectionWatch watch = ctx.pipeline().get(ConnectionWatch.class); // null after the peer closed
        if (watch != null) {
            watch.helloAccepted();
        }
        counters.connections[i].increment();
        counters.connected[i].set(1);
        counters.lastFrameNanos[i].set(now);
        window.connected(src, now);
        LOG.info("source {} ({}) connected from {}", src, hello.name(), ConnectionGuard.peer(ctx));
        return FrameOutcome.CONSUMED;
    }

    /** A protocol error that skips the frame: counted and put into the ring. */
    private FrameOutcome error(ProtocolError e, String detail, long now) {
        if (!publisher.publishError(sourceId, now)) {
            return FrameOutcome.NO_CAPACITY;
        }
        counted(e);
        if (e == ProtocolError.MALFORMED_PAYLOAD) {
            guard.log.warn("malformed", "source {}: malformed frame skipped: {}", sourceId, detail);
        } else {
            LOG.debug("source {}: {} ({})", sourceId, e.label(), detail);
        }
        return FrameOutcome.CONSUMED;
    }

    /** A fatal protocol error: counted, put into the ring, ERROR sent, connection closed. */
    FrameOutcome fatal(ChannelHandlerContext ctx, ProtocolError e, String detail, long now) {
        if (!publisher.publishError(sourceId, now)) {
            return FrameOutcome.NO_CAPACITY;
        }
        counted(e);
        refuse(ctx, e, detail);
        return FrameOutcome.CLOSED;
    }

    /** True when a protocol error can be put into the ring now. */
    boolean canReportError() {
        return publisher.hasRoom();
    }

    /** The peer closed in the middle of a frame: counted, and put into the ring ({@link #canReportError()} said there is room). */
    void truncated(ChannelHandlerContext ctx, int bytes, long now) {
        if (publisher.publishError(sourceId, now)) {
            publisher.flush();
        }
        counted(ProtocolError.TRUNCATED_FRAME);
        guard.log.warn("truncated", "source {} ({}): connection closed in the middle of a frame, {} bytes discarded",
                sourceId, ConnectionGuard.peer(ctx), bytes);
    }

    private void refuse(ChannelHandlerContext ctx, ProtocolError e, String detail) {
        String text = e.label() + ": " + detail;
        guard.log.warn(e.label(), "refusing connection from {} (source {}): {}", ConnectionGuard.peer(ctx), sourceId, text);
        guard.sendErrorAndClose(ctx, sourceId, text);
    }

    /** Makes everything this connection put into the ring visible to the builder. */
    void flush() {
        publisher.flush();
    }

    void onDisconnect(ChannelHandlerContext ctx) {
        if (sourceId != 0) {
            if (registry.unregister(sourceId, ctx.channel())) { // false after a takeover: the new connection owns the state
                window.disconnected(sourceId);
                counters.connected[counters.indexOf(sourceId)].set(0);
            }
            LOG.info("source {} disconnected ({})", sourceId, ConnectionGuard.peer(ctx));
        }
    }

    void onTransportError(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof java.io.IOException)) {
            counters.errorLog.record(cause); // a handler threw: a bug, not the network
        }
        guard.log.warn("transport", "source {} ({}): transport error, closing: {}", sourceId, ConnectionGuard.peer(ctx), cause.toString());
        ctx.close();
    }

    private boolean crcMatches(byte[] b, int offset, int length, int expected) {
        crc.reset();
        crc.update(b, offset, length);
        return (int) crc.getValue() == expected;
    }

    /** {@code buf[payload, +length)} in the scratch buffer, grown to the largest such payload seen. */
    private byte[] copy(ByteBuf buf, int payload, int length) {
        if (scratch.length < length) {
            scratch = new byte[length];
        }
        buf.getBytes(payload, scratch, 0, length);
        return scratch;
    }

    private void counted(ProtocolError e) {
        refused = true;
        counters.errors[counters.indexOf(sourceId)][e.ordinal()].increment();
    }
}
