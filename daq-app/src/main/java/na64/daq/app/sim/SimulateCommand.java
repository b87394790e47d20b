package na64.daq.app.sim;

import na64.daq.app.ConfigOption;
import na64.daq.app.ConsoleProgress;
import na64.daq.app.DaqMain;
import na64.daq.config.RunConfig;
import na64.daq.emulator.EmulatorResult;
import na64.daq.emulator.Encoding;
import na64.daq.emulator.FaultRates;
import na64.daq.emulator.FrontEndEmulator;
import na64.daq.emulator.InjectedFaults;
import na64.daq.emulator.Pacing;
import na64.daq.emulator.SimulationFileWriter;
import na64.daq.emulator.SimulationSettings;
import na64.daq.emulator.SourceStats;
import na64.daq.emulator.GeneratedSpill;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code daq simulate}: the front-end emulator on its own. Streams the five emulated front-ends
 * to a running service ({@code --to HOST:PORT}) or writes what they would send as a recorded-spill
 * file ({@code --out FILE.na64raw}), with the truth in a side file. The same seed gives the same
 * bytes.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Emulate the five front-ends of the reference setup with NA64 physics.",
            "Streams to a running service (--to) or writes a recorded-spill file (--out) plus FILE.truth.jsonl."})
public final class SimulateCommand implements Callable<Integer> {
    /** Exactly one destination. */
    static final class Destination {
        @Option(names = "--to", paramLabel = "HOST:PORT", description = "Stream to the service's ingest port.")
        String to;

        @Option(names = "--out", paramLabel = "FILE", description = "Write a .na64raw file (truth next to it).")
        Path out;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Destination destination;

    @Option(names = "--spills", defaultValue = "1", description = "Spills, ≥ 1 (default ${DEFAULT-VALUE}).")
    int spills;

    @Option(names = "--events", defaultValue = "1000", description = "Triggers per spill, ≥ 1 (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--rate", paramLabel = "HZ", defaultValue = "10000",
            description = "Trigger rate within a spill (default ${DEFAULT-VALUE} Hz).")
    double rate;

    @Option(names = "--encoding", defaultValue = "waveform", completionCandidates = EfficiencyCommand.EncodingNames.class,
            description = "Digitizer encoding: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    String encoding;

    @Option(names = "--zs", description = "Front-end zero suppression.")
    boolean zeroSuppression;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--run", defaultValue = "1", description = "Run number (default ${DEFAULT-VALUE}).")
    long run;

    @Option(names = "--signal-fraction", paramLabel = "F", defaultValue = "0.01",
            description = "A′ share of PHYSICS triggers (default ${DEFAULT-VALUE}).")
    double signalFraction;

    @Option(names = "--aprime-mass", paramLabel = "MEV", defaultValue = "16.7",
            description = "A′ mass in MeV, at least m_e = 0.511 (default ${DEFAULT-VALUE}).")
    double aprimeMass;

    @Option(names = "--fault", paramLabel = "NAME=RATE",
            description = "Inject faults: missing, crc, duplicate, reconnect (per trigger), noend (per spill). Repeatable (default: none).")
    List<String> faults = new ArrayList<>();

    @Option(names = "--spill-gap", paramLabel = "MS", defaultValue = "1000",
            description = "Pause between spills, ms (default ${DEFAULT-VALUE}).")
    long spillGapMs;

    @Option(names = "--start-time", paramLabel = "NS",
            description = "BEGIN_OF_SPILL wall clock of spill 1, ns since the epoch (default: 2026-01-01T00:00Z for"
                    + " --out, now for --to).")
    Long startTimeNs;

    @Option(names = "--fast", description = "With --to: send as fast as the service takes it instead of in real time.")
    boolean fast;

    @Option(names = "--truth", paramLabel = "FILE", description = "With --to: also write the truth here.")
    Path truth;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        RunConfig cfg = config.load();
        SimulationSettings settings = settings();
        PrintStream out = System.out;
        if (destination.out != null) {
            SimulationFileWriter.Result r = new SimulationFileWriter(settings, cfg).write(destination.out);
            out.printf(Locale.ROOT, "wrote %s: %d records, %.1f MB; truth in %s%n", r.rawFile(), r.records(),
                    r.bytes() / 1e6, r.truthFile());
            printSpills(out, r.spills(), r.faults());
            return 0;
        }
        String[] hostPort = parseHostPort(destination.to);
        out.printf(Locale.ROOT, "streaming %d spill(s) of %d triggers to %s (%s)%n", spills, events, destination.to,
                fast ? "as fast as possible" : "real time at " + rate + " Hz");
        EmulatorResult r;
        try (ConsoleProgress bar = ConsoleProgress.start("streaming", "triggers", (long) spills * events, out)) {
            FrontEndEmulator emulator = new FrontEndEmulator(settings, cfg, hostPort[0], Integer.parseInt(hostPort[1]))
                    .progress(bar.triggersOf(events));
            if (truth != null) {
                emulator.truthFile(truth);
            }
            r = emulator.run();
        }
        printSpills(out, r.spills(), total(r.spills()));
        out.println("  source   frames        bytes  heartbeats  connections  status");
        for (SourceStats s : r.sources()) {
            out.printf(Locale.ROOT, "  %6d %8d %12d %11d %12d  %s%n", s.sourceId(), s.frames(), s.bytes(),
                    s.heartbeats(), s.connections(), s.ok() ? "ok" : s.error());
        }
        out.printf(Locale.ROOT, "done in %.1f s%s%n", r.elapsedNanos() / 1e9,
                truth != null ? "; truth in " + truth : "");
        return r.ok() ? 0 : 1;
    }

