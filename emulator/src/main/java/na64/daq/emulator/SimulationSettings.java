package na64.daq.emulator;

/**
 * Everything that decides what the emulator sends. Together with the run configuration it fixes
 * every byte: the same settings give the same frames (only BEGIN_OF_SPILL carries a wall-clock
 * time, and that comes from {@code startTimeNs}, not from the clock).
 *
 * @param seed             master seed; each (spill, stream) derives its own generator from it
 * @param run              run number written into every frame
 * @param spills           spills to generate, numbered 1..spills
 * @param eventsPerSpill   triggers per spill (all trigger types)
 * @param rateHz           mean trigger rate within a spill; spacing is a fixed dead time plus an
 *                         exponential gap, so triggers form a Poisson process with dead time
 * @param encoding         digitizer encoding
 * @param zeroSuppression  digitizers leave out channels whose amplitude is below the configured
 *                         threshold, computed exactly as the service does (spec §7), so the
 *                         reconstructed energies do not change
 * @param physics          shares of event kinds among PHYSICS triggers
 * @param aprimeMassMeV    A′ mass for SIGNAL events, MeV
 * @param randomShare      share of RANDOM triggers among all triggers
 * @param ledShare         share of CALIBRATION (LED) triggers among all triggers
 * @param faults           fault injection rates
 * @param pacing           real-time or as fast as possible (sockets only)
 * @param startTimeNs      wall-clock time of spill 1's start, ns since the Unix epoch; later
 *                         spills' BEGIN_OF_SPILL times follow on the run's timeline
 * @param spillGapNs       pause between one spill's end and the next spill's start
 */
