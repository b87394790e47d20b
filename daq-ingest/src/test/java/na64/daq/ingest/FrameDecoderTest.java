package na64.daq.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.HelloFlyweight;
import na64.daq.protocol.ProtocolError;
import na64.daq.testkit.FrontEndClient;
import na64.daq.testkit.FrontEndFrames;
import na64.daq.testkit.ManualClock;

/**
 * The framing of one connection on an {@link EmbeddedChannel} with the real ingest handlers: frames
 * cut anywhere by reads (inside the header, inside the payload, several in one read) are put
 * together exactly; the header is checked before the payload is waited for; a close in the middle
 * of a frame counts TRUNCATED_FRAME after the whole frames before it were delivered.
 */
class FrameDecoderTest {
    private static final int SOURCE = 3;

    private final IngestRig rig = new IngestRig(1024, new ManualClock(1_000_000_000L));
    private final FrontEndFrames frames = new FrontEndFrames(SOURCE);
    private EmbeddedChannel ch;

    @BeforeEach
    void connect() {
        ch = rig.connection();
        write(frames.hello());
    }

    @AfterEach
    void close() {
        ch.finishAndReleaseAll();
        rig.close();
    }

    private void write(byte[] bytes) {
        IngestRig.feed(ch, bytes);
    }

    private byte[] fragments(long first, long last) {
        return IngestRig.fragments(frames, first, last);
    }

    private static long[] upTo(long n) {
        return LongStream.rangeClosed(1, n).toArray();
    }

    @Test
    void aStreamCutIntoReadsOfEverySizeIsPutTogetherFrameByFrame() {
        byte[] stream = fragments(1, 300);
        SplittableRandom rng = new SplittableRandom(7);
        for (int at = 0, k = 1; at < stream.length; k++) {
            // 1..40 bytes cut inside headers and payloads; every tenth read carries several frames
            int n = Math.min(stream.length - at, k % 10 == 0 ? 200 + rng.nextInt(400) : 1 + rng.nextInt(40));
            write(Arrays.copyOfRange(stream, at, at + n));
            at += n;
        }
        rig.recorder.drain();

        assertThat(rig.recorder.events(SOURCE)).containsExactly(boxed(upTo(300)));
        assertThat(rig.errorsOf(SOURCE)).isZero();
        assertThat(rig.recorder.of(SOURCE)).allSatisfy(e -> {
            assertThat(e.ps()).as("reconstructed from the arena copy").isEqualTo(e.event());
            assertThat(e.ecalMain()).isEqualTo(SOURCE);
        });
    }

    @Test
    void aHeaderCutAtEachOfItsBytesIsPutTogether() {
        byte[] stream = fragments(1, FrameHeader.LENGTH);
        int frame = stream.length / FrameHeader.LENGTH;
        int at = 0;
        for (int cut = 1; cut <= FrameHeader.LENGTH; cut++) {
            // this read ends `cut` bytes into the next frame's header (the last one ends the stream)
            int end = Math.min(stream.length, (cut) * frame + cut);
            write(Arrays.copyOfRange(stream, at, end));
            at = end;
        }
        rig.recorder.drain();

        assertThat(rig.recorder.events(SOURCE)).containsExactly(boxed(upTo(FrameHeader.LENGTH)));
    }

    @Test
    void aHeaderOverTheCapIsRefusedBeforeAnyOfItsPayloadArrives() {
        write(FrontEndClient.headerOnly(FrameHeader.TYPE_FRAGMENT, SOURCE, FrameHeader.MAX_PAYLOAD + 1L));

        assertThat(errorReply()).startsWith("bad_length").contains("1048577");
        assertThat(ch.isOpen()).isFalse();
        assertThat(rig.errors(SOURCE, ProtocolError.BAD_LENGTH)).isEqualTo(1);
    }

