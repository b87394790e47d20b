package na64.daq.emulator;

import static na64.daq.emulator.ReferenceSetup.ECAL_SIZE;
import static na64.daq.emulator.ReferenceSetup.HCAL_MODULES;
import static na64.daq.emulator.ReferenceSetup.HCAL_SIZE;

/**
 * Detector response of the reference setup: how an electromagnetic shower, a hadron, a muon, the
 * synchrotron radiation of the beam electron and the LED light spread over the channels. Every
 * number here is a modelling choice, named and explained; docs/physics.md summarizes them.
 *
 * <p>Transverse coordinates are in cell units of each calorimeter (cell i spans [i, i + 1)); the
 * beam aims at the centre of ECAL cell (2, 2) and of the HCAL modules' central cell (1, 1).
 */
final class ShowerModel {
    /** ECAL energy resolution σ/E = a/√E[GeV] ⊕ b. */
    static final double STOCHASTIC = 0.10;
    static final double CONSTANT = 0.02;
    /** Critical energy of the lead-scintillator ECAL, MeV, for the longitudinal profile. */
    static final double CRITICAL_ENERGY_MEV = 7.4;
    /** Longitudinal profile dE/dt ∝ t^(a−1) e^(−b t), t in radiation lengths (Longo's parametrization). */
    static final double PROFILE_B = 0.5;
    /** Effective preshower depth in radiation lengths (tuned so 100 GeV leaves ~7 % in the preshower). */
    static final double PS_DEPTH_X0 = 5.5;
    /** Mean depth, in radiation lengths, at which a shower really starts (first conversion). */
    static final double START_DEPTH_X0 = 0.5;
    /** Log-normal spread of the preshower share from shower to shower. */
    static final double PS_SHARE_SPREAD = 0.15;
    /** Mean share of an electron's energy leaking out of the ECAL into HCAL module 0. */
    static final double HCAL_LEAK_MEAN = 0.0008;
    /** Lateral ECAL profile: a core and a halo Gaussian, in cell units. */
    static final double CORE_SIGMA = 0.2;
    static final double HALO_SIGMA = 0.8;
    static final double CORE_WEIGHT = 0.8;
    /** ECAL depth in nuclear interaction lengths. */
    static final double ECAL_DEPTH_LAMBDA = 1.3;
    /** Preshower depth in nuclear interaction lengths. */
    static final double PS_DEPTH_LAMBDA = 0.12;
    /** MIP most probable values (MeV, EM scale) and widths: preshower, main ECAL, one HCAL module, one veto counter. */
    static final double MIP_PS = 40;
    static final double MIP_MAIN = 300;
    static final double MIP_HCAL_MODULE = 650;
    static final double MIP_VETO = 4.0;
    /** A beam counter's MIP, ADC counts. */
    static final double MIP_BEAM_COUNTS = 250;
    /** Synchrotron radiation of an E0 electron: mean photon count and photon energy scale (MeV). */
    static final double SRD_PHOTONS = 10;
    static final double SRD_PHOTON_SCALE_MEV = 12;
    /** LED pulse height in ADC counts. */
    static final double LED_COUNTS = 1500;

    private final double beamEnergyMeV;
    private final double[][] calibrations;
    private final double[] cx = new double[ECAL_SIZE];
    private final double[] cy = new double[ECAL_SIZE];
    private final double[] hx = new double[ECAL_SIZE];
    private final double[] hy = new double[ECAL_SIZE];

    /** {@code calibrations[sourceId]} holds the calibration of each channel slot (for LED pulses). */
    ShowerModel(double beamEnergyMeV, double[][] calibrations) {
        this.beamEnergyMeV = beamEnergyMeV;
        this.calibrations = calibrations;
    }

    /** ECAL resolution σ/E at {@code energyMeV}. */
    static double resolution(double energyMeV) {
        double gev = Math.max(energyMeV, 1) / 1000;
        return Math.sqrt(STOCHASTIC * STOCHASTIC / gev + CONSTANT * CONSTANT);
    }

    /** Mean share of a shower of {@code energyMeV} in the preshower when it starts at {@code startX0}. */
    static double preshowerShare(double energyMeV, double startX0) {
        double tMax = Math.max(0.2, Math.log(Math.max(energyMeV, 1) / CRITICAL_ENERGY_MEV) - 0.5);
        double a = PROFILE_B * tMax + 1;
        return SpecialFunctions.regularizedGammaP(a, PROFILE_B * Math.max(0, PS_DEPTH_X0 - startX0));
    }

