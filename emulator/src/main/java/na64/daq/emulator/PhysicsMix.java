package na64.daq.emulator;

/**
 * Shares of the event kinds among PHYSICS triggers; the rest are plain beam electrons
 * ({@link EventKind#ELECTRON}). Each share lies in [0, 1] and they sum to at most 1.
 *
 * @param signal A′ production ({@link EventKind#SIGNAL})
 * @param hadron hadron contamination of the beam (about 1 % at NA64)
 * @param muon   muons in the beam
 * @param tail   electrons from the low-energy tail of the beam
 * @param pileup two electrons in one trigger
 */
public record PhysicsMix(double signal, double hadron, double muon, double tail, double pileup) {

    /** Checks the shares. */
    public PhysicsMix {
        double sum = 0;
        for (double s : new double[] {signal, hadron, muon, tail, pileup}) {
            if (!(s >= 0 && s <= 1)) {
                throw new IllegalArgumentException("physics shares must lie in [0, 1]: " + s);
            }
            sum += s;
        }
        if (sum > 1 + 1e-12) {
            throw new IllegalArgumentException("physics shares sum to " + sum + " > 1");
        }
    }

    /** The default beam: 1 % hadrons, 0.2 % muons, 0.5 % tail, 0.5 % pile-up, 1 % A′ signal. */
    public static PhysicsMix defaults() {
        return new PhysicsMix(0.01, 0.01, 0.002, 0.005, 0.005);
    }

    /** Every PHYSICS trigger is of {@code kind} (a beam kind or SIGNAL); for focused samples. */
    public static PhysicsMix only(EventKind kind) {
        return switch (kind) {
            case ELECTRON -> new PhysicsMix(0, 0, 0, 0, 0);
            case SIGNAL -> new PhysicsMix(1, 0, 0, 0, 0);
            case HADRON -> new PhysicsMix(0, 1, 0, 0, 0);
            case MUON -> new PhysicsMix(0, 0, 1, 0, 0);
            case TAIL -> new PhysicsMix(0, 0, 0, 1, 0);
            case PILEUP -> new PhysicsMix(0, 0, 0, 0, 1);
            default -> throw new IllegalArgumentException(kind + " is not a PHYSICS-trigger kind");
        };
    }

    /** A copy with the signal share replaced. */
    public PhysicsMix withSignal(double share) {
        return new PhysicsMix(share, hadron, muon, tail, pileup);
    }

    /** Share of {@code kind} among PHYSICS triggers (0 for NOISE and LED). */
    public double share(EventKind kind) {
        return switch (kind) {
            case ELECTRON -> 1 - signal - hadron - muon - tail - pileup;
            case SIGNAL -> signal;
            case HADRON -> hadron;
            case MUON -> muon;
            case TAIL -> tail;
            case PILEUP -> pileup;
            default -> 0;
        };
    }

    /** Draws a kind for a uniform deviate {@code u} in [0, 1). */
    EventKind pick(double u) {
        double c = signal;
        if (u < c) {
            return EventKind.SIGNAL;
        }
        if (u < (c += hadron)) {
            return EventKind.HADRON;
        }
        if (u < (c += muon)) {
            return EventKind.MUON;
        }
        if (u < (c += tail)) {
            return EventKind.TAIL;
        }
        if (u < c + pileup) {
            return EventKind.PILEUP;
        }
        return EventKind.ELECTRON;
    }
}