    @Test
    void beforeHelloAFrameLongerThanAHelloIsRefusedFromItsHeader() {
        EmbeddedChannel fresh = rig.connection();
        fresh.writeInbound(Unpooled.wrappedBuffer(
                FrontEndClient.headerOnly(FrameHeader.TYPE_HELLO, SOURCE, HelloFlyweight.MAX_LENGTH + 1L)));

        assertThat(readError(fresh)).contains("before HELLO, over the HELLO maximum of 262");
        assertThat(fresh.isOpen()).isFalse();
        assertThat(rig.errors(0, ProtocolError.BAD_LENGTH)).as("unattributed").isEqualTo(1);
    }

    @Test
    void badMagicAndBadVersionCloseTheConnectionWithTheirReason() {
        byte[] bad = frames.fragment(1);
        bad[0] = 'X';
        write(bad);

        assertThat(errorReply()).startsWith("bad_magic").contains("expected \"NA64\"");
        assertThat(ch.isOpen()).isFalse();

        EmbeddedChannel other = rig.connection();
        byte[] v2 = new FrontEndFrames(4).hello();
        v2[FrameHeader.VERSION_OFFSET] = 2;
        other.writeInbound(Unpooled.wrappedBuffer(v2));
        assertThat(readError(other)).startsWith("bad_version").contains("unsupported version 2");
        assertThat(rig.errors(SOURCE, ProtocolError.BAD_MAGIC)).isEqualTo(1);
        assertThat(rig.errors(0, ProtocolError.BAD_VERSION)).isEqualTo(1);
    }

    @Test
    void aCloseInTheMiddleOfAFrameCountsTruncatedAfterTheWholeFramesBeforeIt() {
        byte[] stream = fragments(1, 4);
        write(Arrays.copyOf(stream, stream.length - 10)); // events 1..3 whole, 4 cut

        ch.close();
        rig.recorder.drain();

        assertThat(rig.errors(SOURCE, ProtocolError.TRUNCATED_FRAME)).isEqualTo(1);
        assertThat(rig.recorder.of(SOURCE)).extracting(RingRecorder.Entry::kind).containsExactly(
                IngestEntry.FRAGMENT, IngestEntry.FRAGMENT, IngestEntry.FRAGMENT, IngestEntry.PROTOCOL_ERROR);
        assertThat(rig.counters().connected[rig.counters().indexOf(SOURCE)].get()).isZero();
    }

    @Test
    void aCloseInsideAHeaderIsATruncatedFrameTooAndACloseBetweenFramesIsNot() {
        write(Arrays.copyOf(frames.fragment(1), 5));
        ch.close();
        EmbeddedChannel clean = rig.connection();
        FrontEndFrames four = new FrontEndFrames(4);
        clean.writeInbound(Unpooled.wrappedBuffer(four.hello()), Unpooled.wrappedBuffer(four.fragment(1)));
        clean.close();

        assertThat(rig.errors(SOURCE, ProtocolError.TRUNCATED_FRAME)).isEqualTo(1);
        assertThat(rig.errors(4, ProtocolError.TRUNCATED_FRAME)).isZero();
        rig.recorder.drain();
        assertThat(rig.recorder.events(4)).containsExactly(1L);
    }

    private String errorReply() {
        return readError(ch);
    }

    /** The payload of the ERROR frame the service wrote on {@code channel}. */
    static String readError(EmbeddedChannel channel) {
        ByteBuf reply = channel.readOutbound();
        try {
            assertThat(reply.getUnsignedByte(FrameHeader.TYPE_OFFSET)).isEqualTo((short) FrameHeader.TYPE_ERROR);
            return reply.toString(FrameHeader.LENGTH, reply.readableBytes() - FrameHeader.LENGTH, StandardCharsets.UTF_8);
        } finally {
            reply.release();
        }
    }

    private static Long[] boxed(long[] values) {
        return LongStream.of(values).boxed().toArray(Long[]::new);
    }
}
