package na64.daq.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.ProtocolError;
import na64.daq.testkit.FrontEndFrames;
import na64.daq.testkit.ManualClock;

/**
 * Backpressure on one connection ({@link FlowControl}) on an {@link EmbeddedChannel}, with a ring of
 * 64 entries that only the test drains: a frame without room is held in the buffer, reading stops
 * once the cap is buffered, the retry timer (advanced by hand) delivers everything in order once
 * the ring has room (or another connection makes progress), and a peer that closes while held
 * still gets its frames delivered first.
 */
class FlowControlTest {
    private static final int SOURCE = 3;
    private static final int RING = 64;

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final IngestRig rig = new IngestRig(RING, clock);
    private final FrontEndFrames frames = new FrontEndFrames(SOURCE);
    private EmbeddedChannel ch;
    private FlowControl flow;

    @BeforeEach
    void connect() {
        ch = rig.connection();
        flow = ch.pipeline().get(FlowControl.class);
        write(frames.hello());
        write(frames.beginOfSpill());
    }

    @AfterEach
    void close() {
        if (other != null) {
            other.finishAndReleaseAll();
        }
        ch.finishAndReleaseAll();
        rig.close();
    }

    private void write(byte[] bytes) {
        IngestRig.feed(ch, bytes);
    }

    private byte[] fragments(long first, long last) {
        return IngestRig.fragments(frames, first, last);
    }

    /** Drains the ring, then lets the retry timer fire once. */
    private void drainAndRetry() {
        rig.recorder.drain();
        clock.advanceMillis(1);
        ch.advanceTimeBy(HeldConnections.RETRY_MICROS, TimeUnit.MICROSECONDS);
        ch.runScheduledPendingTasks();
    }

    /**
     * Source 4 delivers fragment {@code event} on a connection of its own: held connections retry at
     * once. (A closed embedded channel runs no timers, so this is how a closed one is retried here.)
     */
    private void progressOnAnotherConnection(long event) {
        if (other == null) {
            other = rig.connection();
            other.writeInbound(Unpooled.wrappedBuffer(otherFrames.hello()));
        }
        other.writeInbound(Unpooled.wrappedBuffer(otherFrames.fragment(event)));
    }

    private final FrontEndFrames otherFrames = new FrontEndFrames(4);
    private EmbeddedChannel other;

    @Test
    void aFullRingHoldsTheFrameAndARetryDeliversEverythingInOrder() {
        write(fragments(1, 100)); // BEGIN + 63 fragments fit

        assertThat(flow.state()).isEqualTo(FlowControl.State.HELD);
        assertThat(rig.server.ringFullRefusals()).isPositive();
        rig.recorder.drain();
        assertThat(rig.recorder.events(SOURCE)).hasSize(RING - 1);

        drainAndRetry();
        rig.recorder.drain();

        assertThat(flow.state()).isEqualTo(FlowControl.State.FLOWING);
        assertThat(rig.recorder.events(SOURCE)).containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
        assertThat(rig.counters().backpressureNanos[rig.counters().indexOf(SOURCE)].get())
                .as("held from the refusal to the retry that got through").isEqualTo(1_000_000L);
        assertThat(rig.errorsOf(SOURCE)).isZero();
    }

    @Test
    void aRetryWithoutRoomKeepsHoldingAndNothingIsDecodedMeanwhile() {
        write(fragments(1, 100));
        write(fragments(101, 110)); // arrives while held: buffered, not decoded

        ch.advanceTimeBy(HeldConnections.RETRY_MICROS, TimeUnit.MICROSECONDS);
        ch.runScheduledPendingTasks(); // nobody drained: still no room

        assertThat(flow.state()).isEqualTo(FlowControl.State.HELD);
        assertThat(rig.recorder.drain()).isEqualTo(RING);
        for (int i = 0; i < 3 && flow.state() != FlowControl.State.FLOWING; i++) {
            drainAndRetry();
        }
        rig.recorder.drain();
        assertThat(rig.recorder.events(SOURCE)).containsExactlyElementsOf(LongStream.rangeClosed(1, 110).boxed().toList());
    }

