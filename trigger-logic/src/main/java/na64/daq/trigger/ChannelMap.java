package na64.daq.trigger;

import na64.daq.config.RunConfig;
import na64.daq.config.RunConfig.ChannelRange;
import na64.daq.config.RunConfig.Detector;

import java.util.Arrays;

/**
 * The run configuration's channel map (spec §7) compiled into flat arrays, built once: a lookup of
 * (source, channel) to detector index and calibration constant costs two array reads and no
 * allocation. Detector indices are the ordinals of {@link Detector}, also given here as constants
 * so they can be switched on.
 *
 * <p>Layout: each mapped source owns a window {@code [base[source], base[source] + width[source])}
 * of the flat {@code detector}/{@code calibration} arrays, indexed by channel number; the window
 * runs from channel 0 to the highest mapped channel, so unmapped holes hold {@link #UNMAPPED}.
 */
public final class ChannelMap {
    /** Detector index of an unmapped channel. */
    public static final int UNMAPPED = -1;
    public static final int ECAL_PS = 0;
    public static final int ECAL_MAIN = 1;
    public static final int HCAL = 2;
    public static final int VETO = 3;
    public static final int SRD = 4;
    public static final int BEAM = 5;

    static {
        // The switch-able constants must stay in step with the config enum.
        if (Detector.ECAL_PS.ordinal() != ECAL_PS || Detector.ECAL_MAIN.ordinal() != ECAL_MAIN
                || Detector.HCAL.ordinal() != HCAL || Detector.VETO.ordinal() != VETO
                || Detector.SRD.ordinal() != SRD || Detector.BEAM.ordinal() != BEAM) {
            throw new ExceptionInInitializerError("ChannelMap detector constants out of step with RunConfig.Detector");
        }
    }

    private static final int MAX_CHANNEL = 0xFFFF;

    private final int[] base;
    private final int[] width;
    private final byte[] detector;
    private final double[] calibration;

    /**
     * Compiles {@code config.channelMap()}. Fails with {@link IllegalArgumentException} on a range
     * that is out of bounds, overlaps another, has a per-channel calibration list of the wrong
     * length, or is a VETO range with an odd number of channels (a veto counter is a PMT pair).
     */
    public ChannelMap(RunConfig config) {
        int maxSource = 0;
        for (ChannelRange r : config.channelMap()) {
            check(r);
            maxSource = Math.max(maxSource, r.source());
        }
        base = new int[maxSource + 1];
        width = new int[maxSource + 1];
        for (ChannelRange r : config.channelMap()) {
            width[r.source()] = Math.max(width[r.source()], r.first() + r.count());
        }
        int total = 0;
        for (int s = 0; s <= maxSource; s++) {
            base[s] = total;
            total += width[s];
        }
        detector = new byte[total];
        calibration = new double[total];
        Arrays.fill(detector, (byte) UNMAPPED);
        for (ChannelRange r : config.channelMap()) {
            for (int ch = r.first(); ch < r.first() + r.count(); ch++) {
                int i = base[r.source()] + ch;
                if (detector[i] != UNMAPPED) {
                    throw new IllegalArgumentException("channel map: source " + r.source() + " channel " + ch
                            + " is mapped twice");
                }
                detector[i] = (byte) r.detector().ordinal();
                calibration[i] = r.calibrationOf(ch);
            }
        }
    }

    private static void check(ChannelRange r) {
        String what = "channel map range (source " + r.source() + ", first " + r.first() + ", count " + r.count() + ")";
        if (r.detector() == null) {
            throw new IllegalArgumentException(what + ": no detector");
        }
        if (r.source() < 1 || r.source() > 65534) {
            throw new IllegalArgumentException(what + ": source id must be 1..65534");
        }
        if (r.first() < 0 || r.count() < 1 || (long) r.first() + r.count() - 1 > MAX_CHANNEL) {
            throw new IllegalArgumentException(what + ": channels must lie in 0..65535 and count be >= 1");
        }
        if (r.calibrations() != null && !r.calibrations().isEmpty() && r.calibrations().size() != r.count()) {
            throw new IllegalArgumentException(what + ": " + r.calibrations().size()
                    + " per-channel calibrations for " + r.count() + " channels");
        }
        if (r.detector() == Detector.VETO && r.count() % 2 != 0) {
            throw new IllegalArgumentException(what + ": a VETO range must hold whole PMT pairs (even count)");
        }
    }

    /** Detector index of (source, channel), or {@link #UNMAPPED}. */
    public int detectorOf(int source, int channel) {
        int i = indexOf(source, channel);
        return i < 0 ? UNMAPPED : detector[i];
    }

    /** Calibration in MeV per ADC count of (source, channel); 0 if unmapped. */
    public double calibrationOf(int source, int channel) {
        int i = indexOf(source, channel);
        return i < 0 ? 0.0 : calibration[i];
    }

    /** True if any channel of {@code source} is mapped. */
    public boolean hasSource(int source) {
        return source >= 0 && source < width.length && width[source] > 0;
    }

    /** Flat index of (source, channel), or -1 if unmapped. */
    int indexOf(int source, int channel) {
        if (source < 0 || source >= width.length || channel < 0 || channel >= width[source]) {
            return -1;
        }
        int i = base[source] + channel;
        return detector[i] == UNMAPPED ? -1 : i;
    }

    /** Start of {@code source}'s window in the flat arrays; only meaningful if {@link #windowOf} is > 0. */
    int baseOf(int source) {
        return source >= 0 && source < base.length ? base[source] : 0;
    }

    /** Number of channel slots (0 .. highest mapped channel) of {@code source}; 0 if none mapped. */
    int windowOf(int source) {
        return source >= 0 && source < width.length ? width[source] : 0;
    }

    /** Detector index at flat index {@code i} (may be {@link #UNMAPPED}). */
    int detectorAt(int i) {
        return detector[i];
    }

    /** Calibration at flat index {@code i}. */
    double calibrationAt(int i) {
        return calibration[i];
    }
}
