package na64.daq.monitoring;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring HTTP endpoint on Netty's HTTP codec; what each path answers is {@link HttpRoutes}.
 * Bounded against slow or hostile clients (issue 11, item 8): the event loop never blocks on a
 * client, so a stalled partial request occupies no thread; a connection must deliver each request
 * within {@link #REQUEST_TIMEOUT_SECONDS} ({@code ReadTimeoutHandler} closes a silent one, and a
 * per-request deadline closes one that trickles bytes); request line and headers are capped at
 * 4 KiB / 8 KiB and a body at {@link #MAX_BODY_BYTES}; at most {@link #MAX_CONNECTIONS} connections
 * are open at once (more are closed at accept). Binding to anything but loopback without a token is
 * refused, so run control is never open to the network.
 */
final class MonitoringHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringHttpServer.class);
    /** The deadline of {@link #close()}: the service's stop never waits on the endpoint for longer. */
    private static final long CLOSE_SECONDS = 5;
    static final String PROMETHEUS_TEXT = HttpRoutes.PROMETHEUS_TEXT;
    static final int REQUEST_TIMEOUT_SECONDS = 10;
    /** A run configuration is a few KiB; this leaves room for per-channel calibration lists. */
    static final int MAX_BODY_BYTES = 256 * 1024;
    static final int MAX_CONNECTIONS = 256;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    /**
     * Binds at once (port 0 = ephemeral).
     *
     * @throws IllegalArgumentException if {@code bind} is not loopback and the routes have no token
     * @throws java.io.UncheckedIOException if the address cannot be bound (message names address:port)
     */
    MonitoringHttpServer(String bind, int port, HttpRoutes routes) {
        this(bind, port, routes, REQUEST_TIMEOUT_SECONDS);
    }

    /** As the public form with another request timeout (tests that must hold connections open longer). */
    MonitoringHttpServer(String bind, int port, HttpRoutes routes, int timeoutSeconds) {
        if (!routes.hasToken() && !Endpoint.isLoopback(bind)) {
            throw new IllegalArgumentException("the monitoring endpoint may bind to " + bind
                    + " only with a token (monitoring.token or DAQ_MONITORING_TOKEN): run control would be open to the network");
        }
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("daq-http-accept", true), NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("daq-http", true), NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 64)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > MAX_CONNECTIONS) {
                            open.decrementAndGet();
                            refused.incrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        ch.pipeline().addLast(new ReadTimeoutHandler(timeoutSeconds, TimeUnit.SECONDS),
                                new HttpServerCodec(4096, 8192, 8192), new HttpObjectAggregator(MAX_BODY_BYTES),
                                new Handler(routes, timeoutSeconds));
                        Handler.deadline(ch, timeoutSeconds);
                    }
                });
        try {
            channel = b.bind(bind, port).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the BindException unchecked
            shutdown();
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new java.io.UncheckedIOException("cannot bind the monitoring endpoint to " + bind + ":" + port + ": " + why,
                    e instanceof java.io.IOException io ? io : new java.io.IOException(why, e));
        }
        LOG.info("monitoring endpoint on http://{}/metrics (control {})", Endpoint.hostPort(address()),
                routes.hasToken() ? "needs the bearer token" : "open to local users");
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Connections open now. */
    int openConnections() {
        return open.get();
    }

    /** Connections closed at accept because {@link #MAX_CONNECTIONS} were open. */
    int refusedConnections() {
        return refused.get();
    }

    /** Translates between Netty's request/response and {@link HttpRoutes}. */
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        static final io.netty.util.AttributeKey<Integer> SERVED = io.netty.util.AttributeKey.valueOf("daq-served");
        private final HttpRoutes routes;
        private final int timeoutSeconds;

        Handler(HttpRoutes routes, int timeoutSeconds) {
            this.routes = routes;
            this.timeoutSeconds = timeoutSeconds;
        }

        /**
         * A request trickled byte by byte keeps {@code ReadTimeoutHandler} quiet: each request must also
         * be complete within the timeout of the previous one (or of the connection's start).
         */
        static void deadline(Channel ch, int timeoutSeconds) {
            Integer before = ch.attr(SERVED).get();
            ch.eventLoop().schedule(() -> {
                if (ch.isActive() && java.util.Objects.equals(before, ch.attr(SERVED).get())) {
                    ch.close();
                }
            }, timeoutSeconds, TimeUnit.SECONDS);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            Integer served = ctx.channel().attr(SERVED).get();
            ctx.channel().attr(SERVED).set(served == null ? 1 : served + 1);
            deadline(ctx.channel(), timeoutSeconds);
            HttpRoutes.Reply reply = req.decoderResult().isSuccess()
                    ? routes.handle(req.method().name(), new QueryStringDecoder(req.uri()).path(),
                    req.headers().get(HttpHeaderNames.AUTHORIZATION), req.content().toString(java.nio.charset.StandardCharsets.UTF_8),
                    peer(ctx.channel()))
                    : HttpRoutes.json(400, new HttpRoutes.Message("", "bad request"));
            boolean head = req.method().name().equals("HEAD");
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
            for (Map.Entry<String, String> h : reply.headers().entrySet()) {
                res.headers().set(h.getKey(), h.getValue());
            }
            boolean keepAlive = HttpUtil.isKeepAlive(req) && req.decoderResult().isSuccess();
            if (keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
            }
            var written = ctx.writeAndFlush(res);
            written.addListener(f -> reply.afterSend().run());
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static String peer(Channel ch) {
            return ch.remoteAddress() instanceof InetSocketAddress a ? Endpoint.hostPort(a) : String.valueOf(ch.remoteAddress());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Read timeouts and resets of one client cost that client its connection only.
            ctx.close();
        }
    }

    private void shutdown() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /**
     * Stops listening at once. The owner closes this last, when everything is drained and stored, so
     * cutting a scrape in progress loses nothing.
     */
    @Override
    public void close() {
        if (!channel.close().awaitUninterruptibly(CLOSE_SECONDS, TimeUnit.SECONDS)) {
            LOG.error("monitoring endpoint did not close within {} s", CLOSE_SECONDS); // the stop goes on
        }
        shutdown();
    }
}