    @Test
    void readingStopsOnceTheCapIsBufferedAndStartsAgainWhenTheHoldEnds() {
        write(fragments(1, 100));
        byte[] big = new byte[FrameHeader.LENGTH + FrameHeader.MAX_PAYLOAD]; // legal length, malformed HEARTBEAT
        FrameHeader.write(big, 0, FrameHeader.TYPE_HEARTBEAT, SOURCE, FrameHeader.MAX_PAYLOAD, 0);
        write(big);
        assertThat(flow.state()).isEqualTo(FlowControl.State.HELD);
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.advanceTimeBy(HeldConnections.RETRY_MICROS, TimeUnit.MICROSECONDS);
        ch.runScheduledPendingTasks(); // a retry without room: the bytes read while held still count

        write(big); // 2 MiB read while held: the kernel is to hold the rest

        assertThat(flow.state()).isEqualTo(FlowControl.State.STOPPED);
        assertThat(ch.config().isAutoRead()).isFalse();
        for (int i = 0; i < 3 && flow.state() != FlowControl.State.FLOWING; i++) {
            drainAndRetry();
        }
        assertThat(flow.state()).isEqualTo(FlowControl.State.FLOWING);
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(rig.errors(SOURCE, ProtocolError.MALFORMED_PAYLOAD)).isEqualTo(2);
    }

    @Test
    void aPeerThatClosesWhileHeldHasItsFramesDeliveredThenItsCutFrameCounted() {
        byte[] stream = fragments(1, 100);
        write(Arrays.copyOf(stream, stream.length - 7)); // event 100 cut by the close

        ch.close();

        assertThat(flow.state()).isEqualTo(FlowControl.State.CLOSING);
        assertThat(rig.counters().connected[rig.counters().indexOf(SOURCE)].get()).as("not forgotten yet").isEqualTo(1);
        assertThat(rig.errors(SOURCE, ProtocolError.TRUNCATED_FRAME)).isZero();
        for (long e = 1; e <= 3 && flow.state() != FlowControl.State.CLOSED; e++) {
            rig.recorder.drain();
            progressOnAnotherConnection(e);
        }
        rig.recorder.drain();

        assertThat(flow.state()).isEqualTo(FlowControl.State.CLOSED);
        assertThat(rig.recorder.events(SOURCE)).containsExactlyElementsOf(LongStream.rangeClosed(1, 99).boxed().toList());
        assertThat(rig.recorder.of(SOURCE).get(rig.recorder.of(SOURCE).size() - 1).kind()).isEqualTo(IngestEntry.PROTOCOL_ERROR);
        assertThat(rig.errors(SOURCE, ProtocolError.TRUNCATED_FRAME)).isEqualTo(1);
        assertThat(rig.counters().connected[rig.counters().indexOf(SOURCE)].get()).isZero();
    }

    @Test
    void aCutFrameFindingTheRingFullWaitsForRoomToBeReported() {
        byte[] stream = fragments(1, RING - 1); // with BEGIN: exactly fills the ring
        write(stream);
        write(Arrays.copyOf(frames.fragment(RING), 10));
        assertThat(flow.state()).isEqualTo(FlowControl.State.FLOWING);

        ch.close();

        assertThat(flow.state()).isEqualTo(FlowControl.State.CLOSING);
        rig.recorder.drain();
        progressOnAnotherConnection(1);
        assertThat(flow.state()).isEqualTo(FlowControl.State.CLOSED);
        assertThat(rig.errors(SOURCE, ProtocolError.TRUNCATED_FRAME)).isEqualTo(1);
    }

    @Test
    void aConnectionTheServiceClosesWhileHeldDropsWhatItBuffered() {
        write(fragments(1, 100));

        ch.pipeline().get(ConnectionWatch.class).close(ConnectionClosure.IDLE_TIMEOUT, "test");
        drainAndRetry();
        rig.recorder.drain();

        assertThat(flow.discarding()).isTrue();
        assertThat(rig.recorder.events(SOURCE)).as("only what was decoded before").hasSize(RING - 1);
        assertThat(ch.isOpen()).isFalse();
        assertThat(rig.errors(SOURCE, ProtocolError.TRUNCATED_FRAME)).isZero();
    }
}
