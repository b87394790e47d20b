package na64.daq.emulator;

import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.LittleEndian;

/**
 * One digitizer board: turns the energies of its channels into channel records (spec §4). The
 * pulse's peak amplitude above pedestal is E / c counts, so the service's reconstruction
 * (spec §7) gives back the deposited energy up to noise and the threshold.
 *
 * <ul>
 *   <li>WAVEFORM: 32 samples of 12.5 ns. The pulse is (t/τ)³ e^(3(1 − t/τ)), τ = 100 ns, starting at
 *       sample 6 so the first samples hold the bare pedestal, and peaking exactly on sample 14
 *       (the sampling clock is locked to the trigger). Each channel has a fixed pedestal in
 *       [380, 420] counts and Gaussian noise of 1.0 to 1.6 counts; samples clip to 0..4095, and a
 *       clipped sample sets the fragment's saturation flag.</li>
 *   <li>PEAK: amplitude above pedestal with the same noise, clipped where the waveform would be;
 *       peak time 175 ns with 1.5 ns jitter.</li>
 *   <li>Zero suppression drops a channel whose amplitude, computed exactly as the service does,
 *       is below the configured threshold, so the reconstructed energies do not change.</li>
 * </ul>
 * Single-threaded; keeps its scratch buffers.
 */
final class ChannelDigitizer {
    static final int SAMPLES = 32;
    static final int PULSE_START_SAMPLE = 6;
    static final double PULSE_TAU_SAMPLES = 8;
    static final int PEAK_SAMPLE = 14;
    static final int PEAK_TIME_NS = 175;
    static final int ADC_MAX = 4095;
    private static final double[] SHAPE = pulseShape();

    private final int[] channels;
    private final double[] calibration;
    private final double[] pedestal;
    private final double[] noise;
    private final Encoding encoding;
    private final boolean zeroSuppression;
    private final int threshold;
    private final int pedestalSamples;
    /** One WAVEFORM channel record (channel, then the samples), built here and appended in one copy. */
    private final byte[] record = new byte[FragmentFlyweight.waveformRecordLength(SAMPLES)];
    private boolean saturated;

    ChannelDigitizer(int sourceId, double[] calibration, Encoding encoding, boolean zeroSuppression, int threshold,
                     int pedestalSamples) {
        this.channels = ReferenceSetup.connectedChannels(sourceId);
        this.calibration = calibration;
        this.encoding = encoding;
        this.zeroSuppression = zeroSuppression;
        this.threshold = threshold;
        this.pedestalSamples = Math.max(1, Math.min(pedestalSamples, SAMPLES));
        this.pedestal = new double[calibration.length];
        this.noise = new double[calibration.length];
        for (int ch = 0; ch < calibration.length; ch++) {
            // Hardware constants: fixed per (board, channel), independent of the seed.
            long h = Rng.mix(sourceId * 65536L + ch + 0x5045444553L);
            pedestal[ch] = 380 + 40 * ((h >>> 11) * 0x1.0p-53);
            noise[ch] = 1.0 + 0.6 * ((Rng.mix(h) >>> 11) * 0x1.0p-53);
        }
    }

    /** Samples per channel record for this board's encoding (0 for PEAK). */
    int samplesPerChannel() {
        return encoding == Encoding.WAVEFORM ? SAMPLES : 0;
    }

    /**
     * Appends the channel records for {@code energies} (MeV per channel slot) to {@code out} and
     * returns how many it wrote; {@link #saturated()} then tells whether any clipped.
     */
    int encode(FrameEncoder out, double[] energies, Rng rng) {
        saturated = false;
        int written = 0;
        for (int ch : channels) {
            double amplitude = energies[ch] / calibration[ch];
            boolean keep = encoding == Encoding.WAVEFORM
                    ? waveform(out, ch, amplitude, rng)
                    : peak(out, ch, amplitude, rng);
            if (keep) {
                written++;
            }
        }
        return written;
    }

    /** Whether the last {@link #encode} clipped a channel. */
    boolean saturated() {
        return saturated;
    }

    private boolean waveform(FrameEncoder out, int ch, double amplitude, Rng rng) {
        double ped = pedestal[ch];
        double sigma = noise[ch];
        int max = 0;
        int pedSum = 0;
        byte[] rec = record;
        LittleEndian.putU16(rec, FragmentFlyweight.RECORD_CHANNEL_OFFSET, ch);
        // Most channels see nothing: skip the pulse arithmetic for them.
        boolean lit = amplitude != 0;
        for (int s = 0; s < SAMPLES; s++) {
            double v = ped + sigma * rng.tableNormal();
            if (lit) {
                v += amplitude * SHAPE[s];
            }
            int iv = (int) Math.floor(v + 0.5);
            if (iv > ADC_MAX) {
                iv = ADC_MAX;
                saturated = true;
            } else if (iv < 0) {
                iv = 0;
            }
            LittleEndian.putU16(rec, FragmentFlyweight.WAVEFORM_SAMPLES_OFFSET + FragmentFlyweight.SAMPLE_LENGTH * s, iv);
            if (iv > max) {
                max = iv;
            }
            if (s < pedestalSamples) {
                pedSum += iv;
            }
        }
        if (zeroSuppression && max - (double) pedSum / pedestalSamples < threshold) {
            return false;
        }
        out.putBytes(rec, 0, rec.length);
        return true;
    }

    private boolean peak(FrameEncoder out, int ch, double amplitude, Rng rng) {
        double ped = pedestal[ch];
        long headroom = ADC_MAX - Math.round(ped);
        long a = Math.round(amplitude + noise[ch] * rng.tableNormal());
        if (a > headroom) {
            a = headroom;
            saturated = true;
        } else if (a < 0) {
            a = 0;
        }
        long time = Math.max(0, Math.round(PEAK_TIME_NS + 1.5 * rng.tableNormal()));
        if (zeroSuppression && a < threshold) {
            return false;
        }
        out.putPeakRecord(ch, (int) a, (int) time);
        return true;
    }

    private static double[] pulseShape() {
        double[] s = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            double t = (i - PULSE_START_SAMPLE) / PULSE_TAU_SAMPLES;
            s[i] = t <= 0 ? 0 : t * t * t * Math.exp(3 * (1 - t));
        }
        return s;
    }
}
