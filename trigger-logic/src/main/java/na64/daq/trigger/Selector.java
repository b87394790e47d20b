package na64.daq.trigger;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;

/**
 * The stream decision of spec §8, as a bit mask of {@link Streams}. Pure function of the event's
 * number, trigger type, completeness, alignment and energies plus the configuration; so a replay
 * gives the same decisions. Immutable, allocation-free, safe to share between threads.
 *
 * <ul>
 *   <li>invisible: PHYSICS and E_SRD in [srd.min, srd.max], E_PS &gt;= ps.min,
 *       E_ECAL &lt; ecal.fraction * E0, E_HCAL &lt; hcal.max, E_VETO &lt; veto.max; then prescale.</li>
 *   <li>random: RANDOM; then prescale.</li>
 *   <li>calibration: PHYSICS and event number a multiple of everyNth, regardless of cuts.</li>
 * </ul>
 * A prescale N keeps event numbers that are multiples of N. Incomplete and misaligned events
 * never enter any stream; a disabled stream never sets its bit.
 */
public final class Selector {
    private final boolean invisibleEnabled;
    private final int invisiblePrescale;
    private final double srdMin;
    private final double srdMax;
    private final double psMin;
    private final double ecalMax;
    private final double hcalMax;
    private final double vetoMax;
    private final boolean randomEnabled;
    private final int randomPrescale;
    private final boolean calibrationEnabled;
    private final int calibrationEveryNth;

    /** Reads the stream settings and E0 from {@code config}; fails on a prescale or everyNth below 1. */
    public Selector(RunConfig config) {
        RunConfig.Invisible inv = config.streams().invisible();
        invisibleEnabled = inv.enabled();
        invisiblePrescale = positive("streams.invisible.prescale", inv.prescale());
        srdMin = inv.srd().min();
        srdMax = inv.srd().max();
        psMin = inv.ps().min();
        // Computed once so every event compares against the identical double.
        ecalMax = inv.ecal().fraction() * config.beam().energyMeV();
        hcalMax = inv.hcal().max();
        vetoMax = inv.veto().max();
        RunConfig.RandomStream random = config.streams().random();
        randomEnabled = random.enabled();
        randomPrescale = positive("streams.random.prescale", random.prescale());
        RunConfig.Calibration cal = config.streams().calibration();
        calibrationEnabled = cal.enabled();
        calibrationEveryNth = positive("streams.calibration.everyNth", cal.everyNth());
    }

    private static int positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, is " + v);
        }
        return v;
    }

    /**
     * The streams that take this event.
     *
     * @param eventNumber trigger number in the spill (1, 2, ...)
     * @param triggerType the trigger unit's trigger-type bits (spec §4)
     * @param complete    every expected source's fragment arrived
     * @param misaligned  some fragment's trigger time or type differs from the trigger unit's
     * @param e           the event's energies
     * @return mask of {@link Streams} bits; 0 if none
     */
    public int select(long eventNumber, int triggerType, boolean complete, boolean misaligned, Energies e) {
        if (!complete || misaligned) {
            return 0;
        }
        boolean physics = (triggerType & FragmentFlyweight.TRIGGER_PHYSICS) != 0;
        int mask = 0;
        if (invisibleEnabled && physics && passesInvisibleCuts(e) && eventNumber % invisiblePrescale == 0) {
            mask |= 1 << Streams.INVISIBLE;
        }
        if (randomEnabled && (triggerType & FragmentFlyweight.TRIGGER_RANDOM) != 0
                && eventNumber % randomPrescale == 0) {
            mask |= 1 << Streams.RANDOM;
        }
        if (calibrationEnabled && physics && eventNumber % calibrationEveryNth == 0) {
            mask |= 1 << Streams.CALIBRATION;
        }
        return mask;
    }

    /** The five energy cuts of the invisible stream alone (no trigger-type, completeness or prescale check). */
    public boolean passesInvisibleCuts(Energies e) {
        double srd = e.srd();
        return srd >= srdMin && srd <= srdMax
                && e.ps() >= psMin
                && e.ecal() < ecalMax
                && e.hcal() < hcalMax
                && e.veto() < vetoMax;
    }
}
