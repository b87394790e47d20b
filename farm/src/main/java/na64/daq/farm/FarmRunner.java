package na64.daq.farm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.farm.broker.LocalKafka;
import na64.daq.farm.merge.MergerService;

/**
 * {@code daq farm run}: a whole farm on this machine. Starts (without {@code --kafka}) a local
 * broker, creates the topics, starts N builder processes and one readout process (separate JVMs,
 * each a {@code daq builder} / {@code daq readout} command), waits until the builders' group owns
 * every partition and the readout listens, runs the spill merger in this process, and prints
 * {@code farm ready: ingest=HOST:PORT kafka=HOST:PORT} and one {@code builder K pid=PID store=PATH}
 * line per builder.
 *
 * <p>{@link #close()} stops upstream first: the readout (it drains into Kafka and sends SHUTDOWN to
 * every partition), then waits until the builders have committed everything (open spills closed by
 * shutdown, partials published), stops the builders, the merger (after it read every partial) and
 * the broker. A builder that dies is not restarted: its partitions move to the others.
 */
public final class FarmRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FarmRunner.class);
    private static final Pattern INGEST = Pattern.compile("daq readout: ingest on /?([^ ,]+):(\\d+)");

    /** What to start; {@code daqCommand} runs {@code daq} in a new JVM (java, flags, class path, main class). */
    public record Settings(Path dir, int builders, String kafka, int partitions, Path config, String bind, int port,
                           String farm, List<String> daqCommand, int builderHeapMb) {
    }

    private final Settings s;
    private final FarmTopics topics;
    private LocalKafka broker;
    private String bootstrap;
    private Process readout;
    private String ingest;
    private final List<Process> builders = new ArrayList<>();
    private MergerService merger;
    private Thread mergerThread;
    private volatile boolean closing;

    private FarmRunner(Settings s) {
        this.s = s;
        this.topics = new FarmTopics(s.farm());
    }

    /** Starts the farm and prints its ready lines to {@code out}. */
    public static FarmRunner start(Settings s, long spillTimeoutMs, PrintStream out) throws IOException, InterruptedException {
        FarmRunner f = new FarmRunner(s);
        try {
            f.startAll(spillTimeoutMs);
        } catch (IOException | RuntimeException | InterruptedException e) {
            f.close();
            throw e;
        }
        out.println("farm ready: ingest=" + f.ingest + " kafka=" + f.bootstrap);
        for (int k = 1; k <= f.builders.size(); k++) {
            out.println("builder " + k + " pid=" + f.builders.get(k - 1).pid() + " store="
                    + FarmLayout.builderStore(s.dir(), k).toAbsolutePath());
        }
        out.flush();
        return f;
    }

    private void startAll(long spillTimeoutMs) throws IOException, InterruptedException {
        Files.createDirectories(s.dir());
        if (s.kafka() == null) {
            broker = LocalKafka.start(FarmLayout.kafka(s.dir()), 256);
            bootstrap = broker.bootstrap();
        } else {
            bootstrap = s.kafka();
        }
        int partitions = topics.create(bootstrap, s.partitions());
        for (int k = 1; k <= s.builders(); k++) {
            Path d = FarmLayout.builderDir(s.dir(), k);
            Files.createDirectories(d);
            List<String> cmd = command("-Xmx" + s.builderHeapMb() + "m", "builder", "--kafka", bootstrap,
                    "--store", FarmLayout.builderStore(s.dir(), k).toString(), "--node", String.valueOf(k), "--farm", s.farm());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(d.resolve("builder.log").toFile())).start();
            builders.add(p);
            int number = k;
            p.onExit().thenAccept(x -> {
                if (!closing) {
                    LOG.warn("builder {} (pid {}) exited with {}; its partitions move to the other builders", number,
                            x.pid(), x.exitValue());
                }
            });
        }
        Files.createDirectories(FarmLayout.readoutLog(s.dir()).getParent());
        readout = new ProcessBuilder(command("-Xmx512m", "readout", "--kafka", bootstrap, "--bind", s.bind(),
                "--port", String.valueOf(s.port()), "--partitions", String.valueOf(partitions), "--farm", s.farm()))
                .redirectError(ProcessBuilder.Redirect.appendTo(FarmLayout.readoutLog(s.dir()).toFile())).start();
        ingest = awaitIngest(readout);
        new GroupWatch(bootstrap, topics).awaitOwned(s.builders(), partitions, 120);
        merger = new MergerService(bootstrap, topics, FarmLayout.mergedStore(s.dir()), spillTimeoutMs);
        mergerThread = new Thread(merger, "spill-merger");
        mergerThread.start();
    }

    private List<String> command(String heap, String... args) {
        List<String> cmd = new ArrayList<>(s.daqCommand());
        cmd.add(1, heap);
        cmd.addAll(List.of(args));
        if (s.config() != null) {
            cmd.addAll(List.of("--config", s.config().toAbsolutePath().toString()));
        }
        return cmd;
    }

    /** Reads the readout's standard output until its ingest line; the rest is copied to its log. */
    private String awaitIngest(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            Matcher m = INGEST.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> r.lines().forEach(l -> { }), "readout-stdout");
                drain.setDaemon(true);
                drain.start();
                return m.group(1) + ":" + m.group(2);
            }
        }
        throw new IOException("the readout exited before listening; see " + FarmLayout.readoutLog(s.dir()));
    }

    public String bootstrap() {
        return bootstrap;
    }

    public String ingest() {
        return ingest;
    }

    public List<Process> builders() {
        return List.copyOf(builders);
    }

    public Process readout() {
        return readout;
    }

    /** Spill summaries the merger has written so far. */
    public long mergedSpills() {
        return merger == null ? 0 : merger.merged.get();
    }

    public LocalKafka broker() {
        return broker;
    }

    /** Stops everything, upstream first, losing nothing read. Idempotent. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (closing) {
            return;
        }
        closing = true;
        stop(readout, 60);
        if (bootstrap != null && !builders.isEmpty() && builders.stream().anyMatch(Process::isAlive)) {
            if (!new GroupWatch(bootstrap, topics).awaitCommittedToEnd(60)) {
                LOG.warn("builders did not commit up to the end of the frames topic within 60 s; stopping them anyway");
            }
        }
        for (Process b : builders) {
            b.destroy();
        }
        for (Process b : builders) {
            stop(b, 30);
        }
        if (merger != null) {
            merger.close();
            mergerThread.join();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static void stop(Process p, int seconds) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                LOG.warn("process {} did not stop within {} s after SIGTERM: killing it", p.pid(), seconds);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