    /**
     * An electromagnetic shower of {@code energyMeV} entering the ECAL at (x0, y0): smeared by the
     * resolution, a little leaks into the HCAL, the rest splits between preshower and main section
     * by the longitudinal profile and over the cells by the lateral profile.
     */
    void emShower(Deposits d, Rng rng, double energyMeV, double x0, double y0) {
        double e = Math.max(0, energyMeV * (1 + resolution(energyMeV) * rng.gaussian()));
        double leak = e * Math.min(0.02, rng.exponential(HCAL_LEAK_MEAN));
        e -= leak;
        hcalModule(d, 0, leak, hcalCoordinate(x0), hcalCoordinate(y0), 0.3, 0.9, 0.7);
        double share = preshowerShare(e, rng.exponential(START_DEPTH_X0)) * Math.exp(PS_SHARE_SPREAD * rng.gaussian());
        share = Math.min(1, share);
        ecalLateral(d.ps, e * share, x0, y0, CORE_SIGMA, HALO_SIGMA, CORE_WEIGHT);
        ecalLateral(d.main, e * (1 - share), x0, y0, CORE_SIGMA, HALO_SIGMA, CORE_WEIGHT);
    }

    /**
     * A hadron of {@code energyMeV}: passes the ECAL as a MIP if it does not interact within its
     * 1.3 interaction lengths, else starts a hadronic shower there that leaves part of its energy in
     * the ECAL; the rest goes to the HCAL (mostly module 0). It crosses the veto, with a chance of
     * shower debris in a second counter. No synchrotron light.
     */
    void hadron(Deposits d, Rng rng, double energyMeV, double x0, double y0) {
        double depth = rng.exponential(1.0);
        double ecal;
        if (depth > ECAL_DEPTH_LAMBDA) {
            ecal = ecalMip(d, rng, x0, y0);
        } else {
            double share = (1 - Math.exp(-(ECAL_DEPTH_LAMBDA - depth) / 0.8)) * rng.uniform(0.3, 1.0) * 0.7;
            ecal = energyMeV * Math.max(0.02, share);
            double ps = depth < PS_DEPTH_LAMBDA ? ecal * rng.uniform(0.1, 0.4) : rng.moyal(MIP_PS, 4);
            ps = Math.min(ps, ecal);
            ecalLateral(d.ps, ps, x0, y0, 0.4, 1.2, 0.5);
            ecalLateral(d.main, ecal - ps, x0, y0, 0.4, 1.2, 0.5);
        }
        double rest = energyMeV - ecal;
        double gev = Math.max(rest, 1000) / 1000;
        double sigma = Math.sqrt(0.36 / gev + 0.0025);
        double hcal = Math.max(0, 0.9 * rest * (1 + sigma * rng.gaussian()));
        // Longitudinal sharing over the four modules: gamma-distributed weights around 75/18/5/2 %.
        double w0 = rng.gamma(7.5, 1);
        double w1 = rng.gamma(1.8, 1);
        double w2 = rng.gamma(0.5, 1);
        double w3 = rng.gamma(0.2, 1);
        double sum = w0 + w1 + w2 + w3;
        double hx = hcalCoordinate(x0);
        double hy = hcalCoordinate(y0);
        hcalModule(d, 0, hcal * w0 / sum, hx, hy, 0.3, 0.9, 0.7);
        hcalModule(d, 1, hcal * w1 / sum, hx, hy, 0.35, 1.0, 0.6);
        hcalModule(d, 2, hcal * w2 / sum, hx, hy, 0.4, 1.1, 0.5);
        hcalModule(d, 3, hcal * w3 / sum, hx, hy, 0.45, 1.2, 0.5);
        int counter = vetoCounter(rng);
        veto(d, rng, counter, rng.moyal(MIP_VETO, 0.3));
        if (depth <= ECAL_DEPTH_LAMBDA && rng.uniform() < 0.3) {
            veto(d, rng, (counter + 1 + rng.nextInt(2)) % 3, rng.moyal(MIP_VETO, 0.3));
        }
    }

    /** A muon: MIPs in both ECAL sections, one veto counter and every HCAL module. No synchrotron light. */
    void muon(Deposits d, Rng rng, double x0, double y0) {
        ecalMip(d, rng, x0, y0);
        veto(d, rng, vetoCounter(rng), rng.moyal(MIP_VETO, 0.3));
        int cx0 = cellOf(hcalCoordinate(x0), HCAL_SIZE);
        int cy0 = cellOf(hcalCoordinate(y0), HCAL_SIZE);
        for (int m = 0; m < HCAL_MODULES; m++) {
            d.hcal[ReferenceSetup.hcalChannel(m, cx0, cy0)] += rng.moyal(MIP_HCAL_MODULE, 50);
        }
    }

