package na64.daq.emulator;

import na64.daq.testkit.TestConfigs;

import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChannelDigitizerTest {
    private static final int SOURCE = ReferenceSetup.ECAL_MAIN;
    private static final int CHANNEL = ReferenceSetup.ecalChannel(2, 2);

    /** Encodes one fragment of ECAL-MAIN with {@code mev} in the central cell; returns a flyweight over it. */
    private static FragmentFlyweight encode(ChannelDigitizer d, double mev, Rng rng, boolean[] saturated) {
        double[] e = new double[36];
        e[CHANNEL] = mev;
        FrameEncoder enc = new FrameEncoder();
        int samples = d.samplesPerChannel();
        enc.begin(FrameHeader.TYPE_FRAGMENT, SOURCE).putFragmentHeader(1, 1, 1, 0, 0, 1,
                samples > 0 ? FragmentFlyweight.ENCODING_WAVEFORM : FragmentFlyweight.ENCODING_PEAK, samples, 0);
        int n = d.encode(enc, e, rng);
        saturated[0] = d.saturated();
        na64.daq.protocol.LittleEndian.putU16(enc.buffer(), FrameHeader.LENGTH + 28, n);
        byte[] frame = enc.toFrame();
        FragmentFlyweight f = new FragmentFlyweight().wrap(frame, FrameHeader.LENGTH, frame.length - FrameHeader.LENGTH);
        assertThat(f.validate()).isNull();
        return f;
    }

    private static int recordOf(FragmentFlyweight f, int channel) {
        for (int r = 0; r < f.channelCount(); r++) {
            if (f.channel(r) == channel) {
                return r;
            }
        }
        return -1;
    }

    @Test
    void theWaveformPeaksOnSample14AtEnergyOverCalibrationAbovePedestal() {
        ChannelDigitizer d = new ChannelDigitizer(SOURCE, ReferenceSetup.calibrations(TestConfigs.reference(), SOURCE),
                Encoding.WAVEFORM, false, 8, 4);
        Rng rng = new Rng(1);
        boolean[] sat = new boolean[1];
        double sum = 0;
        int trials = 400;
        for (int t = 0; t < trials; t++) {
            FragmentFlyweight f = encode(d, 25_000, rng, sat); // 1000 counts at 25 MeV per count
            assertThat(f.channelCount()).isEqualTo(36);
            int r = recordOf(f, CHANNEL);
            int max = 0;
            int argMax = -1;
            double ped = 0;
            for (int s = 0; s < 32; s++) {
                int v = f.sample(r, s);
                if (v > max) {
                    max = v;
                    argMax = s;
                }
                if (s < 4) {
                    ped += v / 4.0;
                }
            }
            assertThat(ped).isBetween(375.0, 425.0);
            assertThat(argMax).isBetween(13, 15);
            sum += max - ped;
            assertThat(sat[0]).isFalse();
        }
        // The service's amplitude (max minus the mean of the first four samples) is E / c, up to the noise.
        assertThat(sum / trials).isCloseTo(1000, within(2.5));
    }

    @Test
    void peakEncodingCarriesTheAmplitudeAndZeroSuppressionDropsQuietChannels() {
        ChannelDigitizer d = new ChannelDigitizer(SOURCE, ReferenceSetup.calibrations(TestConfigs.reference(), SOURCE),
                Encoding.PEAK, true, 8, 4);
        Rng rng = new Rng(2);
        boolean[] sat = new boolean[1];
        double sum = 0;
        for (int t = 0; t < 400; t++) {
            FragmentFlyweight f = encode(d, 2_500, rng, sat); // 100 counts
            assertThat(f.channelCount()).as("only the lit channel survives zero suppression").isEqualTo(1);
            assertThat(f.channel(0)).isEqualTo(CHANNEL);
            assertThat(f.peakTime(0)).isBetween(165, 185);
            sum += f.peakAmplitude(0);
        }
        assertThat(sum / 400).isCloseTo(100, within(0.3));
    }

    @Test
    void anOverflowingPulseClipsAt4095AndSetsTheSaturationFlag() {
        for (Encoding e : Encoding.values()) {
            ChannelDigitizer d = new ChannelDigitizer(SOURCE, ReferenceSetup.calibrations(TestConfigs.reference(), SOURCE),
                    e, false, 8, 4);
            boolean[] sat = new boolean[1];
            FragmentFlyweight f = encode(d, 250_000, new Rng(3), sat); // 10000 counts: far over 12 bits
            assertThat(sat[0]).isTrue();
            int r = recordOf(f, CHANNEL);
            if (e == Encoding.WAVEFORM) {
                assertThat(f.sample(r, ChannelDigitizer.PEAK_SAMPLE)).isEqualTo(4095);
            } else {
                assertThat(f.peakAmplitude(r)).isBetween(4095 - 425, 4095 - 375);
            }
        }
    }
}
