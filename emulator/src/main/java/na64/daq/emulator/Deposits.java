package na64.daq.emulator;

import java.util.Arrays;

/**
 * Energy seen by every channel in one trigger, in MeV on each channel's calibration scale (a
 * beam counter's "MeV" is one ADC count). Filled by {@link ShowerModel}, read by
 * {@link ChannelDigitizer}; reused from trigger to trigger.
 */
final class Deposits {
    final double[] ps = new double[ReferenceSetup.channelSlots(ReferenceSetup.ECAL_PS)];
    final double[] main = new double[ReferenceSetup.channelSlots(ReferenceSetup.ECAL_MAIN)];
    final double[] hcal = new double[ReferenceSetup.channelSlots(ReferenceSetup.HCAL)];
    final double[] vetoSrd = new double[ReferenceSetup.channelSlots(ReferenceSetup.VETO_SRD)];

    void clear() {
        Arrays.fill(ps, 0);
        Arrays.fill(main, 0);
        Arrays.fill(hcal, 0);
        Arrays.fill(vetoSrd, 0);
    }

    /** The per-channel array of digitizer {@code sourceId}. */
    double[] of(int sourceId) {
        return switch (sourceId) {
            case ReferenceSetup.ECAL_PS -> ps;
            case ReferenceSetup.ECAL_MAIN -> main;
            case ReferenceSetup.HCAL -> hcal;
            case ReferenceSetup.VETO_SRD -> vetoSrd;
            default -> throw new IllegalArgumentException("source " + sourceId + " has no channels");
        };
    }

    static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }
}
