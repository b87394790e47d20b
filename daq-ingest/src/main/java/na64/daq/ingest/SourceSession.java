package na64.daq.ingest;

import java.net.InetSocketAddress;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.pipeline.FragmentArena;
import na64.daq.pipeline.FragmentArenas;
import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.HelloFlyweight;
import na64.daq.protocol.ProtocolError;

/**
 * The protocol rules of one front-end connection (spec §1–§5): HELLO first, a configured source id
 * with no other live connection, the same source id on every later frame, known frame types, and
 * well-formed payloads. Good BEGIN_OF_SPILL, FRAGMENT and END_OF_SPILL frames go into the ring; every
 * protocol error is counted per source and reason and also put into the ring, so the builder can
 * attribute it to the spill open on this connection. Event loop thread only.
 */
final class SourceSession {
    static final int CONSUMED = 0;
    static final int NO_CAPACITY = 1;
    static final int CLOSED = 2;

    private static final Logger LOG = LoggerFactory.getLogger(SourceSession.class);

    private final SourceRegistry registry;
    private final RingPublisher publisher;
    private final IngestCounters counters;
    private final EventWindow window;
    private final List<String> allowedPeers;
    private final FrameEncoder encoder = new FrameEncoder();
    private final FragmentPath fragments;
    private final FragmentArenas arenas;
    /** This source's payload arena, from its HELLO on. */
    private FragmentArena arena;
    private final HelloFlyweight hello = new HelloFlyweight();
    private final String[] reason = new String[1];
    private final java.util.zip.CRC32C helloCrc = new java.util.zip.CRC32C();
    private byte[] helloBytes = new byte[64];
    private int sourceId;
    private String peer = "?";
    /** Set when the frame being handled was refused with a protocol error (for the fragment-frame counters). */
    private boolean refused;

    private final ConnectionGuard guard;

    SourceSession(SourceRegistry registry, RingPublisher publisher, FragmentPath fragments, FragmentArenas arenas,
                  IngestCounters counters, EventWindow window, List<String> allowedPeers, ConnectionGuard guard) {
        this.guard = guard;
        this.registry = registry;
        this.fragments = fragments;
        this.arenas = arenas;
        this.publisher = publisher;
        this.counters = counters;
        this.window = window;
        this.allowedPeers = allowedPeers;
    }

    /** Source id announced by this connection's HELLO, 0 before it. */
    int sourceId() {
        return sourceId;
    }

