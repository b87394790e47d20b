package na64.daq.ingest;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import na64.daq.protocol.FrameEncoder;

/**
 * First handler of every connection: notes when bytes last arrived and closes the connection, with
 * an ERROR frame naming the {@link ConnectionClosure}, when it has no valid HELLO by the deadline
 * ({@code ingest.helloTimeoutMs} from opening, however slowly it trickles bytes) or has received
 * nothing for {@code ingest.idleTimeoutMs} (never while its decoder is paused by backpressure: then
 * the service is the one not reading). One timer per connection. Event loop thread only.
 */
final class ConnectionWatch extends ChannelInboundHandlerAdapter {
    private final ConnectionGuard guard;
    private final SourceSession session;
    private final FrameDecoder decoder;
    private ChannelHandlerContext ctx;
    private long openedNanos;
    private long lastReadNanos;
    private ScheduledFuture<?> timer;
    private boolean closing;

    ConnectionWatch(ConnectionGuard guard, SourceSession session, FrameDecoder decoder) {
        this.guard = guard;
        this.session = session;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        openedNanos = lastReadNanos = guard.clock.nanoTime();
        guard.opened(this);
        if (!closing) {
            schedule(guard.helloTimeoutNanos);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = guard.clock.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        guard.closed(this);
        ctx.fireChannelInactive();
    }

    private void schedule(long nanos) {
        timer = ctx.executor().schedule(this::check, Math.max(1, nanos), TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        long now = guard.clock.nanoTime();
        if (session.sourceId() == 0 && now - openedNanos >= guard.helloTimeoutNanos) {
            close(ConnectionClosure.HELLO_TIMEOUT, "no valid HELLO within " + guard.helloTimeoutNanos / 1_000_000 + " ms");
            return;
        }
        if (decoder.paused()) {
            schedule(guard.idleTimeoutNanos);
            return;
        }
        long idle = now - lastReadNanos;
        if (idle >= guard.idleTimeoutNanos) {
            close(ConnectionClosure.IDLE_TIMEOUT, "nothing received for " + idle / 1_000_000 + " ms");
        } else {
            schedule(guard.idleTimeoutNanos - idle);
        }
    }

    /** When the connection opened (ingest's clock). */
    long openedNanos() {
        return openedNanos;
    }

    /** The connection has a valid HELLO: it stops counting against the pending limit. */
    void helloAccepted() {
        guard.notPending(this);
    }

    /** Counts the closure, drops what the connection had buffered, sends ERROR with the reason and closes. */
    void close(ConnectionClosure reason, String detail) {
        if (closing || decoder.discarding()) {
            return; // already closed by the service (a refusal counted as a protocol error): counted once
        }
        closing = true;
        int src = session.sourceId();
        guard.counters.closures[guard.counters.indexOf(src)][reason.ordinal()].increment();
        decoder.discard();
        String text = reason.label() + ": " + detail;
        guard.log.warn(reason.label(), "closing connection from {} (source {}): {}", ctx.channel().remoteAddress(), src, text);
        byte[] frame = new FrameEncoder().error(src, text);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(frame)).addListener(ChannelFutureListener.CLOSE);
    }
}
