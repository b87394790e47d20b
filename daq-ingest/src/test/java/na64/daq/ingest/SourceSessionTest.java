package na64.daq.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.HelloFlyweight;
import na64.daq.protocol.LittleEndian;
import na64.daq.protocol.ProtocolError;
import na64.daq.testkit.FrontEndFrames;
import na64.daq.testkit.ManualClock;

/**
 * The {@link FrameOutcome} of each protocol error path, offered straight to a connection's session: a
 * skipped frame is CONSUMED (counted, one PROTOCOL_ERROR entry in the ring, connection kept), a
 * fatal one CLOSED (counted, ERROR sent, channel closed), and any of them NO_CAPACITY, with nothing
 * counted, while the ring has no free entry.
 */
class SourceSessionTest {
    private static final int SOURCE = 3;

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final IngestRig rig = new IngestRig(64, clock);
    private final FrontEndFrames frames = new FrontEndFrames(SOURCE);
    private final FrameEncoder encoder = new FrameEncoder();
    private final EmbeddedChannel ch = rig.connection();

    @AfterEach
    void close() {
        ch.finishAndReleaseAll();
        rig.close();
    }

    private FrameOutcome offer(byte[] frame) {
        ChannelHandlerContext ctx = ch.pipeline().context(FrameDecoder.class);
        SourceSession session = ch.pipeline().get(FrameDecoder.class).session();
        FrameOutcome outcome = session.onFrame(ctx, Unpooled.wrappedBuffer(frame), 0, frame.length - FrameHeader.LENGTH, clock.nanoTime());
        session.flush(); // as the decoder does at the end of each read
        return outcome;
    }

    private SourceSessionTest helloAccepted() {
        assertThat(offer(frames.hello())).isEqualTo(FrameOutcome.CONSUMED);
        return this;
    }

    /** CONSUMED, counted once against {@code source}, one error entry in the ring, connection open. */
    private void assertSkipped(FrameOutcome outcome, int source, ProtocolError reason) {
        assertThat(outcome).isEqualTo(FrameOutcome.CONSUMED);
        assertThat(rig.errors(source, reason)).isEqualTo(1);
        assertThat(ch.isOpen()).isTrue();
        rig.recorder.drain();
        assertThat(rig.recorder.entries()).filteredOn(RingRecorder.Entry::isError).hasSize(1);
    }