public record SimulationSettings(
        long seed,
        long run,
        int spills,
        int eventsPerSpill,
        double rateHz,
        Encoding encoding,
        boolean zeroSuppression,
        PhysicsMix physics,
        double aprimeMassMeV,
        double randomShare,
        double ledShare,
        FaultRates faults,
        Pacing pacing,
        long startTimeNs,
        long spillGapNs) {

    /** 2026-01-01T00:00:00Z: the default start, so files made without a start time are reproducible. */
    public static final long DEFAULT_START_TIME_NS = 1_767_225_600_000_000_000L;

    /** Checks ranges. */
    public SimulationSettings {
        if (spills < 1) {
            throw new IllegalArgumentException("spills must be >= 1, is " + spills);
        }
        if (eventsPerSpill < 1) {
            throw new IllegalArgumentException("events per spill must be >= 1, is " + eventsPerSpill);
        }
        if (!(rateHz > 0 && rateHz <= 10_000_000)) {
            throw new IllegalArgumentException("rate must lie in (0, 1e7] Hz, is " + rateHz);
        }
        if (run < 0 || run > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("run must fit in u32, is " + run);
        }
        if (!(aprimeMassMeV >= WeizsackerWilliams.ELECTRON_MASS_MEV && aprimeMassMeV < 50_000)) {
            // Below m_e the Weizsäcker–Williams spectrum of the emulator does not apply.
            throw new IllegalArgumentException("A′ mass must lie in [" + WeizsackerWilliams.ELECTRON_MASS_MEV
                    + ", 50000) MeV, is " + aprimeMassMeV);
        }
        if (!(randomShare >= 0 && ledShare >= 0 && randomShare + ledShare <= 1)) {
            throw new IllegalArgumentException("random and LED shares must be >= 0 and sum to <= 1");
        }
        if (spillGapNs < 0) {
            throw new IllegalArgumentException("spill gap must be >= 0");
        }
        if (encoding == null || physics == null || faults == null || pacing == null) {
            throw new IllegalArgumentException("encoding, physics, faults and pacing must be given");
        }
    }

    /**
     * Defaults: seed 1, run 1, one spill of 1000 triggers at 10 kHz, WAVEFORM without zero
     * suppression, {@link PhysicsMix#defaults()}, A′ of 16.7 MeV, 0.7 % RANDOM and 0.1 % LED
     * triggers, no faults, real-time pacing, {@link #DEFAULT_START_TIME_NS}, 1 s between spills.
     */
    public static SimulationSettings defaults() {
        return new SimulationSettings(1, 1, 1, 1000, 10_000, Encoding.WAVEFORM, false, PhysicsMix.defaults(), 16.7,
                0.007, 0.001, FaultRates.none(), Pacing.REALTIME, DEFAULT_START_TIME_NS, 1_000_000_000L);
    }

    public SimulationSettings withSeed(long v) {
        return new SimulationSettings(v, run, spills, eventsPerSpill, rateHz, encoding, zeroSuppression, physics,
                aprimeMassMeV, randomShare, ledShare, faults, pacing, startTimeNs, spillGapNs);
    }

    public SimulationSettings withRun(long v) {
        return new SimulationSettings(seed, v, spills, eventsPerSpill, rateHz, encoding, zeroSuppression, physics,
                aprimeMassMeV, randomShare, ledShare, faults, pacing, startTimeNs, spillGapNs);
    }

    public SimulationSettings withSpills(int v) {
        return new SimulationSettings(seed, run, v, eventsPerSpill, rateHz, encoding, zeroSuppression, physics,
                aprimeMassMeV, randomShare, ledShare, faults, pacing, startTimeNs, spillGapNs);
    }

    public SimulationSettings withEventsPerSpill(int v) {
        return new SimulationSettings(seed, run, spills, v, rateHz, encoding, zeroSuppression, physics,
                aprimeMassMeV, randomShare, ledShare, faults, pacing, startTimeNs, spillGapNs);
    }

    public SimulationSettings withRateHz(double v) {
        return new SimulationSettings(seed, run, spills, eventsPerSpill, v, encoding, zeroSuppression, physics,
                aprimeMassMeV, randomShare, ledShare, faults, pacing, startTimeNs, spillGapNs);
    }

    public SimulationSettings withEncoding(Encoding v) {
        return new SimulationSettings(seed, run, spills, eventsPerSpill, rateHz, v, zeroSuppression, physics,
                aprimeMassMeV, randomShare, ledShare, faults, pacing, startTimeNs, spillGapNs);
    }

    public SimulationSettings withZeroSuppression(boolean v) {
        return new SimulationSettings(seed, run, spills, eventsPerSpill, rateHz, encoding, v, physics,
                aprimeMassMeV, randomShare, ledShare, faults, pacing, startTimeNs, spillGapNs);
    }

    public SimulationSettings withPhysics(PhysicsMix v) {
        return new SimulationSettings(seed, run, spills, eventsPerSpill, rateHz, encoding, zeroSuppression, v,
                aprimeMassMeV, randomShare, ledShare, faults, pacing, startTimeNs, spillGapNs);
    }

    /** Shorthand for {@code withPhysics(physics().withSignal(share))}. */
    public SimulationSettings withSignalFraction(double share) {
        return withPhysics(physics.withSignal(share));
    }

    /** The A′ share among PHYSICS triggers. */
    public double signalFraction() {
        return physics.signal();
    }

    public SimulationSettings withAprimeMassMeV(double v) {
        return new SimulationSettings(seed, run, spills, eventsPerSpill, rateHz, encoding, zeroSuppression, physics,
                v, randomShare, ledShare, faults, pacing, startTimeNs, spillGapNs);
    }

    /** Shares of RANDOM and CALIBRATION (LED) triggers among all triggers. */
    public SimulationSettings withTriggerShares(double random, double led) {
        return new SimulationSettings(seed, run, spills, eventsPerSpill, rateHz, encoding, zeroSuppression, physics,
                aprimeMassMeV, random, led, faults, pacing, startTimeNs, spillGapNs);
    }

    public SimulationSettings withFaults(FaultRates v) {
        return new SimulationSettings(seed, run, spills, eventsPerSpill, rateHz, encoding, zeroSuppression, physics,
                aprimeMassMeV, randomShare, ledShare, v, pacing, startTimeNs, spillGapNs);
    }

    public SimulationSettings withPacing(Pacing v) {
        return new SimulationSettings(seed, run, spills, eventsPerSpill, rateHz, encoding, zeroSuppression, physics,
                aprimeMassMeV, randomShare, ledShare, faults, v, startTimeNs, spillGapNs);
    }

    public SimulationSettings withStartTimeNs(long v) {
        return new SimulationSettings(seed, run, spills, eventsPerSpill, rateHz, encoding, zeroSuppression, physics,
                aprimeMassMeV, randomShare, ledShare, faults, pacing, v, spillGapNs);
    }

    public SimulationSettings withSpillGapNs(long v) {
        return new SimulationSettings(seed, run, spills, eventsPerSpill, rateHz, encoding, zeroSuppression, physics,
                aprimeMassMeV, randomShare, ledShare, faults, pacing, startTimeNs, v);
    }
}
