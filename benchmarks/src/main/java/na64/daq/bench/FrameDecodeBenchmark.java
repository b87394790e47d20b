package na64.daq.bench;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;

import na64.daq.config.RunConfig;
import na64.daq.emulator.Encoding;
import na64.daq.ingest.IngestServer;
import na64.daq.ingest.StallClock;
import na64.daq.pipeline.FragmentArenas;
import na64.daq.pipeline.IngestEntry;
import na64.daq.pipeline.NanoClock;
import na64.daq.protocol.FrameEncoder;

/**
 * The ingest thread's per-frame work on FRAGMENT frames, through the real handlers: each of the five
 * sources of the reference load has a connection on an {@link EmbeddedChannel} set up by
 * {@link IngestServer#initConnection} (connection watch, flow control, frame decoder, session), the
 * real Disruptor ring and arenas, and trigger-logic's reconstruction. One invocation hands each
 * connection one read of {@value #FRAMES_PER_READ} frames, as the socket would: copied into a pooled
 * direct buffer, starting and ending inside a frame, so every read also completes the frame the
 * previous one cut. Then the ring is consumed and the arena space given back, as a builder that keeps
 * up does. One operation is one frame; {@link #throughput} also reports wire bytes/s ({@code bytes}).
 *
 * <p>Not included: the socket read itself and the event loop's select; the builder.
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=5"})
public class FrameDecodeBenchmark {
    /** Events of the reference load cycled through. */
    static final int EVENTS = 2048;
    /** Frames per read and connection. */
    static final int FRAMES_PER_READ = 64;
    static final int SOURCES = 5;
    /** Where in its first frame each read starts: inside the header, so reads cut frames. */
    static final int CUT = 10;

    @Param({"PEAK", "WAVEFORM"})
    public Encoding encoding;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private EmbeddedChannel[] connections;
    /** Per source: its fragment frames back to back, twice, so the last read of a cycle runs on into the next. */
    private byte[][] streams;
    /** Per source, per read k: where read k starts in the stream (k = reads is the end of the last). */
    private int[][] readStart;
    private int reads;
    private int read;
    private RingBuffer<IngestEntry> ring;
    private Sequence consumed;
    private FragmentArenas arenas;

    @Setup(Level.Trial)
    public void setUp() {
        ReferenceLoad load = ReferenceLoad.generate(encoding, EVENTS);
        System.out.println(load.describe());
        if (load.sources() != SOURCES) {
            throw new IllegalStateException("expected " + SOURCES + " sources, the reference load has " + load.sources());
        }
        RunConfig config = load.config;
        ring = RingBuffer.createSingleProducer(IngestEntry::new, config.builder().ringSize(), new BusySpinWaitStrategy());
        consumed = new Sequence();
        ring.addGatingSequences(consumed);
        arenas = new FragmentArenas(config);
        IngestServer server = new IngestServer(config, ring, arenas, new na64.daq.trigger.Reconstructor(config),
                new StallClock(NanoClock.SYSTEM));
        reads = EVENTS / FRAMES_PER_READ;
        connections = new EmbeddedChannel[SOURCES];
        streams = new byte[SOURCES][];
        readStart = new int[SOURCES][reads + 1];
        FrameEncoder encoder = new FrameEncoder();
        for (int i = 0; i < SOURCES; i++) {
            RunConfig.SourceConfig s = config.source(load.sourceIds[i]);
            connections[i] = new EmbeddedChannel(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel c) {
                    server.initConnection(c);
                }
            });
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (int e = 0; e < EVENTS; e++) {
                int f = e * SOURCES + i;
                if (e % FRAMES_PER_READ == 0) {
                    readStart[i][e / FRAMES_PER_READ] = stream.size() + CUT;
                }
                stream.write(load.wire, load.frameOffset[f], load.frameLength[f]);
            }
            readStart[i][reads] = stream.size() + CUT;
            byte[] once = stream.toByteArray();
            byte[] twice = new byte[2 * once.length];
            System.arraycopy(once, 0, twice, 0, once.length);
            System.arraycopy(once, 0, twice, once.length, once.length);
            streams[i] = twice;
            deliver(i, encoder.hello(s.id(), s.boardKind(), s.channels(), s.name()));
            deliver(i, java.util.Arrays.copyOf(twice, CUT)); // the first read then starts CUT bytes into a frame
        }
        // One whole cycle first: fails here, not silently in the measurement, if the data were bad.
        for (int k = 0; k < reads; k++) {
            readAll();
        }
        long fragments = server.counters().fragmentFrames[0].get();
        if (server.counters().totalErrors() != 0 || fragments != EVENTS) {
            throw new IllegalStateException(server.counters().totalErrors() + " protocol errors, " + fragments
                    + " fragments of the trigger unit instead of " + EVENTS);
        }
    }

    private void deliver(int source, byte[] bytes) {
        ByteBuf b = alloc.directBuffer(bytes.length);
        b.writeBytes(bytes);
        connections[source].pipeline().fireChannelRead(b).fireChannelReadComplete();
    }

    /** Average time of one frame. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(SOURCES * FRAMES_PER_READ)
    public int nsPerFrame() {
        return readAll();
    }

    /** Frames per second, with wire bytes per second as the secondary result {@code bytes}. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(SOURCES * FRAMES_PER_READ)
    public int throughput(Bytes bytes) {
        int n = readAll();
        bytes.bytes += n;
        return n;
    }

    /** One read on every connection, then the ring consumed; returns the wire bytes read. */
    private int readAll() {
        int k = read;
        int n = 0;
        for (int i = 0; i < SOURCES; i++) {
            int from = readStart[i][k];
            int length = readStart[i][k + 1] - from;
            ByteBuf b = alloc.directBuffer(length);
            b.writeBytes(streams[i], from, length); // the socket read's copy into a pooled buffer
            connections[i].pipeline().fireChannelRead(b).fireChannelReadComplete();
            n += length;
        }
        read = k + 1 == reads ? 0 : k + 1;
        consume();
        return n;
    }

    /** What a builder that keeps up does: every published entry consumed, its fragment's arena space released. */
    private void consume() {
        long published = ring.getCursor();
        for (long seq = consumed.get() + 1; seq <= published; seq++) {
            IngestEntry e = ring.get(seq);
            if (e.kind == IngestEntry.FRAGMENT) {
                arenas.forSource(e.sourceId).release(e.arenaOrdinal);
            }
        }
        consumed.set(published);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (EmbeddedChannel c : connections) {
            c.finishAndReleaseAll();
        }
    }

    /** Wire bytes decoded; JMH reports it per second next to the frame rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }
}
