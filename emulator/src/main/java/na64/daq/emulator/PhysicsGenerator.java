package na64.daq.emulator;

import na64.daq.protocol.FragmentFlyweight;

/**
 * Decides what each trigger saw and deposits it with the {@link ShowerModel}: the event kind is
 * drawn from the {@link PhysicsMix} for PHYSICS triggers; RANDOM triggers see nothing and
 * CALIBRATION triggers see the LED. One instance per spill generator; single-threaded.
 */
final class PhysicsGenerator {
    /** Relative energy spread (σ) of the beam. */
    static final double BEAM_SPREAD = 0.01;
    /** Beam spot: centre of ECAL cell (2, 2), Gaussian σ in cell units. */
    static final double BEAM_CENTRE = 2.5;
    static final double SPOT_SIGMA = 0.15;
    /** Low-energy tail: uniform between these shares of E0. */
    static final double TAIL_MIN = 0.1;
    static final double TAIL_MAX = 0.9;

    private final ShowerModel model;
    private final double beamEnergyMeV;
    private final PhysicsMix mix;
    private final WeizsackerWilliams spectrum;
    private double lastX = Double.NaN;
    private int lastParticles;

    PhysicsGenerator(ShowerModel model, double beamEnergyMeV, PhysicsMix mix, double aprimeMassMeV) {
        this.model = model;
        this.beamEnergyMeV = beamEnergyMeV;
        this.mix = mix;
        // Only tabulate the spectrum when A′ events are asked for: a mass outside the kinematic range
        // is an error only then.
        this.spectrum = mix.signal() > 0 ? new WeizsackerWilliams(aprimeMassMeV, beamEnergyMeV) : null;
    }

    /**
     * Clears {@code d} and fills it for one trigger of {@code triggerType}. Returns the truth; the
     * A′ energy share is then {@link #lastX()} and the beam particles {@link #lastParticles()}.
     */
    EventKind generate(int triggerType, Deposits d, Rng rng) {
        d.clear();
        lastX = Double.NaN;
        lastParticles = 0;
        if ((triggerType & FragmentFlyweight.TRIGGER_CALIBRATION) != 0) {
            model.led(d, rng);
            return EventKind.LED;
        }
        if ((triggerType & FragmentFlyweight.TRIGGER_PHYSICS) == 0) {
            return EventKind.NOISE;
        }
        EventKind kind = mix.pick(rng.uniform());
        switch (kind) {
            case ELECTRON -> electron(d, rng, beamEnergy(rng));
            case TAIL -> electron(d, rng, beamEnergyMeV * rng.uniform(TAIL_MIN, TAIL_MAX));
            case PILEUP -> {
                electron(d, rng, beamEnergy(rng));
                electron(d, rng, beamEnergy(rng));
            }
            case HADRON -> {
                lastParticles = 1;
                model.beamCounters(d, rng);
                model.hadron(d, rng, beamEnergy(rng), spot(rng), spot(rng));
            }
            case MUON -> {
                lastParticles = 1;
                model.beamCounters(d, rng);
                model.muon(d, rng, spot(rng), spot(rng));
            }
            case SIGNAL -> signal(d, rng);
            default -> throw new IllegalStateException("kind " + kind + " from the physics mix");
        }
        return kind;
    }

    /** The A′ energy share of the last SIGNAL event; NaN after any other kind. */
    double lastX() {
        return lastX;
    }

    /** Beam particles (for the EOT scaler) of the last trigger. */
    int lastParticles() {
        return lastParticles;
    }

    private void electron(Deposits d, Rng rng, double energyMeV) {
        lastParticles++;
        model.beamCounters(d, rng);
        model.synchrotron(d, rng, energyMeV);
        model.emShower(d, rng, energyMeV, spot(rng), spot(rng));
    }

    /**
     * A′ production: the full-energy electron radiates in the magnet like any other (the SRD tag
     * is upstream), then in the ECAL gives x of its energy to the A′, which escapes; only the
     * recoil electron's (1 − x) share showers.
     */
    private void signal(Deposits d, Rng rng) {
        lastParticles = 1;
        double e = beamEnergy(rng);
        double x = spectrum.sample(rng);
        lastX = x;
        model.beamCounters(d, rng);
        model.synchrotron(d, rng, e);
        model.emShower(d, rng, (1 - x) * e, spot(rng), spot(rng));
    }

    private double beamEnergy(Rng rng) {
        return beamEnergyMeV * (1 + BEAM_SPREAD * rng.gaussian());
    }

    private static double spot(Rng rng) {
        return BEAM_CENTRE + SPOT_SIGMA * rng.gaussian();
    }
}
