package na64.daq.emulator;

import na64.daq.config.RunConfig;
import na64.daq.protocol.HelloFlyweight;

/**
 * The reference setup of spec appendix A, which is the detector the emulator models: source ids,
 * channel numbering and the nominal calibrations. Calibrations actually used come from the run
 * configuration's channel map, so that the service, reconstructing with the same map, gets back
 * the energy the emulator deposited; a channel the map leaves out falls back to appendix A.
 */
public final class ReferenceSetup {
    /** The trigger unit. */
    public static final int TRIGGER = 1;
    /** ECAL preshower: cell (x, y), x, y in 0..5, on channel 6x + y. */
    public static final int ECAL_PS = 2;
    /** ECAL main section: cell (x, y) on channel 6x + y. */
    public static final int ECAL_MAIN = 3;
    /** HCAL: module m in 0..3, cell (x, y) in 0..2, on channel 9m + 3x + y. */
    public static final int HCAL = 4;
    /** Veto counters k (PMT j on channel 2k + j), SRD modules s (channel 8 + s), beam counters (16..18). */
    public static final int VETO_SRD = 5;
    /** All five source ids, in the order the emulator generates them. */
    public static final int[] SOURCE_IDS = {TRIGGER, ECAL_PS, ECAL_MAIN, HCAL, VETO_SRD};

    public static final int ECAL_SIZE = 6;
    public static final int HCAL_MODULES = 4;
    public static final int HCAL_SIZE = 3;
    public static final int VETO_COUNTERS = 3;
    public static final int SRD_MODULES = 3;
    public static final int BEAM_COUNTERS = 3;
    /** Highest channel number + 1 of the VETO-SRD board (HELLO announces 19 channels). */
    public static final int VETO_SRD_WIDTH = 19;

    /** Nominal calibrations of appendix A, MeV per ADC count. */
    public static final double C_PS = 5;
    public static final double C_MAIN = 25;
    public static final double C_HCAL = 12;
    public static final double C_VETO = 0.01;
    public static final double C_SRD = 0.05;
    /** Beam counters are not calibrated to energy; one "MeV" is one count. */
    public static final double C_BEAM = 1;

    private static final int[] VETO_SRD_CHANNELS = {0, 1, 2, 3, 4, 5, 8, 9, 10, 16, 17, 18};
    private static final int[] THIRTY_SIX = range(36);

    private ReferenceSetup() {
    }

    public static int ecalChannel(int x, int y) {
        return ECAL_SIZE * x + y;
    }

    public static int hcalChannel(int module, int x, int y) {
        return 9 * module + HCAL_SIZE * x + y;
    }

    public static int vetoChannel(int counter, int pmt) {
        return 2 * counter + pmt;
    }

    public static int srdChannel(int module) {
        return 8 + module;
    }

    public static int beamChannel(int counter) {
        return 16 + counter;
    }

    /** Channels of {@code sourceId} that are cabled to a detector, ascending (empty for the trigger unit). */
    public static int[] connectedChannels(int sourceId) {
        return switch (sourceId) {
            case TRIGGER -> new int[0];
            case ECAL_PS, ECAL_MAIN, HCAL -> THIRTY_SIX.clone();
            case VETO_SRD -> VETO_SRD_CHANNELS.clone();
            default -> throw new IllegalArgumentException("source " + sourceId + " is not in the reference setup");
        };
    }

    /** Size of a per-channel array for {@code sourceId}: highest connected channel + 1. */
    public static int channelSlots(int sourceId) {
        return switch (sourceId) {
            case TRIGGER -> 0;
            case VETO_SRD -> VETO_SRD_WIDTH;
            default -> 36;
        };
    }

    /** The appendix-A calibration of (source, channel). */
    public static double nominalCalibration(int sourceId, int channel) {
        return switch (sourceId) {
            case ECAL_PS -> C_PS;
            case ECAL_MAIN -> C_MAIN;
            case HCAL -> C_HCAL;
            case VETO_SRD -> channel < 8 ? C_VETO : channel < 16 ? C_SRD : C_BEAM;
            default -> 0;
        };
    }

    /**
     * Calibration of every channel slot of {@code sourceId}: the configuration's channel map where
     * it maps the channel with a positive constant, appendix A otherwise.
     */
    public static double[] calibrations(RunConfig config, int sourceId) {
        double[] c = new double[channelSlots(sourceId)];
        for (int ch = 0; ch < c.length; ch++) {
            c[ch] = nominalCalibration(sourceId, ch);
            for (RunConfig.ChannelRange r : config.channelMap()) {
                if (r.contains(sourceId, ch)) {
                    double v = r.calibrationOf(ch);
                    if (v > 0) {
                        c[ch] = v;
                    }
                    break;
                }
            }
        }
        return c;
    }

    /**
     * Checks that {@code config} expects the five reference sources with the right kinds, since
     * the emulator cannot model any other detector.
     */
    public static void requireCompatible(RunConfig config) {
        for (int id : SOURCE_IDS) {
            RunConfig.SourceConfig s = config.source(id);
            RunConfig.SourceKind want = id == TRIGGER ? RunConfig.SourceKind.TRIGGER : RunConfig.SourceKind.MSADC;
            if (s == null || s.kind() != want) {
                throw new IllegalArgumentException("the emulator models the reference setup of spec appendix A, but"
                        + " the run configuration has no " + want + " source with id " + id);
            }
        }
    }

    /** HELLO board kind of {@code sourceId}. */
    public static int boardKind(int sourceId) {
        return sourceId == TRIGGER ? HelloFlyweight.BOARD_TRIGGER_UNIT : HelloFlyweight.BOARD_MSADC;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
