package na64.daq.app.sim;

import na64.daq.emulator.ServiceTriggerModel;

import na64.daq.config.RunConfig;
import na64.daq.emulator.AcceptanceStudy;
import na64.daq.emulator.BinomialEstimate;
import na64.daq.emulator.Encoding;
import na64.daq.emulator.EventKind;
import na64.daq.emulator.PhysicsMix;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The core of {@code daq efficiency}: simulates A′ samples per mass and background samples per
 * kind, runs them through the service's reconstruction and selection ({@link ServiceTriggerModel}
 * inside the emulator's {@link AcceptanceStudy}), and reports the {@code invisible} efficiency
 * against truth and the background acceptance: a console table, {@code physics.md} and two plots.
 */
public final class EfficiencyStudy {
    /** Markdown report written into the output directory. */
    public static final String REPORT = "physics.md";
    /** E_ECAL versus E_HCAL plot, background and signal, with the cut lines. */
    public static final String SCATTER_PNG = "physics-ecal-vs-hcal.png";
    /** Efficiency versus x plot. */
    public static final String EFFICIENCY_PNG = "physics-efficiency-vs-x.png";

    /**
     * What to run.
     *
     * @param masses           A′ masses, MeV
     * @param signalEvents     A′ events per mass
     * @param backgroundEvents events per background kind
     * @param seed             master seed
     * @param encoding         digitizer encoding of the samples
     */
    public record Request(List<Double> masses, int signalEvents, int backgroundEvents, long seed, Encoding encoding) {
    }

    /** The study's outcome with what produced it. */
    public record Outcome(Request request, RunConfig config, AcceptanceStudy.Result result) {
    }

    private EfficiencyStudy() {
    }

    /** Runs the study on {@code config} (its selection, calibrations and E0). */
    public static Outcome run(RunConfig config, Request request) {
        return run(config, request, n -> { });
    }

    /** As {@link #run(RunConfig, Request)}, telling {@code progress} the events judged so far. */
    public static Outcome run(RunConfig config, Request request, java.util.function.LongConsumer progress) {
        AcceptanceStudy study = new AcceptanceStudy(config, new ServiceTriggerModel(config))
                .encoding(request.encoding()).seed(request.seed()).progress(progress);
        return new Outcome(request, config,
                study.run(request.masses(), request.signalEvents(), request.backgroundEvents()));
    }

    /**
     * Writes {@link #REPORT}, {@code efficiency.json} and the two plots into {@code dir} (created if
     * needed); returns the report's path.
     */
    public static Path write(Outcome outcome, Path dir) throws IOException {
        Files.createDirectories(dir);
        EfficiencyJson.write(outcome, dir.resolve(EfficiencyJson.FILE));
        EfficiencyCharts.scatter(outcome, dir.resolve(SCATTER_PNG));
        EfficiencyCharts.efficiencyVersusX(outcome, dir.resolve(EFFICIENCY_PNG));
        Path report = dir.resolve(REPORT);
        Files.writeString(report, PhysicsReport.markdown(outcome, SCATTER_PNG, EFFICIENCY_PNG));
        return report;
    }

    /** Prints the efficiency and acceptance tables. */
    public static void print(Outcome outcome, PrintStream out) {
        out.println("invisible-stream efficiency for A′ signal (truth: every event is an A′ event)");
        out.printf(Locale.ROOT, "  %10s  %-21s %7s %8s %9s  %s%n", "mass MeV", "x range", "<x>", "events",
                "accepted", "efficiency");
        for (AcceptanceStudy.SignalSample s : outcome.result().signals()) {
            out.printf(Locale.ROOT, "  %10s  %-21s %7.3f %8d %9d  %s%n", PhysicsReport.mass(s.massMeV()),
                    PhysicsReport.range(s.xMin(), s.xMax()), s.meanX(), s.efficiency().total(),
                    s.efficiency().passed(), PhysicsReport.percent(s.efficiency()));
        }
        out.println();
        out.println("background acceptance into invisible, per truth kind");
        out.printf(Locale.ROOT, "  %-10s %10s %8s %9s  %s%n", "kind", "beam share", "events", "accepted", "acceptance");
        PhysicsMix mix = PhysicsMix.defaults();
        for (Map.Entry<EventKind, BinomialEstimate> e : outcome.result().background().byKind().entrySet()) {
            BinomialEstimate b = e.getValue();
            out.printf(Locale.ROOT, "  %-10s %9.2f%% %8d %9d  %s%n", e.getKey().label(), 100 * share(mix, e.getKey()),
                    b.total(), b.passed(), PhysicsReport.percentOrLimit(b));
        }
        double[] w = outcome.result().background().weighted(mix);
        out.printf(Locale.ROOT, "  %-10s %10s %8s %9s  %.4f ± %.4f %%%n", "beam", "100.00%", "", "", 100 * w[0],
                100 * w[1]);
        out.println("  (intervals: central 68 % Clopper–Pearson; \"<\" is the one-sided 95 % upper limit)");
    }

    /** Share of {@code kind} in the default beam without signal. */
    static double share(PhysicsMix mix, EventKind kind) {
        return mix.withSignal(0).share(kind);
    }
}
