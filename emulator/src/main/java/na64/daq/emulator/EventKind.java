package na64.daq.emulator;

/**
 * What really happened in one trigger: the truth written to the side file, never on the wire.
 * Labels are the ones of the recorded samples' {@code truth} field.
 */
public enum EventKind {
    /** A beam electron of E0 (with the beam's spread): full EM shower in the ECAL. */
    ELECTRON("electron", true),
    /** An electron from the beam's low-energy tail (10 to 90 % of E0). */
    TAIL("tail", true),
    /** Two beam electrons in the same trigger. */
    PILEUP("pileup", true),
    /** A hadron of E0: ECAL MIP or early hadronic shower, large HCAL energy, veto MIP, no SRD. */
    HADRON("hadron", true),
    /** A muon of E0: MIPs in the ECAL, the veto and every HCAL module, no SRD. */
    MUON("muon", true),
    /** A′ production: the electron keeps (1 − x) E0, the A′ escapes with x E0. */
    SIGNAL("signal", false),
    /** A RANDOM trigger: pedestals and noise only. */
    NOISE("noise", false),
    /** A CALIBRATION trigger: LED light in every ECAL and HCAL cell. */
    LED("led", false);

    private final String label;
    private final boolean background;

    EventKind(String label, boolean background) {
        this.label = label;
        this.background = background;
    }

    /** Lower-case name used in the truth file and reports. */
    public String label() {
        return label;
    }

    /** True for the beam-physics kinds that are not signal (what the invisible selection must reject). */
    public boolean isBackground() {
        return background;
    }

    /** The kind whose {@link #label()} is {@code label}. */
    public static EventKind fromLabel(String label) {
        for (EventKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown event kind '" + label + "'");
    }
}
