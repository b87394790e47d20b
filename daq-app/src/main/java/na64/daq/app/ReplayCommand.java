package na64.daq.app;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import na64.daq.app.replay.Recording;
import na64.daq.app.replay.ReplayProgress;
import na64.daq.app.replay.Replayer;
import na64.daq.config.RunConfig;
import na64.daq.pipeline.SpillSummary;

/**
 * {@code daq replay}: sends recorded spill files to a service, one connection per source. Without
 * {@code --to} it starts an embedded service on an ephemeral loopback port, replays into it, waits
 * until every spill of the files is closed, and prints the spill summaries. The files are streamed,
 * never loaded: memory does not depend on their size. The files of a raw recording (one per spill,
 * each beginning with every source's HELLO) replay as one stream; a file cut by a killed recorder
 * replays up to its last whole record, with a note saying so.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, description = "Replay a recorded spill (.na64raw) into the service.")
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE.na64raw",
            description = "Recorded spill files (spec appendix B), replayed one after the other as one stream per source; "
                    + "a directory stands for its .na64raw files in name order (a raw recording, daq serve --record).")
    List<Path> files;

    @ArgGroup(exclusive = true)
    Pace pace = new Pace();

    static final class Pace {
        @Option(names = "--speed", paramLabel = "X", defaultValue = "1",
                description = "Pace by recorded times divided by X, > 0 (default ${DEFAULT-VALUE}: real time).")
        double speed = 1;

        @Option(names = "--max", description = "Send as fast as possible.")
        boolean max;
    }

    @Option(names = "--to", paramLabel = "HOST:PORT", description = "A running service; default: start an embedded one.")
    String to;

    @Mixin
    ConfigOption config;

    @Option(names = "--store", paramLabel = "DIR", description = "Store of the embedded service (default: a new temporary directory).")
    Path store;

    @Override
    public Integer call() throws Exception {
        Recording recording = Recording.load(RecordedFiles.expand(files));
        // A file cut in its last record (its writer was killed) plays up to its last whole record, said in one line.
        recording.cutRecords().forEach(c -> System.err.println("daq replay: note: " + c));
        double speed = pace.max ? 0 : pace.speed;
        if (!pace.max && !(speed > 0)) {
            throw new DaqMain.UserError("--speed must be > 0, got " + speed);
        }
        if (to != null) {
            Replayer.Result r = send(recording, parse(to), speed);
            System.out.println("replayed " + r.frames() + " frames of " + recording.sources().size() + " sources to " + to);
            r.failures().forEach(f -> System.out.println("  failed: " + f));
            return r.failures().isEmpty() ? 0 : 1;
        }
        RunConfig cfg = config.load().withMonitoringPort(0);
        Path dir = store != null ? store : Files.createTempDirectory("daq-replay-");
        List<SpillSummary> closed = new ArrayList<>();
        Set<Recording.SpillKey> pending = ConcurrentHashMap.newKeySet();
        pending.addAll(recording.spills());
        List<String> failures = new ArrayList<>();
        try (DaqService service = DaqService.start(cfg, dir, "127.0.0.1", 0)) {
            service.onSpillClosed(s -> {
                synchronized (closed) {
                    closed.add(s);
                }
                pending.remove(new Recording.SpillKey(s.run, s.spill));
            });
            Replayer.Result r = send(recording, service.ingestAddress(), speed);
            r.failures().forEach(f -> System.out.println("  failed: " + f));
            failures.addAll(r.failures());
            long deadline = System.nanoTime() + (cfg.builder().spillTimeoutMs() + 5_000) * 1_000_000L;
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        System.out.println("replayed " + recording.frameCount() + " frames of " + recording.sources().size()
                + " sources; store " + dir.toAbsolutePath() + " (daq dump --store " + dir + ")");
        synchronized (closed) {
            SpillTable.print(System.out, closed);
            for (SpillSummary s : closed) {
                System.out.println(JsonLines.spill(s));
            }
        }
        // Non-zero when a source could not deliver or a spill of the file never closed (issue 14).
        pending.forEach(k -> System.out.println("  not closed: run " + k.run() + " spill " + k.spill()));
        return failures.isEmpty() && pending.isEmpty() ? 0 : 1;
    }

    /** Streams the file to {@code address}, with a progress bar on stderr (see {@link ReplayProgress}). */
    private static Replayer.Result send(Recording recording, InetSocketAddress address, double speed)
            throws InterruptedException {
        try (ReplayProgress progress = ReplayProgress.start("replay " + recording.name(),
                recording.byteCount(), ReplayProgress.onTerminal(), System.err)) {
            return Replayer.replay(recording, address, speed, progress.counter());
        }
    }

    static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new DaqMain.UserError("--to must be HOST:PORT, got " + hostPort);
        }
        try {
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new DaqMain.UserError("--to must be HOST:PORT, got " + hostPort);
        }
    }
}
