package na64.daq.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.ProtocolError;
import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;

/**
 * Acceptance 3, framing: a corrupt CRC, a bad magic, a length over the 1 MiB cap and a connection
 * cut mid-frame, each from ECAL-MAIN (source 3) while the four other sources send a whole spill
 * concurrently through the real Netty server. Each checks its documented outcome and counter.
 */
class FramingErrorTest {
    private static final int FAULTY = 3;
    private static final int[] OTHERS = {1, 2, 4, 5};
    private static final int EVENTS = 20;

    private IngestHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new IngestHarness();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void corruptCrcSkipsThatFrameCountsBadCrcAndTheStreamContinues() throws Exception {
        h.sendWholeSpills(EVENTS, OTHERS);
        try (FrontEnd fe = FrontEnd.connect(h.address(), FAULTY)) {
            fe.hello().beginOfSpill().fragments(1, 4);
            byte[] corrupt = fe.fragmentFrame(5);
            corrupt[corrupt.length - 3] ^= 0x40; // a payload byte: the CRC no longer matches
            fe.send(corrupt);
            fe.fragments(6, EVENTS).endOfSpill(EVENTS);

            SpillSummary s = h.awaitSpillClosed();

            assertThat(fe.stillOpen()).as("a bad CRC does not close the connection").isTrue();
            assertThat(h.ingest().errors(FAULTY, ProtocolError.BAD_CRC)).isEqualTo(1);
            assertThat(h.errorsOfSource(FAULTY)).isEqualTo(1);
            assertThat(s.closeReason).isEqualTo(CloseReason.ALL_ENDED);
            assertThat(s.protocolErrors).as("attributed to the spill open on that connection").isEqualTo(1);
            assertThat(s.incomplete).isEqualTo(1);
            assertThat(s.complete).isEqualTo(EVENTS - 1);
            assertThat(s.missingPerSource).containsOnlyKeys(FAULTY).containsEntry(FAULTY, 1L);
        }
        h.awaitGoodSources();
        assertThat(h.sink.event(5)).hasValueSatisfying(e -> {
            assertThat(e.complete()).isFalse();
            assertThat(e.missing()).containsExactly(FAULTY);
        });
        assertThat(h.sink.events()).filteredOn(e -> e.event() != 5).hasSize(EVENTS - 1)
                .allSatisfy(e -> assertThat(e.complete()).isTrue());
        assertOthersHadNoErrors();
    }

    @Test
    void badMagicGetsAnErrorFrameWithItsReasonAndTheConnectionIsClosed() throws Exception {
        h.sendWholeSpills(EVENTS, OTHERS);
        try (FrontEnd fe = FrontEnd.connect(h.address(), FAULTY)) {
            fe.hello().beginOfSpill().fragments(1, 10);
            byte[] garbage = fe.fragmentFrame(11);
            garbage[0] = 'X';
            fe.send(garbage, 0, FrameHeader.LENGTH); // exactly what the service reads before giving up

            FrontEnd.Reply reply = fe.readReply();
            assertThat(reply.type()).isEqualTo(FrameHeader.TYPE_ERROR);
            assertThat(reply.source()).isEqualTo(FAULTY);
            assertThat(reply.reason()).contains("bad_magic").contains("NA64");
            assertThat(fe.closedByService()).isTrue();
        }
        assertThat(h.ingest().errors(FAULTY, ProtocolError.BAD_MAGIC)).isEqualTo(1);
        reconnectAndFinish(11);

        SpillSummary s = h.awaitSpillClosed();
        h.awaitGoodSources();
        assertThat(s.protocolErrors).isEqualTo(1);
        assertThat(s.complete).as("nothing lost: the front-end continued where it stopped").isEqualTo(EVENTS);
        assertThat(s.incomplete).isZero();
        assertThat(h.ingest().connections[h.ingest().indexOf(FAULTY)].get()).isEqualTo(2);
        assertOthersHadNoErrors();
    }

    @Test
    void lengthOverTheCapIsRefusedFromTheHeaderAloneBeforeAnyPayloadIsSent() throws Exception {
        h.sendWholeSpills(EVENTS, OTHERS);
        try (FrontEnd fe = FrontEnd.connect(h.address(), FAULTY)) {
            fe.hello().beginOfSpill().fragments(1, 10);
            // Only the 16-byte header goes out: if the service waited for (or allocated) the declared
            // payload, no reply could come, since not one payload byte is ever sent.
            fe.send(FrontEnd.headerOnly(FrameHeader.TYPE_FRAGMENT, FAULTY, FrameHeader.MAX_PAYLOAD + 1L));

            FrontEnd.Reply reply = fe.readReply();
            assertThat(reply.type()).isEqualTo(FrameHeader.TYPE_ERROR);
            assertThat(reply.reason()).contains("bad_length").contains("1048577");
            assertThat(fe.closedByService()).isTrue();
        }
        assertThat(h.ingest().errors(FAULTY, ProtocolError.BAD_LENGTH)).isEqualTo(1);
        reconnectAndFinish(11);

        SpillSummary s = h.awaitSpillClosed();
        h.awaitGoodSources();
        assertThat(s.complete).isEqualTo(EVENTS);
        assertThat(s.protocolErrors).isEqualTo(1);
        assertOthersHadNoErrors();
    }

