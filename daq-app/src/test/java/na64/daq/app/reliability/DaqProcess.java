package na64.daq.app.reliability;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;

import na64.daq.app.DaqMain;
import na64.daq.testkit.ChildJvm;

/**
 * {@code daq} in a JVM of its own, as {@code bin/daq} runs it: this JVM's {@code java}, its class
 * path, and the Chronicle flags it was started with (surefire's argLine, the parent pom's
 * {@code chronicle.jvm.flags}, the same list as {@code bin/daq}). Standard output is collected line
 * by line; standard error goes to a file next to the store for post-mortems.
 */
final class DaqProcess implements AutoCloseable {
    private static final Pattern INGEST = Pattern.compile("daq serve: ingest on /?([0-9.]+):(\\d+)");

    final Process process;
    final List<String> out = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private DaqProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            } catch (IOException e) {
                // the process died (SIGKILL): what was read is kept
            }
        }, "daq-process-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code daq ARGS...}; standard error goes to {@code errFile}. */
    static DaqProcess start(Path errFile, String... args) throws IOException {
        List<String> cmd = ChildJvm.command("512m", DaqMain.class.getName(), args);
        Files.createDirectories(errFile.getParent());
        return new DaqProcess(new ProcessBuilder(cmd).redirectError(errFile.toFile()).start());
    }


    /** Waits for serve's "daq serve: ingest on /HOST:PORT" line and returns that address. */
    InetSocketAddress awaitIngest() {
        try {
            return await("daq serve prints its ingest address").atMost(60, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS)
                    .until(this::ingestAddressOrExit, java.util.Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("daq serve did not print its ingest address within 60 s: " + out, e);
        }
    }

    private InetSocketAddress ingestAddressOrExit() {
        for (String line : out) {
            Matcher m = INGEST.matcher(line);
            if (m.find()) {
                return new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        if (!process.isAlive()) {
            throw new AssertionError("daq serve exited with " + process.exitValue() + " before listening: " + out);
        }
        return null;
    }

    /** Waits for the process to end (at most 60 s) and its output to be read; returns the exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("daq did not exit within 60 s: " + out);
        }
        reader.join(10_000);
        return process.exitValue();
    }

    /** Runs {@code daq ARGS...} to completion; returns its standard output lines (fails on a non-zero exit). */
    static List<String> run(Path errFile, String... args) throws IOException, InterruptedException {
        try (DaqProcess p = start(errFile, args)) {
            int code = p.awaitExit();
            if (code != 0) {
                throw new AssertionError("daq " + String.join(" ", args) + " exited with " + code + "; stderr in " + errFile);
            }
            return List.copyOf(p.out);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
