package na64.daq.trigger;

/**
 * The five trigger energies of one event in MeV (spec §7), accumulated channel by channel by the
 * {@link Reconstructor} and read by the {@link Selector}. One instance per event slot, reused
 * with {@link #clear()}; single-threaded.
 *
 * <p>The ECAL preshower and main sections are summed apart and only added in {@link #ecal()}, so
 * the result does not depend on which of the two sources' fragments arrived first (floating-point
 * addition is not associative, and spec §8 requires arrival-order independent decisions).
 */
public final class Energies {
    private double ps;
    private double ecalMain;
    private double hcal;
    private double veto;
    private double srd;

    /** Resets all sums to zero for the next event. */
    public void clear() {
        ps = 0;
        ecalMain = 0;
        hcal = 0;
        veto = 0;
        srd = 0;
    }

    /**
     * Adds one channel's energy {@code mev} to the sum of {@code detector} (a {@link ChannelMap}
     * detector index). A VETO channel is one photomultiplier of a two-PMT counter whose energy is
     * the mean of its PMTs, so it counts half. BEAM and unknown indices contribute nothing.
     */
    public void addChannel(int detector, double mev) {
        switch (detector) {
            case ChannelMap.ECAL_PS -> ps += mev;
            case ChannelMap.ECAL_MAIN -> ecalMain += mev;
            case ChannelMap.HCAL -> hcal += mev;
            case ChannelMap.VETO -> veto += 0.5 * mev;
            case ChannelMap.SRD -> srd += mev;
            default -> {
                // BEAM counters are mapped but not used by the trigger (spec appendix A).
            }
        }
    }

    /**
     * Adds one fragment's share of each sum (as {@link #ps()}, {@link #ecalMain()}, ... of an
     * Energies that saw only that fragment). In the reference map every detector is read by one
     * source, so the result is the same, bit for bit, as adding the channels one by one.
     */
    public void addSums(double ps, double ecalMain, double hcal, double veto, double srd) {
        this.ps += ps;
        this.ecalMain += ecalMain;
        this.hcal += hcal;
        this.veto += veto;
        this.srd += srd;
    }

    /** E_PS: the ECAL preshower section. */
    public double ps() {
        return ps;
    }

    /** The ECAL main section alone. */
    public double ecalMain() {
        return ecalMain;
    }

    /** E_ECAL: both ECAL sections. */
    public double ecal() {
        return ps + ecalMain;
    }

    /** E_HCAL: all HCAL modules. */
    public double hcal() {
        return hcal;
    }

    /** E_VETO: sum over veto counters of the mean of the counter's two PMT energies. */
    public double veto() {
        return veto;
    }

    /** E_SRD: all SRD modules. */
    public double srd() {
        return srd;
    }

    @Override
    public String toString() {
        return "Energies[ps=" + ps + ", ecal=" + ecal() + ", hcal=" + hcal + ", veto=" + veto + ", srd=" + srd + "]";
    }
}
