package na64.daq.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import na64.daq.app.DaqMain;
import na64.daq.testkit.ChildJvm;

/**
 * {@code daq ARGS} in a JVM of its own, through {@code DaqMain.main} as {@code bin/daq} runs it (this
 * JVM's java, class path and Chronicle flags), so what the user would see on the console is what
 * the test sees: exit code, standard output, standard error.
 */
final class Cli {
    /** What one run printed. */
    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        String all() {
            return out + err;
        }
    }

    private Cli() {
    }

    static Run run(Path work, String... args) throws IOException, InterruptedException {
        List<String> cmd = ChildJvm.command("256m", DaqMain.class.getName(), args);
        Files.createDirectories(work);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("daq " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
