package na64.daq.trigger;

import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;

/** Builds FRAGMENT payloads for the tests with the protocol's own encoder. */
final class Fragments {
    private Fragments() {
    }

    /** A WAVEFORM fragment; each row is {channel, sample0, sample1, ...}, all rows the same length. */
    static FragmentFlyweight waveform(int source, long event, int triggerType, int[]... channels) {
        return waveformInSpill(source, 1, event, triggerType, channels);
    }

    /** As {@link #waveform} in spill {@code spill} of run 1. */
    static FragmentFlyweight waveformInSpill(int source, long spill, long event, int triggerType, int[]... channels) {
        int samples = channels.length == 0 ? 32 : channels[0].length - 1;
        FrameEncoder enc = new FrameEncoder().begin(FrameHeader.TYPE_FRAGMENT, source)
                .putFragmentHeader(1, spill, event, 0, 1000 * event, triggerType,
                        FragmentFlyweight.ENCODING_WAVEFORM, samples, channels.length);
        for (int[] row : channels) {
            for (int v : row) {
                enc.putU16(v);
            }
        }
        return wrap(enc.toFrame());
    }

    /** A PEAK fragment from {channel, amplitude} pairs. */
    static FragmentFlyweight peak(int source, long event, int triggerType, int... channelAmplitude) {
        FrameEncoder enc = new FrameEncoder().begin(FrameHeader.TYPE_FRAGMENT, source)
                .putFragmentHeader(1, 1, event, 0, 1000 * event, triggerType,
                        FragmentFlyweight.ENCODING_PEAK, 0, channelAmplitude.length / 2);
        for (int i = 0; i < channelAmplitude.length; i += 2) {
            enc.putU16(channelAmplitude[i]).putU16(channelAmplitude[i + 1]).putU16(50);
        }
        return wrap(enc.toFrame());
    }

    /** One waveform row: {@code samples} samples at {@code pedestal}, with {@code peak} at sample 10. */
    static int[] pulse(int channel, int samples, int pedestal, int peak) {
        int[] row = new int[samples + 1];
        row[0] = channel;
        for (int s = 0; s < samples; s++) {
            row[s + 1] = pedestal;
        }
        row[1 + Math.min(10, samples - 1)] = peak;
        return row;
    }

    private static FragmentFlyweight wrap(byte[] frame) {
        FragmentFlyweight f = new FragmentFlyweight().wrap(frame, FrameHeader.LENGTH, frame.length - FrameHeader.LENGTH);
        String problem = f.validate();
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        return f;
    }
}