    /** CLOSED, counted once, ERROR sent naming the reason, channel closed. */
    private void assertFatal(FrameOutcome outcome, int source, ProtocolError reason) {
        assertThat(outcome).isEqualTo(FrameOutcome.CLOSED);
        assertThat(rig.errors(source, reason)).isEqualTo(1);
        assertThat(FrameDecoderTest.readError(ch)).startsWith(reason.label());
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aFragmentBeforeHelloClosesWithNoHello() {
        assertFatal(offer(frames.fragment(1)), 0, ProtocolError.NO_HELLO);
    }

    @Test
    void aHelloWithABadCrcIsSkipped() {
        byte[] hello = frames.hello();
        hello[FrameHeader.CRC_OFFSET] ^= 1;
        assertSkipped(offer(hello), 0, ProtocolError.BAD_CRC);
    }

    @Test
    void aMalformedHelloCloses() {
        assertFatal(offer(encoder.hello(SOURCE, 9, 36, "ECAL-MAIN")), 0, ProtocolError.MALFORMED_PAYLOAD);
    }

    @Test
    void aHelloOfAnUnknownSourceCloses() {
        assertFatal(offer(encoder.hello(77, HelloFlyweight.BOARD_MSADC, 8, "SPARE")), 0, ProtocolError.UNKNOWN_SOURCE);
    }

    @Test
    void aHelloThatDoesNotMatchTheConfigurationCloses() {
        assertFatal(offer(encoder.hello(SOURCE, HelloFlyweight.BOARD_MSADC, 35, "ECAL-MAIN")), 0, ProtocolError.HELLO_MISMATCH);
    }

    @Test
    void aHelloForASourceLiveOnAnotherConnectionCloses() {
        EmbeddedChannel first = rig.connection();
        first.writeInbound(Unpooled.wrappedBuffer(frames.hello()));

        assertFatal(offer(frames.hello()), 0, ProtocolError.SOURCE_ALREADY_CONNECTED);
        assertThat(first.isOpen()).isTrue();
        first.finishAndReleaseAll();
    }

    @Test
    void aSecondHelloIsSkipped() {
        helloAccepted();
        assertSkipped(offer(frames.hello()), SOURCE, ProtocolError.REPEATED_HELLO);
    }

    @Test
    void aFrameOfAnotherSourceIsSkipped() {
        helloAccepted();
        assertSkipped(offer(new FrontEndFrames(4).fragment(1)), SOURCE, ProtocolError.SOURCE_MISMATCH);
        assertThat(rig.counters().fragmentFramesRefused[rig.counters().indexOf(SOURCE)].get()).isEqualTo(1);
    }

    @Test
    void anErrorFrameFromAFrontEndIsSkippedAsBadType() {
        helloAccepted();
        assertSkipped(offer(encoder.error(SOURCE, "from the front-end")), SOURCE, ProtocolError.BAD_TYPE);
    }

    @Test
    void aFragmentWithABadCrcIsSkippedAndTakesNoArenaSpace() {
        helloAccepted();
        byte[] fragment = frames.fragment(1);
        fragment[fragment.length - 1] ^= 1;
        assertSkipped(offer(fragment), SOURCE, ProtocolError.BAD_CRC);
        assertThat(offer(frames.fragment(2))).isEqualTo(FrameOutcome.CONSUMED);
        rig.recorder.drain();
        assertThat(rig.recorder.events(SOURCE)).containsExactly(2L);
    }

    @Test
    void aFragmentWithMoreChannelsThanTheBoardIsSkippedAsMalformed() {
        helloAccepted();
        int channels = rig.config.source(SOURCE).channels() + 1;
        encoder.begin(FrameHeader.TYPE_FRAGMENT, SOURCE).putFragmentHeader(1, 1, 1, 0, 0, FragmentFlyweight.TRIGGER_RANDOM,
                FragmentFlyweight.ENCODING_PEAK, 0, channels);
        for (int c = 0; c < channels; c++) {
            encoder.putPeakRecord(c, 10, 10);
        }
        assertSkipped(offer(encoder.toFrame()), SOURCE, ProtocolError.MALFORMED_PAYLOAD);
    }

    @Test
    void spillMarkersWithABadCrcOrTheWrongLengthAreSkipped() {
        helloAccepted();
        byte[] badCrc = frames.beginOfSpill();
        badCrc[FrameHeader.LENGTH] ^= 1;
        assertSkipped(offer(badCrc), SOURCE, ProtocolError.BAD_CRC);
        byte[] end = encoder.begin(FrameHeader.TYPE_END_OF_SPILL, SOURCE).putU32(1).putU32(1).putU32(5).putU16(1).putU16(0).toFrame();
        assertThat(offer(end)).isEqualTo(FrameOutcome.CONSUMED);
        assertThat(rig.errors(SOURCE, ProtocolError.MALFORMED_PAYLOAD)).as("one scaler announced, none sent").isEqualTo(1);
    }

    @Test
    void heartbeatsWithAPayloadOrACrcAreSkipped() {
        helloAccepted();
        byte[] crc = frames.heartbeat();
        LittleEndian.putU32(crc, FrameHeader.CRC_OFFSET, 1);
        assertSkipped(offer(crc), SOURCE, ProtocolError.BAD_CRC);
        assertThat(offer(encoder.begin(FrameHeader.TYPE_HEARTBEAT, SOURCE).putU8(0).toFrame())).isEqualTo(FrameOutcome.CONSUMED);
        assertThat(rig.errors(SOURCE, ProtocolError.MALFORMED_PAYLOAD)).isEqualTo(1);
    }

    @Test
    void everyErrorFindingTheRingFullIsLeftForLaterAndNotCounted() {
        helloAccepted();
        for (long e = 1; e <= 64; e++) {
            assertThat(offer(frames.fragment(e))).isEqualTo(FrameOutcome.CONSUMED);
        }
        byte[] badCrc = frames.fragment(65);
        badCrc[badCrc.length - 1] ^= 1;

        assertThat(offer(badCrc)).isEqualTo(FrameOutcome.NO_CAPACITY);
        assertThat(offer(frames.fragment(65))).isEqualTo(FrameOutcome.NO_CAPACITY);
        assertThat(offer(frames.hello())).isEqualTo(FrameOutcome.NO_CAPACITY);
        assertThat(rig.errorsOf(SOURCE)).isZero();
        assertThat(rig.counters().frames[rig.counters().indexOf(SOURCE)].get()).as("HELLO and the 64 fragments").isEqualTo(65);
        rig.recorder.drain();
        assertThat(offer(badCrc)).isEqualTo(FrameOutcome.CONSUMED);
        assertThat(rig.errors(SOURCE, ProtocolError.BAD_CRC)).isEqualTo(1);
        assertThat(rig.recorder.entries()).extracting(RingRecorder.Entry::kind).containsOnly(IngestEntry.FRAGMENT);
    }
}
