package na64.daq.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.ProtocolError;
import na64.daq.testkit.FrontEndClient;

/**
 * Acceptance 3, framing, over real sockets: a corrupt CRC, a bad magic, a length over the 1 MiB cap
 * and a connection cut mid-frame, each from ECAL-MAIN (source 3) while the four other sources send
 * a whole spill concurrently. Each checks its documented outcome, its counter, and what reached the
 * ring: the frames around the faulty one in order, one PROTOCOL_ERROR entry in its place.
 */
class FramingErrorTest {
    private static final int FAULTY = 3;
    private static final int[] OTHERS = {1, 2, 4, 5};
    private static final int EVENTS = 20;

    @AutoClose
    private final IngestRig rig = IngestRig.started();

    @Test
    void corruptCrcSkipsThatFrameCountsBadCrcAndTheStreamContinues() throws Exception {
        rig.sendWholeSpills(EVENTS, OTHERS);
        try (FrontEndClient fe = FrontEndClient.connect(rig.address(), FAULTY)) {
            fe.hello().beginOfSpill().fragments(1, 4);
            byte[] corrupt = fe.fragmentFrame(5);
            corrupt[corrupt.length - 3] ^= 0x40; // a payload byte: the CRC no longer matches
            fe.send(corrupt);
            fe.fragments(6, EVENTS).endOfSpill(EVENTS);
            rig.drainUntilEndOfSpill(FAULTY);

            assertThat(fe.stillOpen()).as("a bad CRC does not close the connection").isTrue();
        }
        assertThat(rig.errors(FAULTY, ProtocolError.BAD_CRC)).isEqualTo(1);
        assertThat(rig.errorsOf(FAULTY)).isEqualTo(1);
        List<RingRecorder.Entry> faulty = rig.recorder.of(FAULTY);
        assertThat(faulty.get(5).kind()).as("the error in the frame's place").isEqualTo(IngestEntry.PROTOCOL_ERROR);
        assertThat(rig.recorder.events(FAULTY)).containsExactlyElementsOf(
                LongStream.rangeClosed(1, EVENTS).filter(e -> e != 5).boxed().toList());
        assertThat(rig.counters().fragmentFramesRefused[rig.counters().indexOf(FAULTY)].get()).isEqualTo(1);
        assertOthersSentWholeSpills();
    }

