package na64.daq.ingest.recorder;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import na64.daq.pipeline.NanoClock;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.LittleEndian;

/**
 * One connection's raw recording, ahead of the frame decoder: cuts the byte stream into frames by
 * the header's length field alone (spec §2), stamps each with the time of the read that completed
 * it and appends it as a record; every read is then passed on as it came (same buffer, indices
 * untouched: the decoder sees exactly what it would without the recorder). Whatever crossed the
 * wire is recorded, good frames and bad (a bad CRC, type or source is the decoder's business and a
 * replay must reproduce it), except what is not a frame at all, which a file cannot hold:
 *
 * <pre>
 *  header check here              what is recorded
 *  magic "NA64" and N &lt;= 1 MiB    the whole frame, once its 16 + N bytes are in
 *  otherwise (framing is lost)    nothing more from this connection: the bytes from this header to
 *                                 the close are counted (badHeaders, unframedBytes); the decoder
 *                                 closes such a connection anyway
 *  frame cut by the close         counted (cutFrames, unframedBytes)
 * </pre>
 *
 * A frame inside one read is copied once, socket buffer to record buffer; one split over reads is
 * gathered in this connection's staging array first. Event loop thread only.
 */
final class RecorderTap extends ChannelInboundHandlerAdapter {
    private final RecordBuffers buffers;
    private final RecorderCounters counters;
    private final NanoClock clock;
    /** The frame split over reads so far (from its first byte); grows to the largest such frame, once per connection. */
    private byte[] staging = new byte[0];
    /** Bytes of the current split frame in {@link #staging}; 0 at a frame boundary. */
    private int have;
    /** Length of the current split frame, header included, once its header is in. */
    private int total;
    /** Framing lost: nothing more is recorded from this connection. */
    private boolean unframed;

    RecorderTap(RecordBuffers buffers, RecorderCounters counters, NanoClock clock) {
        this.buffers = buffers;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        buffers.attach(ctx.executor());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf in) {
            cut(in, clock.nanoTime());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        buffers.endOfRead();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (have > 0 && !unframed) {
            counters.cutFrames.increment();
            counters.unframedBytes.add(have);
        }
        have = 0;
        buffers.endOfRead();
        ctx.fireChannelInactive();
    }

    /** Records every frame that {@code in}'s readable bytes complete; reads {@code in} without moving its indices. */
    void cut(ByteBuf in, long now) {
        int p = in.readerIndex();
        int end = in.writerIndex();
        while (p < end) {
            if (unframed) {
                counters.unframedBytes.add(end - p);
                return;
            }
            if (have == 0 && end - p >= FrameHeader.LENGTH) {
                int length = frameLength(in.getIntLE(p + FrameHeader.MAGIC_OFFSET), in.getUnsignedIntLE(p + FrameHeader.LENGTH_OFFSET));
                if (length < 0) {
                    lostFraming(0);
                    continue;
                }
                if (end - p >= length) { // the common case: the whole frame is in this read
                    buffers.append(now, in, p, length);
                    p += length;
                    continue;
                }
            }
            p = stage(in, p, end, now);
        }
    }

    /** Gathers a frame split over reads; returns where it stopped in {@code in}. */
    private int stage(ByteBuf in, int p, int end, long now) {
        if (have < FrameHeader.LENGTH) {
            int n = Math.min(FrameHeader.LENGTH - have, end - p);
            if (staging.length < FrameHeader.LENGTH) {
                staging = new byte[4096];
            }
            in.getBytes(p, staging, have, n);
            have += n;
            p += n;
            if (have < FrameHeader.LENGTH) {
                return p;
            }
            total = frameLength(LittleEndian.i32(staging, FrameHeader.MAGIC_OFFSET),
                    LittleEndian.u32(staging, FrameHeader.LENGTH_OFFSET));
            if (total < 0) {
                lostFraming(have);
                return p;
            }
            if (staging.length < total) {
                staging = Arrays.copyOf(staging, total);
            }
        }
        int n = Math.min(total - have, end - p);
        in.getBytes(p, staging, have, n);
        have += n;
        p += n;
        if (have == total) {
            buffers.append(now, staging, 0, total);
            have = 0;
        }
        return p;
    }

    private void lostFraming(int alreadyStaged) {
        unframed = true;
        have = 0;
        counters.badHeaders.increment();
        counters.unframedBytes.add(alreadyStaged);
    }

    /** Header plus payload length, or -1 when the header cannot be a frame's (bad magic, length over the cap). */
    private static int frameLength(int magic, long payloadLength) {
        if (magic != FrameHeader.MAGIC || payloadLength > FrameHeader.MAX_PAYLOAD) {
            return -1;
        }
        return FrameHeader.LENGTH + (int) payloadLength;
    }
}
