package na64.daq.ingest;

import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import jdk.net.ExtendedSocketOptions;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.lmax.disruptor.RingBuffer;

import na64.daq.config.RunConfig;
import na64.daq.pipeline.FragmentArenas;
import na64.daq.pipeline.RunGate;
import na64.daq.pipeline.CounterRegistry;
import na64.daq.pipeline.FragmentReconstruction;
import na64.daq.pipeline.Deadline;
import na64.daq.pipeline.IngestEntry;
import na64.daq.pipeline.NanoClock;
import na64.daq.pipeline.SourceIndex;

/**
 * The ingest stage: a Netty TCP server where each front-end source opens one connection and pushes
 * frames (spec §1). All connections share one event loop thread, which is the ring's single
 * producer; on a 2-core machine the other core belongs to the event builder. Each connection's
 * pipeline is {@link ConnectionWatch} (connection bounds), {@link FlowControl} (backpressure) and
 * {@link FrameDecoder} (framing), with its own {@link SourceSession} (protocol rules), all publishing
 * through the one {@link RingPublisher}. Closing waits until every connection
 * has delivered the whole frames it had read into the ring, so a shutdown loses nothing it received;
 * every wait of the close has one deadline on the ingest clock.
 * {@link ConnectionGuard} bounds connections without a HELLO, and silent or idle ones (issue 11).
 * An optional {@link IngestTap} (the raw recorder) sees each connection's bytes ahead of its decoder;
 * run control's {@link RunGate} keeps fragments and spill markers out of the ring between runs.
 */
