package na64.daq.emulator;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the online selection keeps of A′ signal and of each background, measured on emulated
 * events run through the service's own reconstruction and selection ({@link TriggerModel}).
 *
 * <ul>
 *   <li>Signal: for each A′ mass, a sample where every PHYSICS trigger is an A′ event; the
 *       {@code invisible} efficiency against truth, overall and in {@link #X_BINS} bins of the
 *       energy share x.</li>
 *   <li>Background: one sample per background kind (electron, tail, pile-up, hadron, muon), so
 *       rare kinds get the same statistics as electrons; {@link BackgroundSample#weighted} folds
 *       them with a beam composition.</li>
 * </ul>
 * No RANDOM or LED triggers and no faults: every event is a complete PHYSICS trigger. Each sample
 * has its own seed derived from the study's, so one sample does not depend on the others.
 */
public final class AcceptanceStudy {
    /** Bins of x over [0, 1] for the efficiency-versus-x curve. */
    public static final int X_BINS = 20;
    /** The background kinds, in report order. */
    public static final List<EventKind> BACKGROUND_KINDS = List.of(EventKind.ELECTRON, EventKind.TAIL,
            EventKind.PILEUP, EventKind.HADRON, EventKind.MUON);
    private static final int EVENTS_PER_SPILL = 5000;

    private final RunConfig config;
    private final TriggerModel model;
    private final OfflineEventBuilder builder = new OfflineEventBuilder();
    private Encoding encoding = Encoding.WAVEFORM;
    private long seed = 1;
    private int maxPoints = 3000;
    private java.util.function.LongConsumer progress = n -> { };
    private long judged;

    /** Judges events with {@code model}, which must implement {@code config}'s selection. */
    public AcceptanceStudy(RunConfig config, TriggerModel model) {
        this.config = config;
        this.model = model;
    }

    /** Digitizer encoding of the samples (default WAVEFORM, the full chain). */
    public AcceptanceStudy encoding(Encoding e) {
        this.encoding = e;
        return this;
    }

    /** Master seed (default 1). */
    public AcceptanceStudy seed(long s) {
        this.seed = s;
        return this;
    }

    /** Told the number of events judged so far, after each one (single thread: the caller's). */
    public AcceptanceStudy progress(java.util.function.LongConsumer eventsJudged) {
        this.progress = eventsJudged;
        return this;
    }

    /** Points kept per sample for the scatter plots (default 3000). */
    public AcceptanceStudy maxPoints(int n) {
        this.maxPoints = n;
        return this;
    }

    /**
     * One A′ mass.
     *
     * @param massMeV    A′ mass
     * @param xMin       lower end of the kinematic range of x
     * @param xMax       upper end
     * @param efficiency invisible-stream efficiency against truth
     * @param byX        efficiency in each of the {@link #X_BINS} bins of x over [0, 1]
     * @param meanX      mean x of the sample
     * @param points     (E_ECAL, E_HCAL) of some events
     */
    public record SignalSample(double massMeV, double xMin, double xMax, BinomialEstimate efficiency,
                               List<BinomialEstimate> byX, double meanX, Scatter points) {
    }

    /**
     * The backgrounds.
     *
     * @param byKind acceptance of each background kind into the invisible stream
     * @param points (E_ECAL, E_HCAL) of some events of each kind
     */
    public record BackgroundSample(Map<EventKind, BinomialEstimate> byKind, Map<EventKind, Scatter> points) {
        /**
         * Acceptance of a beam with {@code mix}'s composition (signal left out): the per-kind
         * acceptances weighted by the kinds' shares, as {value, error}.
         */
        public double[] weighted(PhysicsMix mix) {
            double norm = 0;
            for (EventKind k : byKind.keySet()) {
                norm += mix.share(k);
            }
            double value = 0;
            double variance = 0;
            for (Map.Entry<EventKind, BinomialEstimate> e : byKind.entrySet()) {
                double w = norm > 0 ? mix.share(e.getKey()) / norm : 0;
                BinomialEstimate b = e.getValue();
                // Half the Clopper–Pearson width: a kind with no accepted event still carries doubt.
                double err = b.error();
                value += w * b.value();
                variance += w * w * err * err;
            }
            return new double[] {value, Math.sqrt(variance)};
        }
    }

    /** The whole study. */
    public record Result(List<SignalSample> signals, BackgroundSample background) {
    }

    /** Signal at every mass in {@code masses} plus the background. */
    public Result run(List<Double> masses, int signalEvents, int backgroundEventsPerKind) {
        List<SignalSample> signals = new ArrayList<>();
        for (double m : masses) {
            signals.add(signal(m, signalEvents));
        }
        return new Result(List.copyOf(signals), background(backgroundEventsPerKind));
    }

    /** {@code events} A′ events of {@code massMeV}. */
    public SignalSample signal(double massMeV, int events) {
        WeizsackerWilliams ww = new WeizsackerWilliams(massMeV, config.beam().energyMeV());
        long[] tried = new long[X_BINS];
        long[] passed = new long[X_BINS];
        double[] sumX = new double[1];
        Scatter points = new Scatter(maxPoints);
        SimulationSettings s = base(Rng.mix(seed ^ Double.doubleToLongBits(massMeV)))
                .withPhysics(PhysicsMix.only(EventKind.SIGNAL)).withAprimeMassMeV(massMeV);
        run(s, events, (kind, x, accepted) -> {
            int bin = Math.min(X_BINS - 1, Math.max(0, (int) (x * X_BINS)));
            tried[bin]++;
            if (accepted) {
                passed[bin]++;
            }
            sumX[0] += x;
            points.add(model.ecal(), model.hcal());
        });
        List<BinomialEstimate> byX = new ArrayList<>();
        long n = 0;
        long k = 0;
        for (int b = 0; b < X_BINS; b++) {
            byX.add(new BinomialEstimate(passed[b], tried[b]));
            n += tried[b];
            k += passed[b];
        }
        return new SignalSample(massMeV, ww.xMin(), ww.xMax(), new BinomialEstimate(k, n), List.copyOf(byX),
                n > 0 ? sumX[0] / n : Double.NaN, points);
    }

    /** {@code eventsPerKind} events of each of {@link #BACKGROUND_KINDS}. */
    public BackgroundSample background(int eventsPerKind) {
        Map<EventKind, BinomialEstimate> byKind = new EnumMap<>(EventKind.class);
        Map<EventKind, Scatter> points = new EnumMap<>(EventKind.class);
        for (EventKind kind : BACKGROUND_KINDS) {
            long[] counts = new long[2];
            Scatter scatter = new Scatter(maxPoints);
            SimulationSettings s = base(Rng.mix(seed + 7919L * (kind.ordinal() + 1))).withPhysics(PhysicsMix.only(kind));
            run(s, eventsPerKind, (k, x, accepted) -> {
                counts[0]++;
                if (accepted) {
                    counts[1]++;
                }
                scatter.add(model.ecal(), model.hcal());
            });
            byKind.put(kind, new BinomialEstimate(counts[1], counts[0]));
            points.put(kind, scatter);
        }
        return new BackgroundSample(Collections.unmodifiableMap(byKind), Collections.unmodifiableMap(points));
    }

    private SimulationSettings base(long sampleSeed) {
        return SimulationSettings.defaults().withSeed(sampleSeed).withEncoding(encoding).withTriggerShares(0, 0)
                .withFaults(FaultRates.none()).withPacing(Pacing.MAX_SPEED);
    }

    /** Receives each judged PHYSICS event; the model still holds its energies. */
    private interface Sink {
        void accept(EventKind kind, double x, boolean accepted);
    }

    private void run(SimulationSettings settings, int events, Sink sink) {
        int perSpill = Math.max(1, Math.min(events, EVENTS_PER_SPILL));
        int spills = (events + perSpill - 1) / perSpill;
        SpillGenerator generator = new SpillGenerator(settings.withEventsPerSpill(perSpill).withSpills(spills), config);
        int[] left = {events};
        for (int k = 1; k <= spills; k++) {
            SpillData data = generator.generate(k, 0);
            SpillTruth truth = data.truth();
            builder.build(data, new EventVisitor() {
                @Override
                public void beginEvent(long event, int triggerType, long triggerTimeNs) {
                    model.beginEvent();
                }

                @Override
                public void fragment(int sourceId, FragmentFlyweight fragment) {
                    model.add(sourceId, fragment);
                }

                @Override
                public void endEvent(long event, boolean complete, boolean misaligned) {
                    int type = truth.triggerType(event);
                    if (left[0] <= 0 || (type & FragmentFlyweight.TRIGGER_PHYSICS) == 0) {
                        return;
                    }
                    left[0]--;
                    int mask = model.select(event, type, complete, misaligned);
                    sink.accept(truth.kind(event), truth.x(event), (mask & TriggerModel.INVISIBLE) != 0);
                    progress.accept(++judged);
                }
            });
        }
    }
}