    void onConnect(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress a) {
            peer = a.getAddress().getHostAddress() + ":" + a.getPort();
            if (!allowedPeers.isEmpty() && !allowedPeers.contains(a.getAddress().getHostAddress())) {
                count(0, ProtocolError.PEER_NOT_ALLOWED);
                refuse(ctx, ProtocolError.PEER_NOT_ALLOWED, "peer " + a.getAddress().getHostAddress() + " is not allowed");
            }
        }
    }

    /**
     * Handles one whole frame at {@code buf[r..]}; returns CONSUMED, NO_CAPACITY (nothing was done,
     * offer the same frame again later) or CLOSED. Every consumed frame, good or bad, is counted as received.
     */
    int onFrame(ChannelHandlerContext ctx, ByteBuf buf, int r, int length, long now) {
        refused = false;
        int outcome = handle(ctx, buf, r, length, now);
        if (outcome != NO_CAPACITY) {
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

    private int handle(ChannelHandlerContext ctx, ByteBuf buf, int r, int length, long now) {
        int type = buf.getUnsignedByte(r + FrameHeader.TYPE_OFFSET);
        int src = buf.getUnsignedShortLE(r + FrameHeader.SOURCE_OFFSET);
        int crc = buf.getIntLE(r + FrameHeader.CRC_OFFSET);
        int payload = r + FrameHeader.LENGTH;
        if (sourceId == 0) {
            return onFirstFrame(ctx, buf, type, src, payload, length, crc, now);
        }
        int i = counters.indexOf(sourceId);
        counters.lastFrameNanos[i].set(now);
        if (src != sourceId) {
            return error(ProtocolError.SOURCE_MISMATCH, "frame of source " + src + " on the connection of source " + sourceId, now);
        }
        int kind;
        switch (type) {
            case FrameHeader.TYPE_FRAGMENT -> kind = IngestEntry.FRAGMENT;
            case FrameHeader.TYPE_BEGIN_OF_SPILL -> kind = IngestEntry.BEGIN_OF_SPILL;
            case FrameHeader.TYPE_END_OF_SPILL -> kind = IngestEntry.END_OF_SPILL;
            case FrameHeader.TYPE_HEARTBEAT -> {
                if (length != 0 || crc != 0) {
                    return error(length != 0 ? ProtocolError.MALFORMED_PAYLOAD : ProtocolError.BAD_CRC, "bad HEARTBEAT", now);
                }
                counters.heartbeats[i].increment();
                return CONSUMED;
            }
            case FrameHeader.TYPE_HELLO -> {
                return error(ProtocolError.REPEATED_HELLO, "second HELLO on one connection", now);
            }
            default -> {
                return error(ProtocolError.BAD_TYPE, "frame type " + FrameHeader.typeName(type) + " not accepted from a front-end", now);
            }
        }
        if (kind == IngestEntry.FRAGMENT) {
            return onFragment(buf, payload, length, crc, now);
        }
        if (fragments.outsideRun.marker(sourceId)) {
            return CONSUMED;
        }
        if (!publisher.crcMatches(buf, payload, length, crc)) {
            return error(ProtocolError.BAD_CRC, FrameHeader.typeName(type) + " with bad CRC", now);
        }
        int outcome = publisher.publishMarker(kind, sourceId, buf, payload, length, now, reason);
        switch (outcome) {
            case RingPublisher.RING_FULL -> {
                return NO_CAPACITY;
            }
            case RingPublisher.MALFORMED -> malformed(type, reason[0]);
            default -> {
                long run = buf.getUnsignedIntLE(payload);
                long spill = buf.getUnsignedIntLE(payload + 4);
                if (kind == IngestEntry.BEGIN_OF_SPILL) {
                    window.beginOfSpill(sourceId, run, spill, now);
                } else {
                    window.endOfSpill(sourceId, run, spill);
                }
            }
        }
        return CONSUMED;
    }

    /** A FRAGMENT, through the {@link FragmentPath}; its refusals become protocol errors here. */
    private int onFragment(ByteBuf buf, int payload, int length, int crc, long now) {
        switch (fragments.publish(sourceId, arena, registry.channelLimit(sourceId), buf, payload, length, crc, now)) {
            case FragmentPath.PUBLISHED, FragmentPath.OUTSIDE_RUN -> {
                return CONSUMED;
            }
            case FragmentPath.BAD_CRC -> {
                return error(ProtocolError.BAD_CRC, "FRAGMENT with bad CRC", now);
            }
            case FragmentPath.MALFORMED -> {
                if (!publisher.publishError(sourceId, ProtocolError.MALFORMED_PAYLOAD, now)) {
                    return NO_CAPACITY;
                }
                malformed(FrameHeader.TYPE_FRAGMENT, fragments.malformedReason);
                return CONSUMED;
            }
            default -> {
                return NO_CAPACITY;
            }
        }
    }

    private void malformed(int type, String why) {
        counted(ProtocolError.MALFORMED_PAYLOAD);
        guard.log.warn("malformed", "source {}: malformed {} frame skipped: {}", sourceId, FrameHeader.typeName(type), why);
    }

    private int onFirstFrame(ChannelHandlerContext ctx, ByteBuf buf, int type, int src, int payload, int length, int crc, long now) {
        if (type != FrameHeader.TYPE_HELLO) {
            return fatal(ctx, ProtocolError.NO_HELLO, FrameHeader.typeName(type) + " before HELLO", now) ? CLOSED : NO_CAPACITY;
        }
        if (helloBytes.length < length) {
            helloBytes = new byte[length];
        }
        buf.getBytes(payload, helloBytes, 0, length);
        helloCrc.reset();
        helloCrc.update(helloBytes, 0, length);
        if ((int) helloCrc.getValue() != crc) {
            return error(ProtocolError.BAD_CRC, "HELLO with bad CRC", now);
        }
        String bad = hello.wrap(helloBytes, 0, length).validate();
        if (bad != null) {
            return fatal(ctx, ProtocolError.MALFORMED_PAYLOAD, bad, now) ? CLOSED : NO_CAPACITY;
        }
        int i = counters.indexOf(src);
        ProtocolError refusal = guard.admit(registry, src, hello, counters.lastFrameNanos[i].get(), now, peer, reason);
        if (refusal != null) {
            return fatal(ctx, refusal, reason[0], now) ? CLOSED : NO_CAPACITY;
        }
        sourceId = src;
        arena = arenas.forSource(src);
        registry.register(src, ctx.channel());
        ctx.pipeline().get(ConnectionWatch.class).helloAccepted();
        counters.connections[i].increment();
        counters.connected[i].set(1);
        counters.lastFrameNanos[i].set(now);
        window.connected(src, now);
        LOG.info("source {} ({}) connected from {}", src, hello.name(), peer);
        return CONSUMED;
    }

    /** Counts a non-fatal protocol error and puts it into the ring; the frame is skipped. */
    private int error(ProtocolError e, String detail, long now) {
        if (!publisher.publishError(sourceId, e, now)) {
            return NO_CAPACITY;
        }
        counted(e);
        LOG.debug("source {}: {} ({})", sourceId, e.label(), detail);
        return CONSUMED;
    }

    /** A fatal error: counted, put into the ring, ERROR sent, connection closed. False if the ring is full (retry later). */
    boolean fatal(ChannelHandlerContext ctx, ProtocolError e, String detail, long now) {
        if (!publisher.publishError(sourceId, e, now)) {
            return false;
        }
        counted(e);
        refuse(ctx, e, detail);
        return true;
    }

    /** The peer closed in the middle of a frame. False if the ring is full (retry later). */
    boolean truncated(int bytes, long now) {
        if (!publisher.publishError(sourceId, ProtocolError.TRUNCATED_FRAME, now)) {
            return false;
        }
        publisher.flush();
        counted(ProtocolError.TRUNCATED_FRAME);
        guard.log.warn("truncated", "source {} ({}): connection closed in the middle of a frame, {} bytes discarded",
                sourceId, peer, bytes);
        return true;
    }

    private void refuse(ChannelHandlerContext ctx, ProtocolError e, String detail) {
        String text = e.label() + ": " + detail;
        guard.log.warn(e.label(), "refusing connection from {} (source {}): {}", peer, sourceId, text);
        byte[] frame = encoder.error(sourceId, text);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(frame)).addListener(ChannelFutureListener.CLOSE);
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
            LOG.info("source {} disconnected ({})", sourceId, peer);
        }
    }

    void onTransportError(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof java.io.IOException)) {
            counters.errorLog.record(cause); // a handler threw: a bug, not the network
        }
        guard.log.warn("transport", "source {} ({}): transport error, closing: {}", sourceId, peer, cause.toString());
        ctx.close();
    }

    private void counted(ProtocolError e) {
        refused = true;
        count(sourceId, e);
    }

    private void count(int src, ProtocolError e) {
        counters.errors[counters.indexOf(src)][e.ordinal()].increment();
    }
}
