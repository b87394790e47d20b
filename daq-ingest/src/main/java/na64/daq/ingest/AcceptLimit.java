package na64.daq.ingest;

import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import na64.daq.pipeline.Counter;

/**
 * The hard bound on the ingest port's descriptors (issue 11, item 2), on the accepting thread: a
 * connection accepted while {@link #limit} are already open (configured sources + pending limit +
 * {@link #SPARE} for connections being closed) is closed at once, before any handler or buffer is
 * set up, and counted in {@link #refused}. {@link ConnectionGuard}'s pending limit normally keeps
 * the count far below; this holds when the event loop falls behind the accepting thread.
 */
@ChannelHandler.Sharable
final class AcceptLimit extends ChannelInboundHandlerAdapter {
    static final int SPARE = 16;

    private final int limit;
    private final AtomicInteger open = new AtomicInteger();
    /** Connections closed at accept because the limit was reached (written by the accepting thread only). */
    final Counter refused;

    AcceptLimit(int limit, Counter refused) {
        this.limit = limit;
        this.refused = refused;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        if (open.get() >= limit) {
            child.unsafe().closeForcibly();
            refused.increment();
            return;
        }
        open.incrementAndGet();
        child.closeFuture().addListener(f -> open.decrementAndGet());
        ctx.fireChannelRead(msg);
    }
}