    @Test
    void badMagicGetsAnErrorFrameWithItsReasonAndTheConnectionIsClosed() throws Exception {
        rig.sendWholeSpills(EVENTS, OTHERS);
        try (FrontEndClient fe = FrontEndClient.connect(rig.address(), FAULTY)) {
            fe.hello().beginOfSpill().fragments(1, 10);
            byte[] garbage = fe.fragmentFrame(11);
            garbage[0] = 'X';
            fe.send(garbage, 0, FrameHeader.LENGTH); // exactly what the service reads before giving up

            FrontEndClient.Reply reply = fe.readReply();
            assertThat(reply.type()).isEqualTo(FrameHeader.TYPE_ERROR);
            assertThat(reply.source()).isEqualTo(FAULTY);
            assertThat(reply.reason()).contains("bad_magic").contains("NA64");
            assertThat(fe.closedByService()).isTrue();
        }
        assertThat(rig.errors(FAULTY, ProtocolError.BAD_MAGIC)).isEqualTo(1);
        reconnectAndFinish(11);

        assertThat(rig.recorder.events(FAULTY)).as("nothing lost: the front-end continued where it stopped")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, EVENTS).boxed().toList());
        assertThat(rig.counters().connections[rig.counters().indexOf(FAULTY)].get()).isEqualTo(2);
        assertOthersSentWholeSpills();
    }

    @Test
    void lengthOverTheCapIsRefusedFromTheHeaderAloneBeforeAnyPayloadIsSent() throws Exception {
        rig.sendWholeSpills(EVENTS, OTHERS);
        try (FrontEndClient fe = FrontEndClient.connect(rig.address(), FAULTY)) {
            fe.hello().beginOfSpill().fragments(1, 10);
            // Only the 16-byte header goes out: if the service waited for (or allocated) the declared
            // payload, no reply could come, since not one payload byte is ever sent.
            fe.send(FrontEndClient.headerOnly(FrameHeader.TYPE_FRAGMENT, FAULTY, FrameHeader.MAX_PAYLOAD + 1L));

            FrontEndClient.Reply reply = fe.readReply();
            assertThat(reply.type()).isEqualTo(FrameHeader.TYPE_ERROR);
            assertThat(reply.reason()).contains("bad_length").contains("1048577");
            assertThat(fe.closedByService()).isTrue();
        }
        assertThat(rig.errors(FAULTY, ProtocolError.BAD_LENGTH)).isEqualTo(1);
        reconnectAndFinish(11);

        assertThat(rig.recorder.events(FAULTY)).hasSize(EVENTS);
        assertOthersSentWholeSpills();
    }

    @Test
    void largestLengthOfFourGigabytesIsRefusedTheSameWay() throws Exception {
        try (FrontEndClient fe = FrontEndClient.connect(rig.address(), FAULTY)) {
            fe.hello().send(FrontEndClient.headerOnly(FrameHeader.TYPE_FRAGMENT, FAULTY, 0xFFFF_FFFFL));

            assertThat(fe.readReply().reason()).contains("bad_length").contains("4294967295");
            assertThat(fe.closedByService()).isTrue();
        }
        assertThat(rig.errors(FAULTY, ProtocolError.BAD_LENGTH)).isEqualTo(1);
    }

    @Test
    void declaredPayloadOverTheCapIsNeverAllocated() throws Exception {
        long declared = 256L << 20;
        try (FrontEndClient fe = FrontEndClient.connect(rig.address(), FAULTY)) {
            fe.hello().beginOfSpill().fragment(1);
            rig.recorder.drainUntil(all -> rig.recorder.events(FAULTY).size() == 1);
            long before = allocatorUsedBytes();

            fe.send(FrontEndClient.headerOnly(FrameHeader.TYPE_FRAGMENT, FAULTY, declared));

            assertThat(fe.readReply().reason()).contains("bad_length");
            assertThat(fe.closedByService()).isTrue();
            // The ingest's pooled allocator holds no buffer anywhere near the declared size.
            assertThat(allocatorUsedBytes() - before).isLessThan(declared / 16);
        }
        assertThat(rig.errors(FAULTY, ProtocolError.BAD_LENGTH)).isEqualTo(1);
    }

    private static long allocatorUsedBytes() {
        io.netty.buffer.PooledByteBufAllocatorMetric m = io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric();
        return m.usedDirectMemory() + m.usedHeapMemory();
    }

    @Test
    void payloadOfExactlyTheCapIsFramedNotRefused() throws Exception {
        try (FrontEndClient fe = FrontEndClient.connect(rig.address(), FAULTY)) {
            fe.hello();
            // A HEARTBEAT must be empty, so this 1 MiB one is malformed, but its length is legal:
            // the service reads it whole, skips it and keeps the connection.
            byte[] frame = new byte[FrameHeader.LENGTH + FrameHeader.MAX_PAYLOAD];
            FrameHeader.write(frame, 0, FrameHeader.TYPE_HEARTBEAT, FAULTY, FrameHeader.MAX_PAYLOAD, 0);
            fe.send(frame);
            fe.beginOfSpill().fragment(1);

            rig.recorder.drainUntil(all -> rig.recorder.events(FAULTY).size() == 1);
            assertThat(fe.stillOpen()).isTrue();
        }
        assertThat(rig.errors(FAULTY, ProtocolError.BAD_LENGTH)).isZero();
        assertThat(rig.errors(FAULTY, ProtocolError.MALFORMED_PAYLOAD)).isEqualTo(1);
    }

    @Test
    void connectionCutMidFrameCountsATruncatedFrameAfterDeliveringTheWholeFramesBeforeIt() throws Exception {
        rig.sendWholeSpills(EVENTS, OTHERS);
        try (FrontEndClient fe = FrontEndClient.connect(rig.address(), FAULTY)) {
            fe.hello().beginOfSpill();
            // Events 1..10 and the first 20 bytes of event 11 in one write, then the cut.
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (long e = 1; e <= 10; e++) {
                burst.writeBytes(fe.fragmentFrame(e));
            }
            burst.writeBytes(Arrays.copyOf(fe.fragmentFrame(11), 20));
            fe.send(burst.toByteArray());
        }
        rig.awaitDisconnected(FAULTY);
        assertThat(rig.errors(FAULTY, ProtocolError.TRUNCATED_FRAME)).isEqualTo(1);
        rig.recorder.drain();
        List<RingRecorder.Entry> faulty = rig.recorder.of(FAULTY);
        assertThat(faulty).as("BEGIN, the ten whole fragments, then the error").hasSize(12);
        assertThat(faulty.get(11).kind()).isEqualTo(IngestEntry.PROTOCOL_ERROR);
        reconnectAndFinish(11);

        assertThat(rig.recorder.events(FAULTY)).hasSize(EVENTS);
        assertOthersSentWholeSpills();
    }

    /** The faulty front-end reconnects and continues with the frame it had not (wholly) sent, as spec §1 says. */
    private void reconnectAndFinish(long nextEvent) throws Exception {
        rig.awaitDisconnected(FAULTY);
        try (FrontEndClient fe = FrontEndClient.connect(rig.address(), FAULTY)) {
            fe.hello().fragments(nextEvent, EVENTS).endOfSpill(EVENTS);
            rig.drainUntilEndOfSpill(FAULTY);
        }
    }

    private void assertOthersSentWholeSpills() throws Exception {
        rig.awaitGoodSources();
        for (int s : OTHERS) {
            rig.drainUntilEndOfSpill(s);
            assertThat(rig.recorder.events(s)).as("fragments of source " + s).hasSize(EVENTS);
            assertThat(rig.errorsOf(s)).as("protocol errors of source " + s).isZero();
        }
    }
}
