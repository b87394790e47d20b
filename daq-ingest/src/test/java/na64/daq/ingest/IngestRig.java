package na64.daq.ingest;

import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.pipeline.FragmentArenas;
import na64.daq.pipeline.FragmentReconstruction;
import na64.daq.pipeline.IngestEntry;
import na64.daq.pipeline.NanoClock;
import na64.daq.protocol.ProtocolError;
import na64.daq.testkit.FrontEndClient;
import na64.daq.testkit.FrontEndFrames;

/**
 * The real ingest server over a real Disruptor ring, with the test as the ring's consumer
 * ({@link RingRecorder}) instead of the event builder, and a reconstruction that only marks what it
 * saw: {@code ps} = the fragment's event number, {@code ecalMain} = its source id, read from the
 * arena copy. Either listening on 127.0.0.1 ({@link #start()}) for tests with real sockets, or not
 * listening at all, its connections on {@link EmbeddedChannel}s ({@link #connection()}). Also runs
 * "good" front-ends on their own threads, so a test can show the other sources carrying on beside a
 * faulty one.
 */
final class IngestRig implements AutoCloseable {
    static final int[] ALL_SOURCES = {1, 2, 3, 4, 5};
    /** Marks each fragment's entry so tests see the reconstruction ran on the arena copy. */
    static final FragmentReconstruction MARKING = (sourceId, fragment, entry) -> {
        entry.ps = fragment.event();
        entry.ecalMain = sourceId;
    };

    final RunConfig config;
    final RingBuffer<IngestEntry> ring;
    final FragmentArenas arenas;
    final StallClock clock;
    final IngestServer server;
    final RingRecorder recorder;
    private final ExecutorService frontEnds = Executors.newCachedThreadPool();
    private final List<Future<?>> running = new ArrayList<>();

    /** A rig with the default configuration, a ring of {@code ringSize} entries, on {@code clock}. */
    IngestRig(int ringSize, NanoClock clock) {
        this.config = ConfigLoader.parse("builder: {buildTimeoutMs: 60000, spillTimeoutMs: 60000, ringSize: " + ringSize + "}\n",
                "ingest test overlay");
        this.ring = RingBuffer.createSingleProducer(IngestEntry::new, ringSize, new YieldingWaitStrategy());
        this.arenas = new FragmentArenas(config);
        this.clock = new StallClock(clock);
        this.server = new IngestServer(config, ring, arenas, MARKING, this.clock);
        this.recorder = new RingRecorder(ring, arenas);
    }

    IngestRig() {
        this(1024, NanoClock.SYSTEM);
    }

    /** Puts {@code tap} (the raw recorder) in front of every connection's decoder; before {@link #start}. */
    IngestRig tap(IngestTap tap) {
        server.tap(tap);
        return this;
    }

    /** Drains the ring until every one of {@code sources} has put its END_OF_SPILL into it. */
    void drainUntilEndOfSpills(int... sources) {
        recorder.drainUntil(all -> java.util.Arrays.stream(sources).allMatch(s -> all.stream()
                .anyMatch(e -> e.sourceId() == s && e.kind() == IngestEntry.END_OF_SPILL)));
    }

    /** FRAGMENT entries that reached the ring so far (drained). */
    long fragmentsInRing() {
        return recorder.entries().stream().filter(RingRecorder.Entry::isFragment).count();
    }

    /** Listens on an ephemeral port of 127.0.0.1. */
    /** A default rig, listening: for a test field closed by JUnit ({@code @AutoClose}). */
    static IngestRig started() {
        try {
            return new IngestRig().start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    IngestRig start() throws InterruptedException {
        server.start("127.0.0.1", 0);
        return this;
    }

    InetSocketAddress address() {
        return server.address();
    }

    IngestCounters counters() {
        return server.counters();
    }

    /** A connection of this (not listening) server on an embedded channel, active, its time frozen. */
    EmbeddedChannel connection() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel c) {
                server.initConnection(c);
            }
        });
        ch.freezeTime();
        return ch;
    }

    /** Starts each of {@code sources} sending BEGIN_OF_SPILL, {@code events} fragments and END_OF_SPILL on its own thread. */
    void sendWholeSpills(int events, int... sources) {
        for (int s : sources) {
            running.add(frontEnds.submit(() -> {
                try (FrontEndClient fe = FrontEndClient.connect(address(), s)) {
                    fe.hello().beginOfSpill().fragments(1, events).endOfSpill(events);
                    // Stay connected until the service has everything: closing early is not what a front-end does.
                    await().atMost(30, TimeUnit.SECONDS).until(() -> counters().frames[counters().indexOf(s)].get() >= events + 3);
                }
                return null;
            }));
        }
    }

    /** Waits for the good front-ends (the ring must be drained meanwhile if it can fill); fails if any of them failed. */
    void awaitGoodSources() throws Exception {
        for (Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    /** Drains the ring until {@code source} has put its END_OF_SPILL into it. */
    void drainUntilEndOfSpill(int source) {
        recorder.drainUntil(all -> all.stream().anyMatch(e -> e.sourceId() == source && e.kind() == IngestEntry.END_OF_SPILL));
    }

    /** Waits until the service has forgotten {@code source}'s connection, so it may reconnect. */
    void awaitDisconnected(int source) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> counters().connected[counters().indexOf(source)].get() == 0);
    }

    /** One read of {@code bytes} on an embedded connection. */
    static void feed(EmbeddedChannel ch, byte[] bytes) {
        ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(bytes));
    }

    /** The FRAGMENT frames of events {@code first..last} back to back, as a front-end streams them. */
    static byte[] fragments(FrontEndFrames frames, long first, long last) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (long e = first; e <= last; e++) {
            out.writeBytes(frames.fragment(e));
        }
        return out.toByteArray();
    }

    /** Protocol errors of {@code reason} counted against {@code source} (0 = unattributed). */
    long errors(int source, ProtocolError reason) {
        return counters().errors(source, reason);
    }

    /** Protocol errors counted against {@code source}, all reasons. */
    long errorsOf(int source) {
        long n = 0;
        for (ProtocolError r : ProtocolError.values()) {
            n += errors(source, r);
        }
        return n;
    }

    @Override
    public void close() {
        frontEnds.shutdownNow();
        server.close();
    }
}
