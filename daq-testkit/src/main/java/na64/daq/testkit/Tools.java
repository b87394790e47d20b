package na64.daq.testkit;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** External tools (promtool) for the tests: found on the PATH, run with a timeout. */
public final class Tools {
    /** Exit code and combined stdout+stderr of a finished command. */
    public record Result(int exitCode, String output) {
    }

    private Tools() {
    }

    /** Whether {@code tool} is an executable on the PATH. */
    public static boolean has(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The loud skip message when a tool is absent. */
    public static String missing(String tool, String what) {
        String msg = "\n*** SKIPPED: '" + tool + "' is not installed, so " + what + " was NOT checked."
                + " Install the Debian package 'prometheus' (.ci/install-prometheus.sh). ***\n";
        System.err.println(msg);
        return msg;
    }

    /** Runs {@code command} with {@code stdin} (may be null), waiting at most a minute. */
    public static Result run(byte[] stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        try {
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            return new Result(p.exitValue(), out.trim());
        } finally {
            p.destroyForcibly();
        }
    }
}
