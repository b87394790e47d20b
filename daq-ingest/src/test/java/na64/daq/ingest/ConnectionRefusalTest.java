package na64.daq.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.HelloFlyweight;
import na64.daq.protocol.ProtocolError;
import na64.daq.pipeline.SpillSummary;

/**
 * Acceptance 3, connections: an unknown source id, a second connection for a live source and a
 * fragment before HELLO are each refused with an ERROR frame and a close, and counted, while the
 * five configured sources send a whole spill concurrently and all its events complete.
 */
class ConnectionRefusalTest {
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
    void unknownSourceIdIsRefusedWithAnErrorFrameAndClosed() throws Exception {
        h.sendWholeSpills(EVENTS, IngestHarness.ALL_SOURCES);
        try (FrontEnd stranger = FrontEnd.connect(h.address(), 77)) {
            stranger.send(new FrameEncoder().hello(77, HelloFlyweight.BOARD_MSADC, 8, "SPARE"));

            FrontEnd.Reply reply = stranger.readReply();
            assertThat(reply.type()).isEqualTo(FrameHeader.TYPE_ERROR);
            assertThat(reply.reason()).contains("unknown_source").contains("77");
            assertThat(stranger.closedByService()).isTrue();
        }
        assertThat(h.ingest().errors(77, ProtocolError.UNKNOWN_SOURCE)).as("in the unattributed bucket").isEqualTo(1);
        assertSpillOfTheConfiguredSourcesIsWhole();
    }

    @Test
    void secondConnectionForALiveSourceIsRefusedAndTheFirstKeepsWorking() throws Exception {
        h.sendWholeSpills(EVENTS, 1, 2, 4, 5);
        try (FrontEnd first = FrontEnd.connect(h.address(), 3)) {
            first.hello().beginOfSpill().fragments(1, 10);
            try (FrontEnd second = FrontEnd.connect(h.address(), 3)) {
                second.hello();

                FrontEnd.Reply reply = second.readReply();
                assertThat(reply.type()).isEqualTo(FrameHeader.TYPE_ERROR);
                assertThat(reply.reason()).contains("source_already_connected").contains("3");
                assertThat(second.closedByService()).isTrue();
            }
            first.fragments(11, EVENTS).endOfSpill(EVENTS);
            assertSpillOfTheConfiguredSourcesIsWhole();
            assertThat(first.stillOpen()).as("the first connection is still open").isTrue();
        }
        assertThat(h.errorsOfReason(ProtocolError.SOURCE_ALREADY_CONNECTED)).isEqualTo(1);
        assertThat(h.ingest().connections[h.ingest().indexOf(3)].get()).isEqualTo(1);
    }

    @Test
    void fragmentBeforeHelloIsRefusedWithAnErrorFrameAndClosed() throws Exception {
        h.sendWholeSpills(EVENTS, IngestHarness.ALL_SOURCES);
        try (FrontEnd rude = FrontEnd.connect(h.address(), 2)) {
            rude.send(rude.fragmentFrame(1));

            FrontEnd.Reply reply = rude.readReply();
            assertThat(reply.type()).isEqualTo(FrameHeader.TYPE_ERROR);
            assertThat(reply.reason()).contains("no_hello").contains("FRAGMENT before HELLO");
            assertThat(rude.closedByService()).isTrue();
        }
        assertThat(h.ingest().errors(0, ProtocolError.NO_HELLO)).as("in the unattributed bucket").isEqualTo(1);
        assertSpillOfTheConfiguredSourcesIsWhole();
        assertThat(h.builder().duplicates.get()).as("the refused fragment never reached the builder").isZero();
    }

    private void assertSpillOfTheConfiguredSourcesIsWhole() throws Exception {
        SpillSummary s = h.awaitSpillClosed();
        h.awaitGoodSources();
        assertThat(s.complete).isEqualTo(EVENTS);
        assertThat(s.incomplete).isZero();
        assertThat(s.duplicates).isZero();
        assertThat(s.protocolErrors).as("a refused connection has no spill open").isZero();
        assertThat(h.sink.events()).hasSize(EVENTS).allSatisfy(e -> assertThat(e.complete()).isTrue());
        for (int src : IngestHarness.ALL_SOURCES) {
            assertThat(h.errorsOfSource(src)).as("protocol errors of source " + src).isZero();
        }
    }
}
