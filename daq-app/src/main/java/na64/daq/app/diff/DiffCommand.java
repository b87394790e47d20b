package na64.daq.app.diff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import na64.daq.app.ConfigOption;
import na64.daq.app.DaqMain;
import na64.daq.app.replay.Recording;
import na64.daq.config.ConfigException;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;

/**
 * {@code daq diff}: what a new cut would change, before a run uses it (issue 12). The recorded spill
 * is replayed as fast as possible through the real service twice, once under A ({@code --config},
 * default the embedded configuration) and once under B ({@code --against}), each into a temporary
 * store deleted afterwards; the two stores are then compared event by event. Only the decisions may
 * differ between the sides, not the front-ends: A and B must name the same sources and ingest port.
 * Exit 0 when both replays delivered every source and closed every spill of the file (whatever
 * changed), 1 otherwise (the problems on stderr), 2 on wrong usage or an invalid configuration.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Replay a recorded spill under two configurations and list the events whose streams change.")
public final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.na64raw", description = "Recorded spill file (spec appendix B).")
    Path file;

    @Mixin
    ConfigOption config;

    @Option(names = "--against", paramLabel = "B.yaml", required = true,
            description = "Configuration B (YAML over the embedded default) compared with A (--config, default the embedded one).")
    Path against;

    @Option(names = "--json", description = "One JSON line per changed event, then a diff-summary line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new DaqMain.UserError(file + ": no such file");
        }
        RunConfig a = load(config.file());
        RunConfig b = load(against);
        requireSameFrontEnds(a, b);
        Recording recording = Recording.load(file);
        Path work = Files.createTempDirectory("daq-diff-");
        DecisionRun.Result ra;
        DecisionRun.Result rb;
        try {
            ra = DecisionRun.run(recording, a, work.resolve("a"), "A");
            rb = DecisionRun.run(recording, b, work.resolve("b"), "B");
        } finally {
            deleteRecursively(work);
        }
        DecisionDiff diff = DecisionDiff.of(ra, rb);
        if (json) {
            DiffReport.json(System.out, diff);
        } else {
            DiffReport.text(System.out, diff, describe(config.file(), a), describe(against, b));
        }
        System.out.flush();
        List<String> problems = new ArrayList<>(ra.problems());
        problems.addAll(rb.problems());
        problems.forEach(p -> System.err.println("daq diff: " + p));
        return problems.isEmpty() ? 0 : 1;
    }

    /** The embedded default, or {@code file} over it; each problem line names the file it is in. */
    private static RunConfig load(Path file) {
        if (file == null) {
            return ConfigLoader.loadDefault();
        }
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException e) {
            String name = file.toString();
            throw new ConfigException(e.problems().stream().map(p -> p.startsWith(name) ? p : name + ": " + p).toList());
        }
    }

    private static String describe(Path file, RunConfig c) {
        return (file == null ? "the embedded default" : file + " over the embedded default") + " (hash " + c.hash() + ")";
    }

    /** Both sides must take the recording's connections alike: a refused source would look like a changed decision. */
    private void requireSameFrontEnds(RunConfig a, RunConfig b) {
        if (!a.sources().equals(b.sources())) {
            throw new DaqMain.UserError(against + ": its sources differ from A's; A and B may differ in selection, "
                    + "reconstruction and service settings, not in the front-ends");
        }
        if (a.ingest().port() != b.ingest().port()) {
            throw new DaqMain.UserError(against + ": its ingest.port " + b.ingest().port() + " differs from A's "
                    + a.ingest().port() + "; A and B must describe the same front-ends");
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
