package na64.daq.ingest.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.protocol.FrameHeader;
import na64.daq.testkit.ManualClock;

/**
 * The recorder's framer ({@link RecorderTap}) on an {@link EmbeddedChannel}: a stream of frames,
 * good and bad, small and over a megabyte, cut into reads of random sizes (single bytes, reads
 * that join many frames, frames split over many reads) is recorded frame by frame, in order, each
 * stamped with the read that completed it; every read reaches the next handler as the same buffer
 * with its indices untouched; what is not a frame is counted, not recorded.
 */
class RecorderTapTest {
    private static final long START = 5_000_000_000L;
    private static final long READ_GAP = 1_000;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(START);

    private RawRecorder recorder() throws Exception {
        return RawRecorder.start(new RawRecorder.Settings(dir, RawRecorder.DEFAULT_MAX_FILE_BYTES, 4,
                RawRecorder.DEFAULT_STALL_NANOS, clock, () -> { }), id -> id >= 1 && id <= 5);
    }

    @Test
    void framesCutIntoReadsOfAnySizeAreRecordedWholeInOrderWithTheTimeOfTheReadThatCompletedThem() throws Exception {
        Random random = new Random(12);
        List<byte[]> frames = new ArrayList<>();
        frames.add(Recorded.hello(2));
        frames.add(Recorded.begin(2, 1));
        for (int e = 1; e <= 300; e++) {
            int extra = e % 100 == 0 ? FrameHeader.MAX_PAYLOAD - 32 : random.nextInt(e % 7 == 0 ? 70_000 : 300);
            byte[] f = Recorded.fragment(2, 1, e, extra, random);
            frames.add(e % 13 == 0 ? Recorded.badCrc(f) : f);
            if (e % 50 == 0) {
                frames.add(new na64.daq.protocol.FrameEncoder().heartbeat(2));
            }
        }
        frames.add(Recorded.end(2, 1, 300));
        byte[] stream = Recorded.concat(frames);

        // Reads: single bytes, header-sized splits, big joins; expected time of each frame = its last byte's read.
        List<Long> expectedTimes = new ArrayList<>();
        long[] frameEnds = new long[frames.size()];
        long end = 0;
        for (int i = 0; i < frames.size(); i++) {
            end += frames.get(i).length;
            frameEnds[i] = end;
        }
        EmbeddedChannel ch;
        try (RawRecorder recorder = recorder()) {
            ch = new EmbeddedChannel(recorder.open());
            int next = 0;
            long read = 0;
            for (int p = 0; p < stream.length; read++) {
                int size = switch (random.nextInt(4)) {
                    case 0 -> 1 + random.nextInt(3);
                    case 1 -> 1 + random.nextInt(FrameHeader.LENGTH);
                    case 2 -> 1 + random.nextInt(4096);
                    default -> 1 + random.nextInt(200_000);
                };
                size = Math.min(size, stream.length - p);
                ByteBuf in = Unpooled.buffer(size + 20).writerIndex(7).readerIndex(7); // not at offset 0
                in.writeBytes(stream, p, size);
                clock.advanceNanos(READ_GAP);
                assertThat(ch.writeInbound(in)).isTrue();
                ByteBuf out = ch.readInbound();
                assertThat(out).as("the same buffer passed on").isSameAs(in);
                assertThat(out.readerIndex()).isEqualTo(7);
                assertThat(out.readableBytes()).isEqualTo(size);
                out.release();
                p += size;
                while (next < frames.size() && frameEnds[next] <= p) {
                    expectedTimes.add(read * READ_GAP);
                    next++;
                }
            }
            ch.finishAndReleaseAll();
            assertThat(recorder.counters().unframedBytes.get()).isZero();
        }
        long first = expectedTimes.get(0);
        List<Recorded.Rec> got = Recorded.read(Recorded.files(dir).get(0));
        assertThat(Recorded.files(dir)).hasSize(1);
        assertThat(got).hasSameSizeAs(frames);
        for (int i = 0; i < frames.size(); i++) {
            assertThat(got.get(i).frame()).as("frame %d", i).isEqualTo(frames.get(i));
            assertThat(got.get(i).time()).as("time of frame %d", i).isEqualTo(expectedTimes.get(i) - first);
        }
    }

    @Test
    void aHeaderThatIsNotAFrameStopsTheRecordingOfThatConnectionAndEverythingAfterItIsCounted() throws Exception {
        Random random = new Random(3);
        byte[] good = Recorded.concat(List.of(Recorded.hello(3), Recorded.fragment(3, 1, 1, 40, random)));
        byte[] garbage = new byte[500];
        random.nextBytes(garbage);
        byte[] overCap = Recorded.fragment(4, 1, 1, 10, random);
        overCap[FrameHeader.LENGTH_OFFSET + 2] = 0x20; // declares 2 MiB
        RecorderCounters c;
        try (RawRecorder recorder = recorder()) {
            c = recorder.counters();
            EmbeddedChannel badMagic = new EmbeddedChannel(recorder.open());
            badMagic.writeInbound(Unpooled.wrappedBuffer(good, new byte[] {'X', 'A', '6'}));
            badMagic.writeInbound(Unpooled.wrappedBuffer(garbage));
            badMagic.finishAndReleaseAll();
            EmbeddedChannel badLength = new EmbeddedChannel(recorder.open());
            badLength.writeInbound(Unpooled.wrappedBuffer(overCap, 0, 10));
            badLength.writeInbound(Unpooled.wrappedBuffer(overCap, 10, overCap.length - 10));
            badLength.finishAndReleaseAll();
            EmbeddedChannel cut = new EmbeddedChannel(recorder.open());
            cut.writeInbound(Unpooled.wrappedBuffer(good, 0, good.length - 5));
            cut.finishAndReleaseAll();
        }
        assertThat(c.badHeaders.get()).isEqualTo(2);
        assertThat(c.cutFrames.get()).isEqualTo(1);
        int cutFragment = good.length - Recorded.hello(3).length - 5;
        assertThat(c.unframedBytes.get()).isEqualTo(3 + garbage.length + overCap.length + cutFragment);
        assertThat(Recorded.read(Recorded.files(dir).get(0))).extracting(Recorded.Rec::type)
                .as("the whole frames before: HELLO and FRAGMENT, then the HELLO of the cut connection")
                .containsExactly(FrameHeader.TYPE_HELLO, FrameHeader.TYPE_FRAGMENT, FrameHeader.TYPE_HELLO);
        assertThat(c.frames.get()).isEqualTo(3);
        assertThat(c.unrecordedFrames()).isZero();
    }
}
