package na64.daq.ingest;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import na64.daq.protocol.ProtocolError;

/**
 * First handler of every connection: refuses a peer whose address is not in
 * {@code ingest.allowedPeers} (PEER_NOT_ALLOWED), notes when bytes last arrived, and closes the
 * connection, with an ERROR frame naming the {@link ConnectionClosure}, when it has no valid HELLO
 * by the deadline ({@code ingest.helloTimeoutMs} from opening, however slowly it trickles bytes) or
 * has received nothing for {@code ingest.idleTimeoutMs} (never while {@link FlowControl} holds it:
 * then the service is the one not reading). One timer per connection. Event loop thread only.
 */
final class ConnectionWatch extends ChannelInboundHandlerAdapter {
    private final ConnectionGuard guard;
    private final SourceSession session;
    private final FlowControl flow;
    private ChannelHandlerContext ctx;
    private long openedNanos;
    private long lastReadNanos;
    private ScheduledFuture<?> timer;
    private boolean closing;

    ConnectionWatch(ConnectionGuard guard, SourceSession session, FlowControl flow) {
        this.guard = guard;
        this.session = session;
        this.flow = flow;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        openedNanos = lastReadNanos = guard.clock.nanoTime();
        guard.opened(this);
        String notAllowed = closing ? null : guard.peerNotAllowed(ctx.channel());
        if (notAllowed != null) {
            refusePeer(notAllowed);
        } else if (!closing) {
            schedule(guard.helloTimeoutNanos);
        }
        ctx.fireChannelActive();
    }

    /** A peer not in the allow-list: a protocol error (unattributed), ERROR sent, closed before it can send anything. */
    private void refusePeer(String why) {
        closing = true;
        flow.discard();
        guard.counters.errors[guard.counters.indexOf(0)][ProtocolError.PEER_NOT_ALLOWED.ordinal()].increment();
        String text = ProtocolError.PEER_NOT_ALLOWED.label() + ": " + why;
        guard.log.warn(ProtocolError.PEER_NOT_ALLOWED.label(), "refusing connection from {} (source 0): {}", ConnectionGuard.peer(ctx), text);
        guard.sendErrorAndClose(ctx, 0, text);
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
        if (flow.held()) {
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
        if (closing || flow.discarding()) {
            return; // already closed by the service (a refusal counted as a protocol error): counted once
        }
        closing = true;
        int src = session.sourceId();
        guard.counters.closures[guard.counters.indexOf(src)][reason.ordinal()].increment();
        flow.discard();
        String text = reason.label() + ": " + detail;
        guard.log.warn(reason.label(), "closing connection from {} (source {}): {}", ctx.channel().remoteAddress(), src, text);
        guard.sendErrorAndClose(ctx, src, text);
    }
}
