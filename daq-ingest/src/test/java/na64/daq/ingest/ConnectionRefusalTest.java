package na64.daq.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.HelloFlyweight;
import na64.daq.protocol.ProtocolError;
import na64.daq.testkit.FrontEndClient;

/**
 * Acceptance 3, connections, over real sockets: an unknown source id, a second connection for a
 * live source and a fragment before HELLO are each refused with an ERROR frame and a close, and
 * counted, while the five configured sources send a whole spill concurrently and all of it reaches
 * the ring.
 */
class ConnectionRefusalTest {
    private static final int EVENTS = 20;

    @AutoClose
    private final IngestRig rig = IngestRig.started();

    @Test
    void unknownSourceIdIsRefusedWithAnErrorFrameAndClosed() throws Exception {
        rig.sendWholeSpills(EVENTS, IngestRig.ALL_SOURCES);
        try (FrontEndClient stranger = FrontEndClient.connect(rig.address(), 77)) {
            stranger.send(new FrameEncoder().hello(77, HelloFlyweight.BOARD_MSADC, 8, "SPARE"));

            FrontEndClient.Reply reply = stranger.readReply();
            assertThat(reply.type()).isEqualTo(FrameHeader.TYPE_ERROR);
            assertThat(reply.reason()).contains("unknown_source").contains("77");
            assertThat(stranger.closedByService()).isTrue();
        }
        assertThat(rig.errors(77, ProtocolError.UNKNOWN_SOURCE)).as("in the unattributed bucket").isEqualTo(1);
        assertConfiguredSourcesSentWholeSpills();
    }

    @Test
    void secondConnectionForALiveSourceIsRefusedAndTheFirstKeepsWorking() throws Exception {
        rig.sendWholeSpills(EVENTS, 1, 2, 4, 5);
        try (FrontEndClient first = FrontEndClient.connect(rig.address(), 3)) {
            first.hello().beginOfSpill().fragments(1, 10);
            try (FrontEndClient second = FrontEndClient.connect(rig.address(), 3)) {
                second.hello();

                FrontEndClient.Reply reply = second.readReply();
                assertThat(reply.type()).isEqualTo(FrameHeader.TYPE_ERROR);
                assertThat(reply.reason()).contains("source_already_connected").contains("3");
                assertThat(second.closedByService()).isTrue();
            }
            first.fragments(11, EVENTS).endOfSpill(EVENTS);
            assertConfiguredSourcesSentWholeSpills();
            assertThat(first.stillOpen()).as("the first connection is still open").isTrue();
        }
        assertThat(rig.errors(0, ProtocolError.SOURCE_ALREADY_CONNECTED)).as("before its HELLO was accepted").isEqualTo(1);
        assertThat(rig.counters().connections[rig.counters().indexOf(3)].get()).isEqualTo(1);
    }

    @Test
    void fragmentBeforeHelloIsRefusedWithAnErrorFrameAndClosed() throws Exception {
        rig.sendWholeSpills(EVENTS, IngestRig.ALL_SOURCES);
        try (FrontEndClient rude = FrontEndClient.connect(rig.address(), 2)) {
            rude.send(rude.fragmentFrame(1));

            FrontEndClient.Reply reply = rude.readReply();
            assertThat(reply.type()).isEqualTo(FrameHeader.TYPE_ERROR);
            assertThat(reply.reason()).contains("no_hello").contains("FRAGMENT before HELLO");
            assertThat(rude.closedByService()).isTrue();
        }
        assertThat(rig.errors(0, ProtocolError.NO_HELLO)).as("in the unattributed bucket").isEqualTo(1);
        assertConfiguredSourcesSentWholeSpills();
        assertThat(rig.recorder.events(2)).as("the refused fragment never reached the ring").hasSize(EVENTS);
    }

    private void assertConfiguredSourcesSentWholeSpills() throws Exception {
        for (int src : IngestRig.ALL_SOURCES) {
            rig.drainUntilEndOfSpill(src);
        }
        rig.awaitGoodSources();
        for (int src : IngestRig.ALL_SOURCES) {
            assertThat(rig.recorder.events(src)).as("fragments of source " + src).hasSize(EVENTS);
            assertThat(rig.errorsOf(src)).as("protocol errors of source " + src).isZero();
        }
    }
}