public final class IngestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
    /** How long {@link #close()} (without a deadline of its own) waits for connections and event loops. */
    public static final long DEFAULT_CLOSE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** TCP keepalive: first probe after this much silence, then every interval, given up after the probes. */
    static final int KEEPALIVE_IDLE_SECONDS = 10;
    static final int KEEPALIVE_INTERVAL_SECONDS = 5;
    static final int KEEPALIVE_PROBES = 3;

    private final RunConfig config;
    private final IngestCounters counters;
    private final SourceRegistry registry;
    private final RingPublisher publisher;
    private final FragmentArenas arenas;
    private final EventWindow window;
    private final HeldConnections heldConnections = new HeldConnections();
    private final NanoClock clock;
    private final ConnectionGuard guard;
    private final ThreadFactory threads;
    private EventLoopGroup boss;
    private EventLoopGroup worker;
    private Channel serverChannel;
    private ChannelGroup children;
    /** Connections whose decoder has not yet delivered everything it read; shutdown waits for zero. */
    private final AtomicInteger undelivered = new AtomicInteger();
    /** Open while a run is taken (the default); run control closes it between runs. */
    private final RunGate gate = new RunGate();
    private final OutsideRun outsideRun;
    /** Optional: sees each connection's bytes ahead of the decoder (the raw recorder); null = none. */
    private IngestTap tap;

    /**
     * An ingest server publishing into {@code ring}, the fragments' payloads into {@code arenas},
     * their energies from {@code reconstruction}, stamping entries with the pipeline clock
     * {@code stall}: ingest stops it while the ring is full, so timeouts measured on it (give the same
     * clock to the builder) do not run during backpressure. Its own clock is the one {@code stall} follows.
     */
    public IngestServer(RunConfig config, RingBuffer<IngestEntry> ring, FragmentArenas arenas,
            FragmentReconstruction reconstruction, StallClock stall) {
        this(config, ring, arenas, reconstruction, stall.base(), stall, new DefaultThreadFactory("ingest"),
                new CounterRegistry(config));
    }

    /**
     * An ingest server publishing into {@code ring}. Its own counters, liveness and connection
     * timeouts, and the socket-read time of every entry, are on {@code clock}. Ring entries and the
     * event window are stamped on {@code pipelineClock}, which must follow {@code clock}. The event
     * loop's thread comes from {@code threads}; the counters are allocated from {@code counterRegistry}.
     */
    public IngestServer(RunConfig config, RingBuffer<IngestEntry> ring, FragmentArenas arenas,
            FragmentReconstruction reconstruction, NanoClock clock, StallClock pipelineClock, ThreadFactory threads,
            CounterRegistry counterRegistry) {
        if (pipelineClock.base() != clock) {
            throw new IllegalArgumentException("the pipeline clock must follow the ingest clock");
        }
        this.config = config;
        this.arenas = arenas;
        SourceIndex sources = new SourceIndex(config);
        this.counters = new IngestCounters(counterRegistry);
        this.outsideRun = new OutsideRun(gate, counters);
        this.registry = new SourceRegistry(config, sources);
        this.publisher = new RingPublisher(ring, pipelineClock, reconstruction, counters.ringFull);
        this.window = new EventWindow(config, sources, pipelineClock, counters);
        this.clock = clock;
        this.threads = threads;
        this.guard = new ConnectionGuard(config.ingest(), counters, clock);
    }

    /** Puts {@code tap}'s handler in front of every connection's decoder (the raw recorder); call before {@link #start}. */
    public IngestServer tap(IngestTap tap) {
        this.tap = tap;
        return this;
    }

    /** Binds to {@code host:port} (port 0 = ephemeral) and starts accepting front-ends. */
    public IngestServer start(String host, int port) throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        worker = new MultiThreadIoEventLoopGroup(1, threads, NioIoHandler.newFactory());
        children = new DefaultChannelGroup("front-ends", worker.next());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, worker)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 64)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new AcceptLimit(config.sources().size() + config.ingest().maxPendingConnections() + AcceptLimit.SPARE,
                        counters.acceptRefused))
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A peer that vanished without FIN (power cut, cable) is found by the kernel's probes after
                // about 10 + 3 x 5 s even when it is not a source yet; sources are also taken over when silent.
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), KEEPALIVE_IDLE_SECONDS)
                .childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), KEEPALIVE_INTERVAL_SECONDS)
                .childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), KEEPALIVE_PROBES)
                .childOption(ChannelOption.SO_RCVBUF, 1 << 20)
                // The classic pooled allocator caches one NIO view per buffer, so the CRC over the
                // socket buffer allocates nothing per frame; reads of up to 64 KiB keep the per-read
                // costs (one pooled buffer, one view) to a fraction of a byte per event.
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(64 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        children.add(ch);
                        initConnection(ch);
                    }
                });
        serverChannel = b.bind(host, port).sync().channel();
        return this;
    }

    /**
     * Puts one front-end connection's handlers on {@code ch}: done for every accepted connection, and
     * by tests and benchmarks on an {@code EmbeddedChannel} (from a {@code ChannelInitializer}, so the
     * handlers see the channel become active).
     */
    public void initConnection(Channel ch) {
        SourceSession session = new SourceSession(registry, publisher, arenas, counters, window, guard, outsideRun);
        FlowControl flow = new FlowControl(heldConnections, session, counters, clock);
        undelivered.incrementAndGet();
        ch.pipeline().addLast("connection-watch", new ConnectionWatch(guard, session, flow));
        if (tap != null) {
            ch.pipeline().addLast("tap", tap.open()); // sees the bytes as read, passes them on unchanged
        }
        ch.pipeline().addLast("flow-control", flow);
        ch.pipeline().addLast("frame-decoder", new FrameDecoder(session, flow, clock, undelivered::decrementAndGet));
    }

    /** The bound address (useful with port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public IngestCounters counters() {
        return counters;
    }

    /** Ring claims refused so far because the ring was full (backpressure from the builder). */
    public long ringFullRefusals() {
        return counters.ringFull.get();
    }

    /** Run control's gate: while closed, fragments and spill markers are counted as outside a run, not published. */
    public RunGate gate() {
        return gate;
    }

    /**
     * Returns once the ingest thread has finished the frames it was handling and published every
     * entry it had filled: after it, a gate closed before the call keeps everything out of the ring,
     * and {@code ring.getCursor()} covers all that came before. Not on the ingest thread.
     */
    public void sync() {
        if (worker != null && !worker.isShuttingDown()) {
            worker.submit(publisher::flush).syncUninterruptibly();
        }
    }

    /** As {@link #close(long)} with {@link #DEFAULT_CLOSE_NANOS}, saying in the log when the deadline passed. */
    @Override
    public void close() {
        if (!close(DEFAULT_CLOSE_NANOS)) {
            LOG.error("ingest did not close within {} ms", DEFAULT_CLOSE_NANOS / 1_000_000);
        }
    }

    /**
     * Stops accepting, closes every connection and waits until each has delivered what it read into
     * the ring and the event loops have ended, so the builder can drain everything received. All of
     * it within {@code timeoutNanos} on the ingest clock: true if in time, false when the deadline
     * passed (the caller reports it; connections that had not delivered lose what they held).
     */
    public boolean close(long timeoutNanos) {
        Deadline deadline = new Deadline(clock, timeoutNanos);
        boolean inTime = true;
        if (serverChannel != null) {
            inTime = done(deadline, serverChannel.close()) && done(deadline, children.close())
                    && deadline.await(() -> undelivered.get() == 0);
        }
        // Quiet period 0: nothing new arrives once the channels are closed; the loops end at once.
        if (boss != null) {
            inTime &= done(deadline, boss.shutdownGracefully(0, 2, TimeUnit.SECONDS));
        }
        if (worker != null) {
            inTime &= done(deadline, worker.shutdownGracefully(0, 5, TimeUnit.SECONDS));
        }
        return inTime;
    }

    private static boolean done(Deadline deadline, Future<?> f) {
        return deadline.await(f::isDone);
    }
}
