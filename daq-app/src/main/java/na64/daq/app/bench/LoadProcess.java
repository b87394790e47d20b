package na64.daq.app.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code daq load} in a JVM of its own, started the way {@code bin/daq} started this one: the same
 * {@code java}, class path and JVM flags (less agents, debuggers and flight recordings, which
 * belong to this process), then a heap cap of {@link #HEAP}. Standard error is passed through;
 * standard output is read line by line. With {@code --start-on-stdin} the child waits after its
 * warm-up until {@link #go()}.
 */
final class LoadProcess implements AutoCloseable {
    /** The generator's heap: its pool of a few thousand events and the emulator that makes it fit easily. */
    static final String HEAP = "-Xmx512m";
    private static final String EOF = "\u0000eof";
    private static final List<String> NOT_FOR_THE_CHILD = List.of("-agentlib", "-agentpath", "-javaagent", "-Xrunjdwp",
            "-Xdebug", "-XX:StartFlightRecording", "-XX:FlightRecorderOptions", "-Xlog", "-Xloggc", "-XX:HeapDumpPath");

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private LoadProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child died; its exit code tells
            } finally {
                lines.add(EOF);
            }
        }, "load-process-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code daq load ARGS...}. */
    static LoadProcess start(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (NOT_FOR_THE_CHILD.stream().noneMatch(a::startsWith)) {
                cmd.add(a);
            }
        }
        cmd.add(HEAP);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(na64.daq.app.DaqMain.class.getName());
        cmd.add("load");
        cmd.addAll(args);
        return new LoadProcess(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** The reader thread, whose allocation is the harness's, not the service's. */
    Thread reader() {
        return reader;
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the warm-up line and returns the bytes the child had sent by then. */
    long awaitWarmedUp() throws IOException, InterruptedException {
        return Long.parseLong(fields(awaitLine(LoadCommand.WARMED_UP)).get("bytes"));
    }

    /** Lets the child start its measured segment. */
    void go() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
    }

    /** Waits for the child's last line and its exit; returns the line's {@code key=value} fields. */
    Map<String, String> awaitEnd() throws IOException, InterruptedException {
        Map<String, String> f = fields(awaitLine("load: mode="));
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("daq load did not exit cleanly");
        }
        return f;
    }

    private String awaitLine(String prefix) throws IOException, InterruptedException {
        while (true) {
            String line = lines.take();
            if (line == EOF) {
                lines.add(EOF);
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IOException("daq load ended (exit " + (process.isAlive() ? "?" : process.exitValue())
                        + ") before printing '" + prefix + "'");
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** The {@code key=value} pairs of a line. */
    static Map<String, String> fields(String line) {
        Map<String, String> m = new HashMap<>();
        for (String token : line.split(" ")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                m.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return m;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
