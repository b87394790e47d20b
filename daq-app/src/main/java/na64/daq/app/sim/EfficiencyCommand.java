package na64.daq.app.sim;

import na64.daq.app.ConfigOption;
import na64.daq.app.DaqMain;
import na64.daq.config.RunConfig;
import na64.daq.emulator.Encoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code daq efficiency}: what the {@code invisible} selection keeps of A′ signal per mass and of
 * each background kind, measured with the emulator and the service's own trigger code; writes
 * {@code physics.md} and two plots.
 */
@Command(name = "efficiency", mixinStandardHelpOptions = true,
        description = {"Simulate A′ signal per mass and background per kind, run them through the service's",
            "reconstruction and selection, and report the invisible efficiency and background acceptance",
            "(console table, OUT-DIR/physics.md and two PNG plots)."})
public final class EfficiencyCommand implements Callable<Integer> {
    @Option(names = "--masses", split = ",", paramLabel = "MEV", defaultValue = "1,16.7,100,500",
            description = "A′ masses in MeV (default ${DEFAULT-VALUE}).")
    List<Double> masses;

    @Option(names = "--events", defaultValue = "20000", description = "A′ events per mass (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--background", paramLabel = "N",
            description = "Events per background kind (default: as many as --events).")
    Integer background;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--encoding", defaultValue = "waveform", description = "waveform or peak (default ${DEFAULT-VALUE}).")
    String encoding;

    @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = "docs",
            description = "Where physics.md and the plots go (default ${DEFAULT-VALUE}).")
    Path outDir;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        RunConfig cfg = config.load();
        if (events < 1 || (background != null && background < 1) || masses.isEmpty()) {
            throw new DaqMain.UserError("need at least one mass and one event per sample");
        }
        EfficiencyStudy.Request request;
        EfficiencyStudy.Outcome outcome;
        try {
            request = new EfficiencyStudy.Request(List.copyOf(masses), events, background != null ? background : events,
                    seed, Encoding.parse(encoding));
            long t0 = System.nanoTime();
            outcome = EfficiencyStudy.run(cfg, request);
            System.out.printf(Locale.ROOT, "simulated and judged %d events in %.1f s%n%n",
                    (long) masses.size() * events + 5L * request.backgroundEvents(), (System.nanoTime() - t0) / 1e9);
        } catch (IllegalArgumentException e) {
            throw new DaqMain.UserError(e.getMessage());
        }
        EfficiencyStudy.print(outcome, System.out);
        Path report = EfficiencyStudy.write(outcome, outDir);
        System.out.println();
        System.out.println("wrote " + report + ", " + outDir.resolve(EfficiencyStudy.SCATTER_PNG) + ", "
                + outDir.resolve(EfficiencyStudy.EFFICIENCY_PNG));
        return 0;
    }
}