    @Test
    void largestLengthOfFourGigabytesIsRefusedTheSameWay() throws Exception {
        try (FrontEnd fe = FrontEnd.connect(h.address(), FAULTY)) {
            fe.hello().send(FrontEnd.headerOnly(FrameHeader.TYPE_FRAGMENT, FAULTY, 0xFFFF_FFFFL));

            assertThat(fe.readReply().reason()).contains("bad_length").contains("4294967295");
            assertThat(fe.closedByService()).isTrue();
        }
        assertThat(h.ingest().errors(FAULTY, ProtocolError.BAD_LENGTH)).isEqualTo(1);
    }

    @Test
    void declaredPayloadOverTheCapIsNeverAllocated() throws Exception {
        long declared = 256L << 20;
        try (FrontEnd fe = FrontEnd.connect(h.address(), FAULTY)) {
            fe.hello().beginOfSpill().fragment(1);
            org.awaitility.Awaitility.await().until(() -> h.builder().fragments.get() == 1);
            long before = allocatorUsedBytes();

            fe.send(FrontEnd.headerOnly(FrameHeader.TYPE_FRAGMENT, FAULTY, declared));

            assertThat(fe.readReply().reason()).contains("bad_length");
            assertThat(fe.closedByService()).isTrue();
            // The ingest's pooled allocator holds no buffer anywhere near the declared size.
            assertThat(allocatorUsedBytes() - before).isLessThan(declared / 16);
        }
        assertThat(h.ingest().errors(FAULTY, ProtocolError.BAD_LENGTH)).isEqualTo(1);
    }

    private static long allocatorUsedBytes() {
        io.netty.buffer.PooledByteBufAllocatorMetric m = io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric();
        return m.usedDirectMemory() + m.usedHeapMemory();
    }

    @Test
    void payloadOfExactlyTheCapIsFramedNotRefused() throws Exception {
        try (FrontEnd fe = FrontEnd.connect(h.address(), FAULTY)) {
            fe.hello();
            // A HEARTBEAT must be empty, so this 1 MiB one is malformed, but its length is legal:
            // the service reads it whole, skips it and keeps the connection.
            byte[] frame = new byte[FrameHeader.LENGTH + FrameHeader.MAX_PAYLOAD];
            FrameHeader.write(frame, 0, FrameHeader.TYPE_HEARTBEAT, FAULTY, FrameHeader.MAX_PAYLOAD, 0);
            fe.send(frame);
            fe.beginOfSpill().fragment(1);

            org.awaitility.Awaitility.await().until(() -> h.builder().fragments.get() == 1);
            assertThat(fe.stillOpen()).isTrue();
        }
        assertThat(h.ingest().errors(FAULTY, ProtocolError.BAD_LENGTH)).isZero();
        assertThat(h.ingest().errors(FAULTY, ProtocolError.MALFORMED_PAYLOAD)).isEqualTo(1);
    }

    @Test
    void connectionCutMidFrameCountsATruncatedFrameAfterDeliveringTheWholeFramesBeforeIt() throws Exception {
        h.sendWholeSpills(EVENTS, OTHERS);
        try (FrontEnd fe = FrontEnd.connect(h.address(), FAULTY)) {
            fe.hello().beginOfSpill();
            // Events 1..10 and the first 20 bytes of event 11 in one write, then the cut.
            java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
            for (long e = 1; e <= 10; e++) {
                burst.writeBytes(fe.fragmentFrame(e));
            }
            burst.writeBytes(Arrays.copyOf(fe.fragmentFrame(11), 20));
            fe.send(burst.toByteArray());
        }
        h.awaitDisconnected(FAULTY);
        assertThat(h.ingest().errors(FAULTY, ProtocolError.TRUNCATED_FRAME)).isEqualTo(1);
        assertThat(h.builder().fragmentsPerSource[h.ingest().indexOf(FAULTY)].get())
                .as("the ten whole fragments before the cut reached the builder").isEqualTo(10);
        reconnectAndFinish(11);

        SpillSummary s = h.awaitSpillClosed();
        h.awaitGoodSources();
        assertThat(s.complete).isEqualTo(EVENTS);
        assertThat(s.incomplete).isZero();
        assertThat(s.protocolErrors).isEqualTo(1);
        assertOthersHadNoErrors();
    }

    /** The faulty front-end reconnects and continues with the frame it had not (wholly) sent, as spec §1 says. */
    private void reconnectAndFinish(long nextEvent) throws Exception {
        h.awaitDisconnected(FAULTY);
        try (FrontEnd fe = FrontEnd.connect(h.address(), FAULTY)) {
            fe.hello().fragments(nextEvent, EVENTS).endOfSpill(EVENTS);
            h.awaitSpillClosed();
        }
    }

    private void assertOthersHadNoErrors() {
        for (int s : OTHERS) {
            assertThat(h.errorsOfSource(s)).as("protocol errors of source " + s).isZero();
        }
    }
}
