package na64.daq.bench;

import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Warmup;

import na64.daq.pipeline.FragmentArena;
import na64.daq.pipeline.FragmentArenas;
import na64.daq.ingest.FragmentIntake;
import na64.daq.pipeline.IngestEntry;
import na64.daq.config.RunConfig;
import na64.daq.emulator.Encoding;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameHeader;

/**
 * The ingest thread's per-frame work on a FRAGMENT, done the way {@code FrameDecoder},
 * {@code SourceSession} and {@code RingPublisher} do it (those are package-private, so the same
 * public steps are called here): header checks through the {@link FrameHeader} flyweight (magic,
 * version, length cap, type, source id), one copy of the payload into the source's
 * {@link FragmentArena}, then on that copy the CRC-32C, {@link FragmentFlyweight#validate()}, the
 * channel-count limit and the reconstruction of its energies ({@link FragmentIntake}), filling a
 * pre-allocated {@link IngestEntry} of a ring-sized array. The arena space is released at once, as a
 * builder that keeps up does.
 *
 * <p>Not included: Netty (socket read, cumulation buffer), the per-source counters, the event
 * window, and the Disruptor claim/publish. Each invocation decodes the five frames of one event of
 * the reference load, cycling through its events; one operation is one frame.
 * {@link #nsPerFrame} reports ns/frame; {@link #throughput} reports frames/s and, as the secondary
 * result {@code bytes}, wire bytes/s (header + payload).
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=5"})
public class FrameDecodeBenchmark {
    /** Events of the reference load cycled through. */
    static final int EVENTS = 2048;
    /** Frames per invocation: one event's fragments from the five sources of the reference setup. */
    static final int FRAMES = 5;

    @Param({"PEAK", "WAVEFORM"})
    public Encoding encoding;

    private byte[] wire;
    private int[] frameOffset;
    private int frameCount;
    private int cursor;
    private int[] channelLimit;
    private IngestEntry[] ring;
    private int ringMask;
    private long sequence;
    private final FrameHeader header = new FrameHeader();
    private FragmentArenas arenas;
    private FragmentIntake intake;

    @Setup(Level.Trial)
    public void setUp() {
        ReferenceLoad load = ReferenceLoad.generate(encoding, EVENTS);
        System.out.println(load.describe());
        if (load.sources() != FRAMES) {
            throw new IllegalStateException("expected " + FRAMES + " sources, the reference load has " + load.sources());
        }
        wire = load.wire;
        frameOffset = load.frameOffset;
        frameCount = load.frameOffset.length;
        channelLimit = new int[FrameHeader.MAX_SOURCE_ID + 1];
        for (RunConfig.SourceConfig s : load.config.sources()) {
            channelLimit[s.id()] = s.channels();
        }
        arenas = new FragmentArenas(load.config);
        intake = new FragmentIntake(new na64.daq.trigger.Reconstructor(load.config));
        int ringSize = load.config.builder().ringSize();
        ring = new IngestEntry[ringSize];
        ringMask = ringSize - 1;
        for (int k = 0; k < ringSize; k++) {
            ring[k] = new IngestEntry();
        }
        // Decode the whole load once: fails here, not silently in the measurement, if the data were bad.
        for (int k = 0; k < frameCount; k++) {
            decode(frameOffset[k]);
        }
    }

    /** Average time of one frame. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(FRAMES)
    public int nsPerFrame() {
        return decodeEvent();
    }

    /** Frames per second, with wire bytes per second as the secondary result {@code bytes}. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(FRAMES)
    public int throughput(Bytes bytes) {
        int n = decodeEvent();
        bytes.bytes += n;
        return n;
    }

    /** Decodes the next event's five frames; returns their wire bytes. */
    private int decodeEvent() {
        int k = cursor;
        int n = 0;
        for (int i = 0; i < FRAMES; i++) {
            n += decode(frameOffset[k + i]);
        }
        k += FRAMES;
        cursor = k == frameCount ? 0 : k;
        return n;
    }

    /** Checks, CRCs, copies and validates the FRAGMENT frame at {@code off}; returns its wire length. */
    private int decode(int off) {
        FrameHeader h = header.wrap(wire, off);
        if (h.magic() != FrameHeader.MAGIC || h.version() != FrameHeader.VERSION) {
            throw fail("bad magic or version", off);
        }
        long declared = h.payloadLength();
        if (declared > FrameHeader.MAX_PAYLOAD) {
            throw fail("payload over the cap", off);
        }
        int length = (int) declared;
        int src = h.sourceId();
        if (h.type() != FrameHeader.TYPE_FRAGMENT || src < FrameHeader.MIN_SOURCE_ID || src > FrameHeader.MAX_SOURCE_ID) {
            throw fail("not a FRAGMENT of a valid source", off);
        }
        int payload = off + FrameHeader.LENGTH;
        FragmentArena arena = arenas.forSource(src);
        int at = arena.reserve(length);
        byte[] copy = arena.bytes();
        System.arraycopy(wire, payload, copy, at, length);
        if (!intake.crcMatches(copy, at, length, h.crc())) {
            throw fail("bad CRC", off);
        }
        if (intake.validate(copy, at, length, channelLimit[src]) != null) {
            throw fail("malformed payload", off);
        }
        long seq = sequence++;
        IngestEntry entry = ring[(int) seq & ringMask];
        intake.fill(entry, arena, at, length);
        entry.receivedNanos = seq; // production stamps one clock read per socket read, not per frame
        arena.release(entry.arenaOrdinal);
        return FrameHeader.LENGTH + length;
    }

    private static IllegalStateException fail(String what, int off) {
        return new IllegalStateException(what + " in the frame at wire offset " + off);
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
