package na64.daq.ingest;

import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.pipeline.NanoClock;
import na64.daq.config.RunConfig;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.HelloFlyweight;
import na64.daq.protocol.ProtocolError;

/**
 * The bounds on connections that are not (yet, or no longer) doing their part (issue 11, items
 * 1–3), shared by all connections of one server:
 * <ul>
 *   <li>at most {@code ingest.maxPendingConnections} connections without a valid HELLO; one more
 *       closes the oldest of them ({@link ConnectionClosure#PENDING_LIMIT}) if it has waited 200 ms,
 *       else the newcomer (the event loop may not have read a young one's HELLO yet), so a front-end
 *       that sends its HELLO at once gets in, and descriptors stay bounded by the configured sources
 *       plus this limit;</li>
 *   <li>a deadline for the HELLO and an idle timeout, run per connection by {@link ConnectionWatch};</li>
 *   <li>takeover: a new HELLO for a source whose live connection has been silent beyond
 *       {@code ingest.silenceTimeoutMs} (and is not merely held by backpressure) closes the old one;</li>
 *   <li>the peer allow-list ({@code ingest.allowedPeers}).</li>
 * </ul>
 * Also holds ingest's rate-limited log and sends the ERROR frame before ingest closes a connection.
 * Event loop thread only.
 */
final class ConnectionGuard {
    /** A pending connection younger than this is never the one closed for the pending limit. */
    static final long MIN_PENDING_AGE_NANOS = 200_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger("na64.daq.ingest.Connections");

    final long helloTimeoutNanos;
    final long idleTimeoutNanos;
    final long silenceNanos;
    final int maxPending;
    final IngestCounters counters;
    final NanoClock clock;
    final RateLimitedLog log;
    private final LinkedHashSet<ConnectionWatch> pending = new LinkedHashSet<>();
    private final List<String> allowedPeers;
    private final FrameEncoder encoder = new FrameEncoder();

    /** Why a HELLO was refused: the protocol error and the text of the ERROR frame. */
    record Refusal(ProtocolError error, String detail) {
    }

    ConnectionGuard(RunConfig.Ingest config, IngestCounters counters, NanoClock clock) {
        this.allowedPeers = config.allowedPeers();
        this.helloTimeoutNanos = config.helloTimeoutMs() * 1_000_000L;
        this.idleTimeoutNanos = config.idleTimeoutMs() * 1_000_000L;
        this.silenceNanos = config.silenceTimeoutMs() * 1_000_000L;
        this.maxPending = config.maxPendingConnections();
        this.counters = counters;
        this.clock = clock;
        this.log = new RateLimitedLog(LOG, clock, counters.logLinesSuppressed);
    }

    /** A connection opened: it waits for its HELLO; past the limit the oldest waiting one is closed. */
    void opened(ConnectionWatch w) {
        counters.openConnections.add(1);
        pending.add(w);
        counters.pendingConnections.add(1);
        if (pending.size() > maxPending) {
            // The oldest goes, unless it is young: then the event loop may simply not have read its HELLO
            // yet (a burst of connections was set up first), and the newcomer is refused instead.
            ConnectionWatch oldest = pending.iterator().next();
            ConnectionWatch victim = clock.nanoTime() - oldest.openedNanos() >= MIN_PENDING_AGE_NANOS ? oldest : w;
            victim.close(ConnectionClosure.PENDING_LIMIT, "more than " + maxPending
                    + " connections waiting for their HELLO; " + (victim == w ? "this is the newest" : "this one waited longest"));
            notPending(victim);
        }
    }

    /** The connection sent a valid HELLO (or is being closed): it no longer counts as waiting. */
    void notPending(ConnectionWatch w) {
        if (pending.remove(w)) {
            counters.pendingConnections.add(-1);
        }
    }

    void closed(ConnectionWatch w) {
        notPending(w);
        counters.openConnections.add(-1);
    }

    /** Null when {@code channel}'s peer may connect; else why not (its address is not in the allow-list). */
    String peerNotAllowed(Channel channel) {
        if (!allowedPeers.isEmpty() && channel.remoteAddress() instanceof InetSocketAddress a) {
            String host = a.getAddress().getHostAddress();
            return allowedPeers.contains(host) ? null : "peer " + host + " is not allowed";
        }
        return null;
    }

    /**
     * Whether configured-or-not source {@code src} may connect now with this (valid) HELLO, whose
     * source last sent a frame at {@code lastFrameNanos}: null when it may, after taking over a
     * silent old connection; else the refusal. Checked in this order: configured, no live connection
     * that is still talking, HELLO matches the configuration.
     */
    Refusal admit(SourceRegistry registry, int src, HelloFlyweight hello, long lastFrameNanos, long now, String peer) {
        if (!registry.isConfigured(src)) {
            return new Refusal(ProtocolError.UNKNOWN_SOURCE, "source id " + src + " (" + hello.name() + ") is not in the run configuration");
        }
        Channel old = registry.live(src);
        if (old != null && !mayTakeOver(old, lastFrameNanos, now)) {
            return new Refusal(ProtocolError.SOURCE_ALREADY_CONNECTED, "source id " + src + " already has a live connection");
        }
        String mismatch = registry.mismatch(src, hello);
        if (mismatch != null) {
            return new Refusal(ProtocolError.HELLO_MISMATCH, mismatch);
        }
        if (old != null) {
            takeOver(old, src, peer); // its session sees it is no longer the live one and leaves the state alone
        }
        return null;
    }

    /**
     * True when the live connection {@code old} of a source whose last frame came at {@code lastFrameNanos}
     * may be taken over now: silent beyond the silence timeout and not held by backpressure (a held
     * connection sends, the service is not reading).
     */
    private boolean mayTakeOver(Channel old, long lastFrameNanos, long now) {
        FlowControl f = old.pipeline().get(FlowControl.class);
        return now - lastFrameNanos > silenceNanos && (f == null || !f.held());
    }

    /** The peer's address for logs (allocates: connection events and errors only). */
    static String peer(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() + ":" + a.getPort() : "?";
    }

    /** Sends an ERROR frame of {@code sourceId} saying {@code text}, then closes the connection. */
    void sendErrorAndClose(ChannelHandlerContext ctx, int sourceId, String text) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(encoder.error(sourceId, text))).addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes {@code old}, the silent connection of {@code sourceId}, for a new connection from {@code peer}. */
    private void takeOver(Channel old, int sourceId, String peer) {
        ConnectionWatch w = old.pipeline().get(ConnectionWatch.class);
        String why = "source " + sourceId + " connected again from " + peer + " while this connection was silent for over "
                + silenceNanos / 1_000_000 + " ms";
        if (w != null) {
            w.close(ConnectionClosure.TAKEN_OVER, why);
        } else {
            old.close();
        }
    }
}
