package na64.daq.app.sim;

import na64.daq.app.ConfigOption;
import na64.daq.app.ConsoleProgress;
import na64.daq.app.DaqMain;
import na64.daq.config.RunConfig;
import na64.daq.emulator.Encoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code daq efficiency}: what the {@code invisible} selection keeps of A′ signal per mass and of
 * each background kind, measured with the emulator and the service's own trigger code; writes
 * {@code efficiency.json}, {@code physics.md} and two plots into {@code --out DIR}, by default a new
 * temporary directory (never the tracked {@code docs/}: regenerating it is an explicit {@code --out docs}).
 */
@Command(name = "efficiency", mixinStandardHelpOptions = true,
        description = {"Simulate A′ signal per mass and background per kind, run them through the service's",
            "reconstruction and selection, and report the invisible efficiency and background acceptance",
            "(console table; DIR/efficiency.json, DIR/physics.md and two PNG plots)."})
public final class EfficiencyCommand implements Callable<Integer> {
    @Option(names = "--masses", split = ",", paramLabel = "MEV", defaultValue = "1,16.7,100,500",
            description = "A′ masses in MeV, each in [0.511, E0 − 0.511) (default ${DEFAULT-VALUE}).")
    List<Double> masses;

    @Option(names = "--events", defaultValue = "20000", description = "A′ events per mass, ≥ 1 (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--background", paramLabel = "N",
            description = "Events per background kind, ≥ 1 (default: as many as --events).")
    Integer background;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--encoding", defaultValue = "waveform",
            description = "Digitizer encoding: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).",
            completionCandidates = EncodingNames.class)
    String encoding;

    @Option(names = {"--out", "--out-dir"}, paramLabel = "DIR",
            description = "Where efficiency.json, physics.md and the plots go (default: a new temporary directory).")
    Path outDir;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        RunConfig cfg = config.load();
        if (events < 1 || (background != null && background < 1) || masses.isEmpty()) {
            throw new DaqMain.UserError("need at least one mass and --events/--background ≥ 1");
        }
        EfficiencyStudy.Request request;
        try {
            request = new EfficiencyStudy.Request(List.copyOf(masses), events, background != null ? background : events,
                    seed, Encoding.parse(encoding));
            for (double m : masses) {
                new na64.daq.emulator.WeizsackerWilliams(m, cfg.beam().energyMeV()); // refuses a mass without a kinematic range
            }
        } catch (IllegalArgumentException e) {
            throw new DaqMain.UserError(e.getMessage());
        }
        if (outDir != null && Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new DaqMain.UserError("--out " + outDir + ": exists and is not a directory");
        }
        Path dir = outDir != null ? outDir : Files.createTempDirectory("daq-efficiency-");
        long total = (long) masses.size() * events + 5L * request.backgroundEvents();
        long t0 = System.nanoTime();
        EfficiencyStudy.Outcome outcome;
        try (ConsoleProgress bar = ConsoleProgress.start("efficiency", "events", total, System.out)) {
            outcome = EfficiencyStudy.run(cfg, request, bar::stepTo);
        }
        System.out.printf(Locale.ROOT, "simulated and judged %d events in %.1f s%n%n", total, (System.nanoTime() - t0) / 1e9);
        EfficiencyStudy.print(outcome, System.out);
        Path report = EfficiencyStudy.write(outcome, dir);
        System.out.println();
        System.out.println("wrote " + dir.resolve(EfficiencyJson.FILE) + ", " + report + ", "
                + dir.resolve(EfficiencyStudy.SCATTER_PNG) + ", " + dir.resolve(EfficiencyStudy.EFFICIENCY_PNG));
        return 0;
    }

    /** The {@code --encoding} choices, for help and completion. */
    static final class EncodingNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("waveform", "peak").iterator();
        }
    }
}