    /** The settings the options describe; bad values become one-line user errors. */
    SimulationSettings settings() {
        try {
            boolean toFile = destination.out != null;
            long start = startTimeNs != null ? startTimeNs
                    : toFile ? SimulationSettings.DEFAULT_START_TIME_NS : System.currentTimeMillis() * 1_000_000L;
            return SimulationSettings.defaults().withSeed(seed).withRun(run).withSpills(spills).withEventsPerSpill(events)
                    .withRateHz(rate).withEncoding(Encoding.parse(encoding)).withZeroSuppression(zeroSuppression)
                    .withSignalFraction(signalFraction).withAprimeMassMeV(aprimeMass).withFaults(FaultRates.parse(faults))
                    .withPacing(fast ? Pacing.MAX_SPEED : Pacing.REALTIME).withStartTimeNs(start)
                    .withSpillGapNs(spillGapMs * 1_000_000L);
        } catch (IllegalArgumentException e) {
            throw new DaqMain.UserError(e.getMessage());
        }
    }

    static String[] parseHostPort(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new DaqMain.UserError("--to needs HOST:PORT, got '" + s + "'");
        }
        String port = s.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new DaqMain.UserError("--to: '" + port + "' is not a port number");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[] {host, port};
    }

    private static InjectedFaults total(List<GeneratedSpill> spills) {
        InjectedFaults all = new InjectedFaults();
        spills.forEach(s -> all.addAll(s.faults()));
        return all;
    }

    private static void printSpills(PrintStream out, List<GeneratedSpill> spills, InjectedFaults faults) {
        for (GeneratedSpill s : spills) {
            out.printf(Locale.ROOT, "  spill %d: %d triggers, EOT %d, %s%n", s.spill(), s.triggers(), s.eot(),
                    kinds(s));
        }
        if (faults.total() > 0) {
            out.println("  injected faults: " + faults);
        }
    }

    private static String kinds(GeneratedSpill s) {
        StringBuilder b = new StringBuilder();
        s.kinds().forEach((k, n) -> b.append(b.length() == 0 ? "" : ", ").append(k.label()).append(' ').append(n));
        return b.toString();
    }

}