    /**
     * Synchrotron light of an electron of {@code energyMeV} bent by the beam-line magnet: a Poisson
     * number of photons (∝ E), each with a Γ(1/3) energy of scale ∝ E² (the critical energy),
     * absorbed in one of the three SRD modules (60/30/10 %). Tuned so an E0 electron leaves a few
     * to about 100 MeV, 99 % of the time inside the default [1, 120] MeV tag window.
     */
    void synchrotron(Deposits d, Rng rng, double energyMeV) {
        double r = energyMeV / beamEnergyMeV;
        int photons = rng.poisson(SRD_PHOTONS * r);
        double scale = SRD_PHOTON_SCALE_MEV * r * r;
        for (int i = 0; i < photons; i++) {
            double e = rng.gamma(1.0 / 3, scale);
            double u = rng.uniform();
            int module = u < 0.6 ? 0 : u < 0.9 ? 1 : 2;
            d.vetoSrd[ReferenceSetup.srdChannel(module)] += e;
        }
    }

    /** One beam particle crossing the three beam counters S0..S2. */
    void beamCounters(Deposits d, Rng rng) {
        for (int i = 0; i < ReferenceSetup.BEAM_COUNTERS; i++) {
            d.vetoSrd[ReferenceSetup.beamChannel(i)] += rng.moyal(MIP_BEAM_COUNTS, 20);
        }
    }

    /** An LED pulse of about {@link #LED_COUNTS} counts in every ECAL and HCAL cell (1 % pulse-to-pulse jitter). */
    void led(Deposits d, Rng rng) {
        double jitter = 1 + 0.01 * rng.gaussian();
        led(d.ps, calibrations[ReferenceSetup.ECAL_PS], jitter, 11);
        led(d.main, calibrations[ReferenceSetup.ECAL_MAIN], jitter, 23);
        led(d.hcal, calibrations[ReferenceSetup.HCAL], jitter, 37);
    }

    private static void led(double[] out, double[] c, double jitter, int salt) {
        for (int ch = 0; ch < out.length; ch++) {
            // Fixed per-channel LED light yield within +-10 %, so LED events look the same run to run.
            double gain = 0.9 + 0.2 * ((Rng.mix(salt * 1000L + ch) >>> 11) * 0x1.0p-53);
            out[ch] += LED_COUNTS * gain * jitter * c[ch];
        }
    }

    private double ecalMip(Deposits d, Rng rng, double x0, double y0) {
        int ch = ReferenceSetup.ecalChannel(cellOf(x0, ECAL_SIZE), cellOf(y0, ECAL_SIZE));
        double ps = rng.moyal(MIP_PS, 4);
        double main = rng.moyal(MIP_MAIN, 25);
        d.ps[ch] += ps;
        d.main[ch] += main;
        return ps + main;
    }

    private static int vetoCounter(Rng rng) {
        double u = rng.uniform();
        return u < 0.9 ? 1 : u < 0.95 ? 0 : 2;
    }

    /** A deposit of {@code mev} in veto counter {@code k}: each PMT sees it with 8 % light-collection spread. */
    private static void veto(Deposits d, Rng rng, int k, double mev) {
        for (int j = 0; j < 2; j++) {
            d.vetoSrd[ReferenceSetup.vetoChannel(k, j)] += Math.max(0, mev * (1 + 0.08 * rng.gaussian()));
        }
    }

    /** The HCAL sees the beam axis at its central cell; HCAL cells are about five ECAL cells wide. */
    private static double hcalCoordinate(double ecalCoordinate) {
        return 1.5 + (ecalCoordinate - 2.5) * 0.2;
    }

    private static int cellOf(double coordinate, int size) {
        return Math.max(0, Math.min(size - 1, (int) Math.floor(coordinate)));
    }

    private void ecalLateral(double[] out, double mev, double x0, double y0, double core, double halo, double w) {
        spread(out, ECAL_SIZE, 0, mev, x0, y0, core, halo, w);
    }

    private void hcalModule(Deposits d, int module, double mev, double x0, double y0, double core, double halo,
                            double w) {
        spread(d.hcal, HCAL_SIZE, 9 * module, mev, x0, y0, core, halo, w);
    }

    /**
     * Spreads {@code mev} over an n x n block of cells (channel base + n x + y) with a core plus halo
     * Gaussian profile integrated over each cell; what falls outside the block is lost (leakage).
     */
    private void spread(double[] out, int n, int base, double mev, double x0, double y0, double core, double halo,
                        double w) {
        if (mev <= 0) {
            return;
        }
        cellIntegrals(cx, n, x0, core);
        cellIntegrals(cy, n, y0, core);
        cellIntegrals(hx, n, x0, halo);
        cellIntegrals(hy, n, y0, halo);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[base + n * i + j] += mev * (w * cx[i] * cy[j] + (1 - w) * hx[i] * hy[j]);
            }
        }
    }

    private static void cellIntegrals(double[] out, int n, double centre, double sigma) {
        double prev = SpecialFunctions.normalCdf((0 - centre) / sigma);
        for (int i = 0; i < n; i++) {
            double next = SpecialFunctions.normalCdf((i + 1 - centre) / sigma);
            out[i] = next - prev;
            prev = next;
        }
    }
}
