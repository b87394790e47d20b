package na64.daq.builder;

import na64.daq.testkit.TestIntake;
import na64.daq.pipeline.FragmentArenas;
import na64.daq.pipeline.IngestEntry;

import java.util.Arrays;

import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;

/** Builds FRAGMENT payloads (spec §4) with the protocol's own encoder, for feeding the builder by hand. */
final class TestFragments {
    static final int TRIGGER = 1;
    static final int ECAL_PS = 2;
    static final int ECAL_MAIN = 3;
    static final int HCAL = 4;
    static final int VETO_SRD = 5;
    static final int[] ALL_SOURCES = {TRIGGER, ECAL_PS, ECAL_MAIN, HCAL, VETO_SRD};

    private TestFragments() {
    }

    /**
     * Fills a ring entry as ingest would: a FRAGMENT through the intake (copied into its source's
     * arena, checked, reconstructed), a spill marker copied into the entry.
     */
    static void fill(IngestEntry e, TestIntake intake, FragmentArenas arenas, int kind, int source, byte[] payload) {
        if (kind == IngestEntry.FRAGMENT) {
            String bad = intake.intake(e, arenas.forSource(source), payload, 0, payload.length);
            if (bad != null) {
                throw new IllegalArgumentException(bad);
            }
            return;
        }
        System.arraycopy(payload, 0, e.ensureCapacity(payload.length), 0, payload.length);
        e.kind = kind;
        e.sourceId = source;
        e.length = payload.length;
    }

    /** Publishes one entry into the pipeline's ring as ingest would, stamped at time 0. */
    static void publish(BuilderPipeline pipeline, TestIntake intake, int kind, int source, byte[] payload) {
        com.lmax.disruptor.RingBuffer<IngestEntry> ring = pipeline.ring();
        long seq = ring.next();
        try {
            IngestEntry e = ring.get(seq);
            fill(e, intake, pipeline.arenas(), kind, source, payload);
            e.receivedNanos = 0;
            e.readNanos = 0;
        } finally {
            ring.publish(seq);
        }
    }

    /** A PEAK fragment of {@code source} with {channel, amplitude} pairs; the trigger unit's carries no channels. */
    static byte[] fragment(int source, long run, long spill, long event, int triggerType, long triggerTimeNs,
                           int... channelAmplitude) {
        int channels = channelAmplitude.length / 2;
        FrameEncoder enc = new FrameEncoder().begin(FrameHeader.TYPE_FRAGMENT, source)
                .putFragmentHeader(run, spill, event, 0, triggerTimeNs, triggerType,
                        FragmentFlyweight.ENCODING_PEAK, 0, channels);
        for (int i = 0; i < channelAmplitude.length; i += 2) {
            enc.putU16(channelAmplitude[i]).putU16(channelAmplitude[i + 1]).putU16(100);
        }
        byte[] frame = enc.toFrame();
        byte[] payload = Arrays.copyOfRange(frame, FrameHeader.LENGTH, frame.length);
        String problem = new FragmentFlyweight().wrap(payload, 0, payload.length).validate();
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        return payload;
    }

    /** The payload of a BEGIN_OF_SPILL frame. */
    static byte[] beginOfSpill(int source, long run, long spill) {
        return payloadOf(new FrameEncoder().beginOfSpill(source, run, spill, 1_700_000_000_000_000_000L));
    }

    /** The payload of an END_OF_SPILL frame; scalers as {id, value} pairs. */
    static byte[] endOfSpill(int source, long run, long spill, long triggers, long[]... scalers) {
        return payloadOf(new FrameEncoder().endOfSpill(source, run, spill, triggers, scalers));
    }

    private static byte[] payloadOf(byte[] frame) {
        return Arrays.copyOfRange(frame, FrameHeader.LENGTH, frame.length);
    }
}
